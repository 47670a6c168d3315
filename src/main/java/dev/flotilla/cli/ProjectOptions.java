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

  @Parameters(index = "0", arity = "0..1", paramLabel = "PATH", description = "Project directory or compose file (default: current directory).")
  Path path;

  /** The load options these flags describe; a positional PATH is a directory or a compose file. */
  public LoadOptions toLoadOptions() {
    List<Path> f = new ArrayList<>(files);
    Path dir = projectDirectory;
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
