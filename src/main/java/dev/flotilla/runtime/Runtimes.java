package dev.flotilla.runtime;

import dev.flotilla.model.UserError;
import java.nio.file.Path;
import java.util.Locale;

/** Opens a runtime by name; the Docker classes load only when the docker runtime is chosen. */
public final class Runtimes {
  private Runtimes() {}

  public static Runtime open(String kind, Path projectDir) {
    return switch (kind == null ? "docker" : kind.toLowerCase(Locale.ROOT)) {
      case "docker" -> DockerRuntime.connect();
      case "process" -> new ProcessRuntime(projectDir);
      default -> throw UserError.input("--runtime " + kind + ": use docker or process");
    };
  }
}
