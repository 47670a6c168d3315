package dev.flotilla.model;

import java.nio.file.Path;

/**
 * One {@code volumes} entry of a service in long form. For a bind mount {@code hostPath} is the
 * resolved absolute path; for a named volume {@code source} is the volume name.
 */
public record VolumeMount(
    Type type, String source, Path hostPath, String target, boolean readOnly, SourceLocation location) {

  public enum Type {
    BIND,
    VOLUME,
    TMPFS,
    NPIPE,
    CLUSTER;

    public String lower() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
