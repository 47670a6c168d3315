package dev.flotilla.deploy;

import java.time.Duration;
import java.time.Instant;

/**
 * One step of a deployment as it happens, for live progress: {@code kind} (preflight, build,
 * phase.start, service.start, service.health, service.healthy, service.failed, phase.done,
 * phase.failed, rollback.start, rollback.service, rollback.done, deploy.done), the service and
 * phase it concerns (null / 0 when none), its state and health words, a message, and the time
 * since the service (or the deployment) started.
 */
public record DeployEvent(Instant at, String kind, String service, int phase, String state, String health, String message, Duration elapsed) {
  public static DeployEvent of(String kind, String service, int phase, String state, String health, String message, Duration elapsed) {
    return new DeployEvent(Instant.now(), kind, service, phase, state, health, message, elapsed);
  }
}
