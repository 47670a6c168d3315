package dev.flotilla.cli;

import dev.flotilla.load.LoadOptions;
import dev.flotilla.deploy.ProjectLock;
import dev.flotilla.load.Loader;
import dev.flotilla.load.StackConsistency;
import dev.flotilla.model.Stack;
import dev.flotilla.model.Tasks;
import dev.flotilla.runtime.Runtime;
import dev.flotilla.runtime.Runtimes;
import dev.flotilla.track.Store;
import picocli.CommandLine.Option;

/** {@code --runtime} and {@code --db} for the commands that operate a running platform. */
public class RuntimeOption {
  @Option(names = "--runtime", paramLabel = "RUNTIME", description = "docker (default) or process (x-flotilla.process.command as local processes).")
  String runtime = "docker";

  @Option(names = "--db", paramLabel = "JDBC_URL",
      description = "Store: jdbc:postgresql://… or jdbc:h2:file:PATH (default: FLOTILLA_DB, else PROJECT/.flotilla/flotilla).")
  String db;

  /**
   * Loads the project and refuses what Docker Compose refuses before it touches anything (a
   * missing required env_file, a dependency on an undefined service, …): these commands operate
   * the platform, so unlike {@code check} they do not go on with an inconsistent project.
   */
  Stack load(LoadOptions options) {
    Stack stack = Loader.load(options);
    StackConsistency.require(stack);
    return stack;
  }

  /**
   * What a command that changes the platform holds while it works: the project lock (named for
   * {@code holder}), the runtime, already answering, and the store. Closed in reverse order.
   */
  record Session(ProjectLock lock, Runtime runtime, Store store) implements AutoCloseable {
    @Override
    public void close() {
      try (ProjectLock l = lock; Runtime r = runtime; Store s = store) {
        // closes store, runtime, then lock, even when one of them throws
      }
    }
  }

  Session session(Stack stack, String holder) {
    ProjectLock lock = ProjectLock.acquire(stack.projectDir(), stack.name(), holder);
    Runtime rt = null;
    Store st = null;
    try {
      rt = open(stack);
      st = store(stack);
      rt.ping();
      return new Session(lock, rt, st);
    } catch (RuntimeException e) {
      try {
        new Session(lock, rt, st).close(); // null parts are skipped
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /**
   * What opens the runtime before the project is loaded, when it does not depend on the project
   * (docker: connect and ping the engine, then warm the client up on a thread of its own); null
   * otherwise.
   */
  java.util.function.Supplier<Runtime> connectEarly() {
    if (!"docker".equals(Runtimes.kind(runtime))) return null;
    return () -> {
      Runtime r = Runtimes.open(runtime, null);
      try {
        r.ping();
        Tasks.run("flotilla-warm-up", r::warmUp);
        return r;
      } catch (RuntimeException e) {
        r.close();
        throw e;
      }
    };
  }

  /** Opens the runtime; the Docker classes load only here. */
  Runtime open(Stack stack) {
    return Runtimes.open(runtime, stack.projectDir());
  }

  Store store(Stack stack) {
    return Store.open(Store.resolveUrl(db, stack.projectDir(), System.getenv()));
  }
}
