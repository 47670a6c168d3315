package dev.flotilla.runtime;

import java.time.Instant;

/**
 * What the engine says about an instance now: running or not, exit code and OOM flag once it
 * stopped, how often the engine restarted it, when it started, and the engine's own health
 * status ({@code healthy}, {@code unhealthy}, {@code starting}; null without a healthcheck).
 */
public record InstanceState(
    String id, boolean exists, boolean running, boolean restarting, String status, Integer exitCode,
    boolean oomKilled, int restartCount, Instant startedAt, Instant finishedAt, String engineHealth, String error) {

  public static InstanceState gone(String id) {
    return new InstanceState(id, false, false, false, "removed", null, false, 0, null, null, null, null);
  }

  /** Stopped on its own (not running, not about to be restarted). */
  public boolean exited() {
    return exists && !running && !restarting;
  }
}
