package dev.flotilla.runtime;

import dev.flotilla.model.UserError;
import java.nio.file.Path;
import java.util.Locale;

/** Opens a runtime by name; the Docker classes load only when the docker runtime is chosen. */
public final class Runtimes {
  private Runtimes() {}

  /** The runtime a {@code --runtime} value names, as {@link Runtime#name()} spells it (docker when none is given). */
  public static String kind(String option) {
    return option == null ? "docker" : option.toLowerCase(Locale.ROOT);
  }

  public static Runtime open(String kind, Path projectDir) {
    return switch (kind(kind)) {
      case "docker" -> DockerRuntime.connect();
      case "process" -> new ProcessRuntime(projectDir);
      default -> throw UserError.input("--runtime " + kind + ": use docker or process");
    };
  }
}
