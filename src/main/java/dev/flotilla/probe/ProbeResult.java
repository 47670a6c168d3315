package dev.flotilla.probe;

import java.time.Instant;

/**
 * The outcome of one probe. {@code detail} is one line saying what happened, phrased so the
 * diagnosis catalogue's {@code probe.*} signatures recognise it; {@code excerpt} is the start of
 * the response body or command output, redacted. {@code status} is the HTTP status (null when
 * none came back), {@code exitCode} the command's.
 */
public record ProbeResult(
    Probe probe,
    boolean ok,
    Failure failure,
    Integer status,
    Integer exitCode,
    long latencyNanos,
    String excerpt,
    String detail,
    Instant at) {

  /** Why a probe failed. */
  public enum Failure {
    NONE,
    /** Nothing listens at the address. */
    REFUSED,
    /** The host name does not resolve. */
    DNS,
    /** No (complete) answer within the timeout. */
    TIMEOUT,
    /** An HTTP answer with another status than expected. */
    WRONG_STATUS,
    /** The expected status, but the body lacks the expected text. */
    BODY_MISMATCH,
    /** The command exited non-zero. */
    EXIT_CODE,
    /** The connection was accepted, then closed or reset without an HTTP answer. */
    NO_RESPONSE,
    /** The probe could not run (no way to exec into the service, a bad address). */
    ERROR
  }

  public double latencyMillis() {
    return latencyNanos / 1_000_000.0;
  }

  public String service() {
    return probe.service();
  }

  /** A non-2xx answer or no answer at all: what the watcher's error rate counts. */
  public boolean isError() {
    if (status != null) return status < 200 || status >= 300;
    return !ok;
  }
}
