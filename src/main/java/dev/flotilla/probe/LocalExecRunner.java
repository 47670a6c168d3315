package dev.flotilla.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs probe commands as local processes: the process runtime, and {@code health --host} on this machine. */
public final class LocalExecRunner implements ExecRunner {
  static final int MAX_OUTPUT = 8192;
  private final Path workingDir;

  public LocalExecRunner() {
    this(null);
  }

  public LocalExecRunner(Path workingDir) {
    this.workingDir = workingDir;
  }

  @Override
  public Result exec(String service, List<String> command, boolean shell, Duration timeout) throws IOException, InterruptedException {
    if (command.isEmpty()) throw new IOException("empty command");
    List<String> argv = new ArrayList<>();
    if (shell) {
      argv.add("/bin/sh");
      argv.add("-c");
      argv.add(String.join(" ", command));
    } else {
      argv.addAll(command);
    }
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    if (workingDir != null) pb.directory(workingDir.toFile());
    Process p = pb.start();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    Thread reader = new Thread(() -> drain(p.getInputStream(), buf), "probe-exec-output");
    reader.setDaemon(true);
    reader.start();
    boolean done;
    try {
      done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      kill(p);
      throw e;
    }
    if (!done) kill(p);
    reader.join(200);
    String out;
    synchronized (buf) {
      out = buf.toString(StandardCharsets.UTF_8);
    }
    return new Result(done ? p.exitValue() : -1, out, !done);
  }

  private static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  private static void drain(InputStream in, ByteArrayOutputStream buf) {
    byte[] b = new byte[1024];
    try (in) {
      int n;
      while ((n = in.read(b)) > 0) {
        synchronized (buf) {
          if (buf.size() < MAX_OUTPUT) buf.write(b, 0, Math.min(n, MAX_OUTPUT - buf.size()));
        }
      }
    } catch (IOException ignored) {
      // the process went away; what was read is kept
    }
  }
}
