package dev.flotilla.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP service for tests: {@code busybox httpd -f -p 127.0.0.1:PORT -h DIR} whose
 * {@code /cgi-bin/health} answers as its control file says, read on every request: healthy,
 * slow, with another status, with another body, or closing without an answer. Ports come from
 * the range given ({@code 19500-19999} for the health tests); {@link #close} kills the process.
 */
public final class BusyboxHttpd implements AutoCloseable {
  private static final AtomicInteger NEXT = new AtomicInteger();

  private final Process process;
  private final Path dir;
  private final int port;

  private BusyboxHttpd(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** Starts one on a free port in [from, to]; skips the test when busybox is missing. */
  public static BusyboxHttpd start(Path dir, int from, int to) throws IOException {
    Parts.require(Files.isExecutable(Path.of("/usr/bin/busybox")) || Files.isExecutable(Path.of("/bin/busybox")), "busybox (apt-get install busybox-static)");
    Files.createDirectories(dir.resolve("cgi-bin"));
    Path control = dir.resolve("control");
    Files.writeString(control, "ok\n");
    Path script = dir.resolve("cgi-bin/health");
    Files.writeString(script, """
        #!/bin/sh
        mode=ok; arg=
        dir='%s'
        n=$(cat "$dir/count" 2>/dev/null || echo 0); n=$((n+1)); echo "$n" > "$dir/count"
        if [ -f "$dir/sequence" ]; then
          line=$(sed -n "${n}p" "$dir/sequence"); [ -z "$line" ] && line=$(tail -n 1 "$dir/sequence")
          set -- $line; mode=$1; arg=$2
        else
          read -r mode arg < "$dir/control"
        fi
        case "$mode" in
          slow) sleep "$arg"; code=200; body=ok ;;
          status) code="$arg"; body="error $arg" ;;
          body) code=200; body="$arg" ;;
          close) exit 0 ;;
          *) code=200; body=ok ;;
        esac
        printf 'HTTP/1.1 %%s X\\r\\nContent-Type: text/plain\\r\\nConnection: close\\r\\n\\r\\n%%s\\n' "$code" "$body"
        """.formatted(dir.toAbsolutePath()));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(dir.resolve("index.html"), "hello\n");
    int span = to - from + 1;
    for (int attempt = 0; attempt < span; attempt++) {
      int port = from + Math.floorMod(NEXT.getAndIncrement() + (int) (ProcessHandle.current().pid() % span), span);
      if (!free(port)) continue;
      Process p = new ProcessBuilder("busybox", "httpd", "-f", "-p", "127.0.0.1:" + port, "-h", dir.toAbsolutePath().toString())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("httpd.log").toFile())
          .start();
      BusyboxHttpd h = new BusyboxHttpd(p, dir, port);
      if (h.awaitListening(Duration.ofSeconds(5))) return h;
      h.close();
    }
    assumeTrue(false, "no free port in " + from + "-" + to);
    return null;
  }

  /** Whether something still accepts connections on the port (a connect that is not refused). */
  private static boolean listening(int port) {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private boolean awaitListening(Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) return false;
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return true;
      } catch (IOException notYet) {
        try {
          process.waitFor(20, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return false;
  }

  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:PORT/cgi-bin/health}. */
  public String healthUrl() {
    return "http://127.0.0.1:" + port + "/cgi-bin/health";
  }

  public void healthy() throws IOException {
    control("ok");
  }

  /** Every answer waits this long first. */
  public void slow(Duration d) throws IOException {
    control("slow " + (d.toMillis() / 1000.0));
  }

  /** Every answer has this status. */
  public void status(int code) throws IOException {
    control("status " + code);
  }

  /** Status 200 with this one-word body. */
  public void body(String word) throws IOException {
    control("body " + word);
  }

  /** The connection closes without an HTTP answer. */
  public void closeWithoutAnswer() throws IOException {
    control("close");
  }

  /**
   * Answers request 1 as {@code steps[0]}, request 2 as {@code steps[1]}, …, the last step for
   * every request after: {@code "ok"}, {@code "status 500"}, {@code "slow 1.5"}, {@code "body x"},
   * {@code "close"}. Resets the request count.
   */
  public void sequence(String... steps) throws IOException {
    Files.deleteIfExists(dir.resolve("count"));
    Path tmp = dir.resolve("sequence.tmp");
    Files.writeString(tmp, String.join("\n", steps) + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, dir.resolve("sequence"), java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** How many requests reached the health script since the last {@link #sequence}. */
  public int requests() throws IOException {
    Path c = dir.resolve("count");
    return Files.exists(c) ? Integer.parseInt(Files.readString(c).trim()) : 0;
  }

  private void control(String line) throws IOException {
    Files.deleteIfExists(dir.resolve("sequence"));
    Path tmp = dir.resolve("control.tmp");
    Files.writeString(tmp, line + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, dir.resolve("control"), java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** Stops serving: the port then refuses connections. */
  @Override
  public void close() {
    // httpd's per-connection children inherit the listening socket: wait for every one of them to
    // be gone, and for the port to be free, so "nothing listens" really holds after close()
    java.util.List<ProcessHandle> all = new java.util.ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    all.forEach(ProcessHandle::destroyForcibly);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    try {
      for (ProcessHandle h : all) {
        long left = deadline - System.nanoTime();
        if (left > 0) h.onExit().get(left, TimeUnit.NANOSECONDS);
      }
      while (listening(port) && System.nanoTime() < deadline) java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // a child that would not die within 5 s: the caller's assertions will say so
    }
  }
}
