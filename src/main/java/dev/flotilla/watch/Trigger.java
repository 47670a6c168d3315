package dev.flotilla.watch;

import dev.flotilla.probe.ProbeResult;
import java.time.Instant;

/**
 * A threshold a service crossed. {@code detail} is a {@code health probe …} line the diagnosis
 * catalogue recognises; {@code value} and {@code threshold} are the measured number and the
 * limit (failures, % increase, % errors); {@code evidence} is the probe result that tipped it.
 */
public record Trigger(String service, Kind kind, double value, double threshold, String detail, ProbeResult evidence, Instant at) {
  public enum Kind {
    CONSECUTIVE_FAILURES,
    LATENCY,
    ERROR_RATE;

    public String lower() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }
}
