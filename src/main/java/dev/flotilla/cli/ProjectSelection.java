package dev.flotilla.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Project selection for commands whose positional argument is an id ({@code errors show ID}):
 * the {@link ProjectOptions} flags without its positional PATH.
 */
public class ProjectSelection {
  @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Compose file (repeatable).")
  List<Path> files = new ArrayList<>();

  @Option(names = "--project-directory", paramLabel = "DIR", description = "Project directory (default: the current directory).")
  Path projectDirectory;

  @Option(names = {"-p", "--project-name"}, paramLabel = "NAME", description = "Project name (default: COMPOSE_PROJECT_NAME, `name:`, or the directory name).")
  String projectName;

  /** The same selection as {@link ProjectOptions}. */
  public ProjectOptions options() {
    ProjectOptions p = new ProjectOptions();
    p.files = new ArrayList<>(files);
    p.projectDirectory = projectDirectory;
    p.projectName = projectName;
    return p;
  }
}
