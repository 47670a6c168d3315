package dev.flotilla.model;

import java.time.Duration;
import java.util.List;

/**
 * A compose or Dockerfile healthcheck. {@code test} is the normalized test array as Docker stores
 * it: {@code ["CMD", …]}, {@code ["CMD-SHELL", "…"]} or {@code ["NONE"]}. Durations are null when
 * not given (Docker's defaults apply: 30s interval, 30s timeout, 3 retries, 0s start period).
 */
public record Healthcheck(
    List<String> test,
    Duration interval,
    Duration timeout,
    Integer retries,
    Duration startPeriod,
    Duration startInterval,
    boolean disabled,
    SourceLocation location) {

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_RETRIES = 3;

  public boolean isShellForm() {
    return !test.isEmpty() && "CMD-SHELL".equals(test.get(0));
  }

  public boolean isExecForm() {
    return !test.isEmpty() && "CMD".equals(test.get(0));
  }

  /** The command words after the CMD / CMD-SHELL marker. */
  public List<String> command() {
    if (disabled || test.isEmpty() || "NONE".equals(test.get(0))) return List.of();
    return test.subList(1, test.size());
  }

  public Duration intervalOrDefault() {
    return interval == null ? DEFAULT_INTERVAL : interval;
  }

  public Duration timeoutOrDefault() {
    return timeout == null ? DEFAULT_TIMEOUT : timeout;
  }

  public int retriesOrDefault() {
    return retries == null ? DEFAULT_RETRIES : retries;
  }

  public Duration startPeriodOrDefault() {
    return startPeriod == null ? Duration.ZERO : startPeriod;
  }
}
