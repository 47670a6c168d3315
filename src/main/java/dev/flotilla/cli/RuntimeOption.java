package dev.flotilla.cli;

import dev.flotilla.load.LoadOptions;
import dev.flotilla.load.Loader;
import dev.flotilla.model.Stack;
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

  Stack load(LoadOptions options) {
    return Loader.load(options);
  }

  /** Opens the runtime; the Docker classes load only here. */
  Runtime open(Stack stack) {
    return Runtimes.open(runtime, stack.projectDir());
  }

  Store store(Stack stack) {
    return Store.open(Store.resolveUrl(db, stack.projectDir(), System.getenv()));
  }
}
