package dev.flotilla.model;

import java.util.List;
import java.util.Map;

/**
 * The project's {@code x-flotilla} block (merged with {@code flotilla.yml}): explicit phases, the
 * port policy, and every other key in {@code raw} (watch thresholds, ignore lists, …);
 * {@code locations} says where each key was written, for errors about its value.
 */
public record ProjectSettings(
    List<List<String>> phases, SourceLocation phasesLocation, PortRange portRange, Map<String, Object> raw, Map<String, SourceLocation> locations) {
  public static final ProjectSettings NONE = new ProjectSettings(List.of(), SourceLocation.UNKNOWN, null, Map.of());

  public ProjectSettings {
    locations = locations == null ? Map.of() : Map.copyOf(locations);
  }

  public ProjectSettings(List<List<String>> phases, SourceLocation phasesLocation, PortRange portRange, Map<String, Object> raw) {
    this(phases, phasesLocation, portRange, raw, Map.of());
  }

  /** Where a key of the settings was written, or UNKNOWN. */
  public SourceLocation location(String key) {
    return locations.getOrDefault(key, SourceLocation.UNKNOWN);
  }
}
