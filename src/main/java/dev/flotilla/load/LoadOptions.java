package dev.flotilla.load;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to load, the way {@code docker compose} selects a project: explicit files ({@code -f}, in
 * order) or discovery in {@code projectDirectory}; {@code envFiles} replace the project's
 * {@code .env}; {@code environment} is the shell environment (wins over env files);
 * {@code profiles} are enabled ({@code "*"} enables all).
 */
public record LoadOptions(
    List<Path> files,
    Path projectDirectory,
    String projectName,
    List<Path> envFiles,
    List<String> profiles,
    Map<String, String> environment) {

  public static LoadOptions ofDirectory(Path dir) {
    return new LoadOptions(List.of(), dir, null, List.of(), List.of(), System.getenv());
  }

  public LoadOptions withProfiles(List<String> p) {
    return new LoadOptions(files, projectDirectory, projectName, envFiles, p, environment);
  }

  public LoadOptions withEnvironment(Map<String, String> env) {
    return new LoadOptions(files, projectDirectory, projectName, envFiles, profiles, env);
  }
}
