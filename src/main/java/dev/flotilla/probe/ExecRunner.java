package dev.flotilla.probe;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Runs a command inside a service: the docker runtime execs in the container, the process runtime
 * (and {@code flotilla health --host} on this machine) in a local shell ({@link LocalExecRunner}).
 */
@FunctionalInterface
public interface ExecRunner {
  /**
   * @param shell true when {@code command} is one string for {@code sh -c} (compose CMD-SHELL)
   * @return the exit code and combined output; {@code timedOut} when it was stopped at the timeout
   * @throws IOException when the command cannot be started at all (no such service, engine down)
   */
  Result exec(String service, List<String> command, boolean shell, Duration timeout) throws IOException, InterruptedException;

  /** {@code output} is stdout and stderr together, possibly cut short. */
  record Result(int exitCode, String output, boolean timedOut) {}

  /** A runner for when none is available: every exec probe fails saying so. */
  static ExecRunner unavailable(String why) {
    return (service, command, shell, timeout) -> {
      throw new IOException(why);
    };
  }
}
