package dev.flotilla.model;

/** {@code deploy.resources} (and the legacy {@code mem_limit}/{@code cpus}); null means not set. */
public record Resources(Long memoryLimitBytes, Double cpuLimit, Long memoryReservationBytes, Double cpuReservation, SourceLocation location) {
  public static final Resources NONE = new Resources(null, null, null, null, SourceLocation.UNKNOWN);

  public boolean hasMemoryLimit() {
    return memoryLimitBytes != null && memoryLimitBytes > 0;
  }
}
