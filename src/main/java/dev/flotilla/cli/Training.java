package dev.flotilla.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;

/**
 * The launcher's training run for its class-data archive (AppCDS on Java 17–24, AOT cache on 25+):
 * one JVM runs the commands a user runs most, so the archive holds the classes of all of them and
 * not only a check's. Started with {@code -Dflotilla.training=DIR}; never a user-facing command.
 * Every step is read-only on the project; {@code status} only asks the engine (when one answers)
 * which containers exist, which loads the Docker client that {@code up} and {@code down} use.
 */
final class Training {
  private Training() {}

  static int run(Path scratch, Path examples) {
    PrintWriter sink = new PrintWriter(Writer.nullWriter());
    String broken = examples.resolve("broken-platform").toString();
    String healthy = examples.resolve("healthy-platform").toString();
    String db = "jdbc:h2:file:" + scratch.resolve("store");
    String[][] steps = {
      {"check", broken, "--format", "sarif", "-o", scratch.resolve("out.sarif").toString(), "-q", "--db", db},
      {"check", healthy, "--format", "json", "-q", "--no-record"},
      {"config", healthy, "-q"},
      {"plan", healthy, "--format", "json"},
      {"status", healthy, "--format", "json"},
    };
    for (String[] step : steps) {
      try {
        Main.run(step, sink, sink);
      } catch (RuntimeException | LinkageError e) {
        // a step that cannot run here (no engine) still loaded what it reached; go on
      }
    }
    return 0;
  }
}
