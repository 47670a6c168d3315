package dev.flotilla.runtime;

import java.time.Duration;

/** The result of a command run in an instance; {@code exitCode} is -1 when it timed out. */
public record ExecResult(int exitCode, String output, Duration took, boolean timedOut) {
  public boolean ok() {
    return !timedOut && exitCode == 0;
  }
}
