package dev.flotilla.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A service's {@code x-flotilla} block: its health probe, and for the process runtime the command
 * to run, working directory and extra environment. {@code raw} keeps every key for rules and
 * features that read more.
 */
public record ServiceSettings(HealthProbe health, Process process, Map<String, Object> raw) {

  public static final ServiceSettings NONE = new ServiceSettings(null, null, Map.of());

  public record Process(List<String> command, Path workingDir, Map<String, String> environment, SourceLocation location) {}
}
