package dev.flotilla.watch;

/**
 * When a watched service triggers: {@code failures} consecutive failed probes; p95 latency over
 * the last {@code window} probes more than {@code latencyIncreasePct} % above the baseline; more
 * than {@code errorRatePct} % errors (non-2xx or no answer) among the last {@code window} probes.
 * Seed 002's rollback triggers are the defaults: 3 failures, 50 %, 5 %.
 */
public record Thresholds(int failures, double latencyIncreasePct, double errorRatePct, int window) {
  public static final Thresholds DEFAULT = new Thresholds(3, 50, 5, 20);

  public Thresholds {
    if (failures < 1) throw new IllegalArgumentException("failures must be 1 or more");
    if (latencyIncreasePct <= 0) throw new IllegalArgumentException("latency increase must be above 0 %");
    if (errorRatePct < 0 || errorRatePct >= 100) throw new IllegalArgumentException("error rate must be 0 to 99 %");
    if (window < 2) throw new IllegalArgumentException("window must be 2 probes or more");
  }
}
