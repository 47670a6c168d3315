package dev.flotilla.track;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** One recorded deployment; {@code finishedAt} and {@code durationMs} are null while it runs. */
public record Deployment(
    long id,
    String project,
    String environment,
    String user,
    String runtime,
    Instant startedAt,
    Instant finishedAt,
    Outcome outcome,
    Long durationMs,
    Long rolledBackTo,
    String details) {

  public Optional<Duration> duration() {
    return durationMs == null ? Optional.empty() : Optional.of(Duration.ofMillis(durationMs));
  }
}
