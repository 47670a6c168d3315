package dev.flotilla.cli;

import dev.flotilla.model.Stack;
import dev.flotilla.model.Tasks;
import dev.flotilla.model.UserError;
import dev.flotilla.track.CheckRun;
import dev.flotilla.track.Store;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** {@code --db} and {@code --no-record} for the commands that record their run in the store (check, score). */
public class RecordOptions {
  @Option(names = "--no-record", description = "Do not record this run in the store (default: record in --db, FLOTILLA_DB or PROJECT/.flotilla).")
  boolean noRecord;

  @Option(names = "--db", paramLabel = "JDBC_URL", description = "Store to record the run in (default: FLOTILLA_DB, else PROJECT/.flotilla/flotilla).")
  String db;

  /**
   * Records the run unless {@code --no-record}; a store problem is a warning naming {@code what},
   * never a different exit code.
   */
  void record(Console console, Stack stack, String what, Supplier<CheckRun> run) {
    try (Recorder recorder = start(stack)) {
      recorder.record(console, what, run);
    }
  }

  /**
   * Starts opening the store of the loaded project on a background thread, so that opening it
   * (the embedded database, its server for other processes, the schema check: half a second) runs
   * beside the rules instead of after them. Nothing is opened with {@code --no-record}.
   */
  Recorder start(Stack stack) {
    return new Recorder(noRecord ? null : Store.resolveUrl(db, stack.projectDir(), System.getenv()));
  }

  /**
   * One recording on a background thread: it opens the store while the command works, writes the
   * run once {@link #submit} hands it over (while the command prints its report), then closes the
   * store. {@link #finish} waits for it and turns a store problem into a warning.
   */
  static final class Recorder implements AutoCloseable {
    private final CompletableFuture<CheckRun> run = new CompletableFuture<>();
    private final CompletableFuture<Void> writing;
    private boolean finished;

    private Recorder(String url) {
      if (url == null) {
        writing = null;
        return;
      }
      writing = Tasks.run("flotilla-store", () -> {
        try (Store store = Store.open(url)) {
          CheckRun r = run.join(); // completed with the run, or with null when there is none
          if (r != null) store.recordCheckRun(r);
        }
      });
    }

    /** Hands the run to the background thread; building it (the supplier) happens here, on the caller's. */
    void submit(Supplier<CheckRun> supplier) {
      if (writing == null || run.isDone()) return;
      CheckRun r;
      try {
        r = supplier.get();
      } catch (RuntimeException | Error e) {
        run.complete(null);
        throw e;
      }
      run.complete(r);
    }

    /** Waits for the write; a store problem becomes a warning naming {@code what}. */
    void finish(Console console, String what) {
      Throwable e = waitForWrite();
      if (e == null) return;
      String why = e instanceof UserError ? e.getMessage() : e.toString();
      console.warn("could not record " + what + " in the store (" + why + "); the result above stands (use --no-record to skip)");
    }

    /** Submits and finishes in one go. */
    void record(Console console, String what, Supplier<CheckRun> supplier) {
      submit(supplier);
      finish(console, what);
    }

    /** Waits for a store opened but never written to (the command stopped early) to close. */
    @Override
    public void close() {
      waitForWrite(); // nothing was to be recorded: a store that failed to open is no one's concern now
    }

    /** Closes the hand-over (nothing submitted: just close the store) and waits; what went wrong, once, or null. */
    private Throwable waitForWrite() {
      if (writing == null || finished) return null;
      finished = true;
      run.complete(null);
      try {
        Tasks.await(writing);
        return null;
      } catch (RuntimeException | LinkageError e) {
        return e;
      }
    }
  }
}
