package dev.flotilla.cli;

import dev.flotilla.load.LoadOptions;
import dev.flotilla.model.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Compose-style project selection, shared by every command that reads a project. */
public class ProjectOptions {
  @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Compose file (repeatable; later files override earlier ones).")
  List<Path> files = new ArrayList<>();

  @Option(names = "--project-directory", paramLabel = "DIR", description = "Project directory (default: the first compose file's directory).")
  Path projectDirectory;

  @Option(names = {"-p", "--project-name"}, paramLabel = "NAME", description = "Project name (default: COMPOSE_PROJECT_NAME, `name:`, or the directory name).")
  String projectName;

  @Option(names = "--env-file", paramLabel = "FILE", description = "Environment file(s) used instead of the project's .env (repeatable).")
  List<Path> envFiles = new ArrayList<>();

  @Option(names = "--profile", paramLabel = "PROFILE", description = "Enable a profile (repeatable; also COMPOSE_PROFILES).")
  List<String> profiles = new ArrayList<>();

  @Parameters(
      arity = "0..*",
      paramLabel = "PATH|SERVICE",
      description = "A project directory or compose file (default: the current directory), then service names for commands that take them.")
  List<String> positionals = new ArrayList<>();

  /**
   * The first positional is the project PATH when it names an existing file or directory (or
   * contains a path separator); every other positional is a service name.
   */
  private Path path() {
    if (positionals.isEmpty()) return null;
    String first = positionals.get(0);
    if (Files.exists(Path.of(first)) || first.contains("/") || first.equals(".")) return Path.of(first);
    return null;
  }

  /** Service names given after PATH (or instead of it). */
  public List<String> services() {
    return path() == null ? List.copyOf(positionals) : List.copyOf(positionals.subList(1, positionals.size()));
  }

  /** For commands that take no service names: a stray word is a usage error, not a silent no-op. */
  public void requireNoServices() {
    List<String> s = services();
    if (!s.isEmpty()) {
      throw UserError.input(s.get(0) + ": no such file or directory (give a project directory or a compose file; this command takes no service names)");
    }
  }

  /** The load options, for commands that take no service names (a stray word is an error). */
  public LoadOptions toLoadOptions() {
    requireNoServices();
    return toLoadOptionsWithServices();
  }

  /** The load options; service names are read separately with {@link #services()}. */
  public LoadOptions toLoadOptionsWithServices() {
    List<Path> f = new ArrayList<>(files);
    Path dir = projectDirectory;
    Path path = path();
    if (path != null) {
      if (Files.isDirectory(path)) {
        if (dir == null) dir = path;
      } else if (Files.isRegularFile(path)) {
        f.add(0, path);
      } else {
        throw UserError.input(path + ": no such file or directory (give a project directory or a compose file)");
      }
    }
    List<String> p = new ArrayList<>(profiles);
    String envProfiles = System.getenv("COMPOSE_PROFILES");
    if (p.isEmpty() && envProfiles != null && !envProfiles.isBlank()) {
      for (String s : envProfiles.split(",")) if (!s.isBlank()) p.add(s.trim());
    }
    return new LoadOptions(List.copyOf(f), dir, projectName, List.copyOf(envFiles), List.copyOf(p), System.getenv());
  }
}
