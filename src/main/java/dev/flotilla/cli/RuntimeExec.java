package dev.flotilla.cli;

import dev.flotilla.probe.ExecRunner;
import dev.flotilla.runtime.ExecResult;
import dev.flotilla.runtime.Instance;
import dev.flotilla.runtime.Runtime;
import dev.flotilla.runtime.Runtimes;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Exec probes for {@code health} and {@code watch}: run in the service's running instance by the
 * runtime ({@code docker} or {@code process}), opened on first use so that projects probed only
 * over http and tcp never touch the engine.
 */
final class RuntimeExec implements ExecRunner, AutoCloseable {
  private final String kind;
  private final Path projectDir;
  private final String project;
  private Runtime runtime;

  RuntimeExec(String kind, Path projectDir, String project) {
    this.kind = kind;
    this.projectDir = projectDir;
    this.project = project;
  }

  private synchronized Runtime runtime() throws IOException {
    if (runtime == null) {
      try {
        runtime = Runtimes.open(kind, projectDir);
      } catch (RuntimeException e) {
        throw new IOException("cannot open the " + kind + " runtime: " + e.getMessage());
      }
    }
    return runtime;
  }

  @Override
  public Result exec(String service, List<String> command, boolean shell, Duration timeout) throws IOException {
    Runtime r = runtime();
    Instance target;
    try {
      target = r.list(project).stream().filter(i -> i.service().equals(service) && i.running() && !i.keptAside()).findFirst().orElse(null);
    } catch (RuntimeException e) {
      throw new IOException("the " + kind + " runtime cannot list " + project + ": " + e.getMessage());
    }
    if (target == null) throw new IOException("no running instance of " + service + " in the " + kind + " runtime (start it with 'flotilla up')");
    List<String> argv = shell ? List.of("/bin/sh", "-c", String.join(" ", command)) : command;
    try {
      ExecResult x = r.exec(target, argv, timeout);
      return new Result(x.exitCode(), x.output(), x.timedOut());
    } catch (RuntimeException e) {
      throw new IOException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    if (runtime != null) runtime.close();
  }
}
