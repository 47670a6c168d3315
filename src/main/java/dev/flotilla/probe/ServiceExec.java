package dev.flotilla.probe;

import dev.flotilla.model.Service;
import dev.flotilla.model.Stack;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Sends each service's exec probes to the right place: services run by the process runtime
 * ({@code x-flotilla.process}) get a local shell in their working directory; the others go to
 * {@code containers} (a container runtime), or fail saying what is missing.
 */
public final class ServiceExec implements ExecRunner {
  private final Stack stack;
  private final ExecRunner containers;

  public ServiceExec(Stack stack, ExecRunner containers) {
    this.stack = stack;
    this.containers = containers;
  }

  @Override
  public Result exec(String service, List<String> command, boolean shell, Duration timeout) throws IOException, InterruptedException {
    Service s = stack == null ? null : stack.services().get(service);
    if (s != null && s.settings() != null && s.settings().process() != null) {
      return new LocalExecRunner(s.settings().process().workingDir()).exec(service, command, shell, timeout);
    }
    if (containers == null) {
      throw new IOException("no container runtime to exec into '" + service + "' (give it an x-flotilla.health url or tcp probe, or use --host)");
    }
    return containers.exec(service, command, shell, timeout);
  }
}
