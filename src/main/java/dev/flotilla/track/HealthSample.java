package dev.flotilla.track;

import java.time.Instant;

/**
 * One health probe result. {@code probe} says what was probed ({@code GET http://127.0.0.1:9015/healthz},
 * {@code docker healthcheck}, {@code tcp 127.0.0.1:5432}); {@code statusCode} is the HTTP status
 * or null; {@code detail} is the failure text, redacted before it is written.
 */
public record HealthSample(
    long id,
    Long deploymentId,
    String project,
    String service,
    Instant at,
    boolean ok,
    Long latencyMs,
    Integer statusCode,
    String probe,
    String detail) {

  public static HealthSample of(Long deploymentId, String project, String service, boolean ok, Long latencyMs, Integer statusCode, String probe, String detail) {
    return new HealthSample(0, deploymentId, project, service, Instant.now(), ok, latencyMs, statusCode, probe, detail);
  }
}
