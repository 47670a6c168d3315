package dev.flotilla.cli;

import dev.flotilla.model.Stack;
import dev.flotilla.model.UserError;
import dev.flotilla.track.CheckRun;
import dev.flotilla.track.Store;
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
    if (noRecord) return;
    try {
      String url = Store.resolveUrl(db, stack.projectDir(), System.getenv());
      try (Store store = Store.open(url)) {
        store.recordCheckRun(run.get());
      }
    } catch (RuntimeException | LinkageError e) {
      String why = e instanceof UserError ? e.getMessage() : e.toString();
      console.warn("could not record " + what + " in the store (" + why + "); the result above stands (use --no-record to skip)");
    }
  }
}
