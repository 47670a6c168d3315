package dev.flotilla.model;

import java.util.List;
import java.util.Map;

/**
 * The project's {@code x-flotilla} block (merged with {@code flotilla.yml}): explicit phases, the
 * port policy, and every other key in {@code raw} (watch thresholds, ignore lists, …).
 */
public record ProjectSettings(List<List<String>> phases, SourceLocation phasesLocation, PortRange portRange, Map<String, Object> raw) {
  public static final ProjectSettings NONE = new ProjectSettings(List.of(), SourceLocation.UNKNOWN, null, Map.of());
}
