package dev.flotilla.probe;

import dev.flotilla.model.Redactor;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs probes: one at a time ({@link #run}) or many at once ({@link #sweep}). HTTP probes go
 * through one asynchronous {@link HttpClient} (no thread waits on a socket), TCP and exec probes
 * through a small bounded pool, so a thousand endpoints cost a thousand sockets, not a thousand
 * threads. Each probe has its own timeout; a slow endpoint delays nobody else.
 *
 * <p>Thread-safe. Close it to stop its threads.
 */
public final class Probes implements AutoCloseable {
  /** Resolves a host name; the default asks the system resolver. */
  @FunctionalInterface
  public interface HostResolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  static final int EXCERPT = 200;
  /** At most this many HTTP requests in flight; the rest wait for a slot (their timeout starts then). */
  static final int DEFAULT_IN_FLIGHT = 512;

  private final ExecRunner exec;
  private final HostResolver resolver;
  private final ExecutorService blocking;
  private final ExecutorService httpExecutor;
  private final HttpClient http;
  private final Semaphore inFlight;

  public Probes(ExecRunner exec) {
    this(exec, InetAddress::getAllByName, DEFAULT_IN_FLIGHT);
  }

  public Probes(ExecRunner exec, HostResolver resolver, int maxInFlight) {
    this.exec = exec == null ? ExecRunner.unavailable("no runtime to run commands in the service") : exec;
    this.resolver = resolver;
    this.blocking = Executors.newFixedThreadPool(32, daemon("probe"));
    this.httpExecutor = Executors.newFixedThreadPool(4, daemon("probe-http"));
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .executor(httpExecutor)
        .build();
    this.inFlight = new Semaphore(maxInFlight);
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Runs one probe with its own timeout and waits for the result. */
  public ProbeResult run(Probe probe) {
    return run(probe, probe.timeout());
  }

  /** Runs one probe, waiting at most {@code timeout} for it, and returns the result. */
  public ProbeResult run(Probe probe, Duration timeout) {
    return await(start(probe, timeout == null ? probe.timeout() : timeout));
  }

  /** Probes every target at once, each with its own timeout; results in the order of {@code probes}. */
  public List<ProbeResult> sweep(List<? extends Probe> probes) {
    return sweep(probes, null);
  }

  /** As {@link #sweep(List)}, every probe waiting at most {@code timeout} (null: each its own). */
  public List<ProbeResult> sweep(List<? extends Probe> probes, Duration timeout) {
    List<CompletableFuture<ProbeResult>> running = new ArrayList<>(probes.size());
    for (Probe p : probes) running.add(start(p, timeout == null ? p.timeout() : timeout));
    List<ProbeResult> out = new ArrayList<>(probes.size());
    for (CompletableFuture<ProbeResult> f : running) out.add(await(f));
    return out;
  }

  /** Starts a probe; the future always completes normally, with a failed result when it failed. */
  public CompletableFuture<ProbeResult> start(Probe probe, Duration timeout) {
    Duration t = timeout == null ? probe.timeout() : timeout;
    if (probe instanceof Probe.Http h) return http(h, t);
    return CompletableFuture.supplyAsync(() -> probe instanceof Probe.Tcp tcp ? tcp(tcp, t) : exec((Probe.Exec) probe, t), blocking);
  }

  private static ProbeResult await(CompletableFuture<ProbeResult> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while probing", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("probe failed unexpectedly", e.getCause());
    }
  }

  // ---------------------------------------------------------------- http

  private volatile boolean warm;

  /**
   * Sends one request to a throw-away loopback socket before the first real probe, so the HTTP
   * client's start-up (class loading, its selector thread) is not counted as a service's latency.
   */
  private void warmUp() {
    if (warm) return;
    synchronized (this) {
      if (warm) return;
      warm = true;
      try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        server.setSoTimeout(2000);
        CompletableFuture<HttpResponse<byte[]>> f = http.sendAsync(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        try (Socket s = server.accept()) {
          s.setSoTimeout(2000);
          byte[] buf = new byte[1024];
          s.getInputStream().read(buf);
          s.getOutputStream().write("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        f.get(2, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // only a warm-up: the real probes report their own failures
      }
    }
  }

  private CompletableFuture<ProbeResult> http(Probe.Http p, Duration timeout) {
    warmUp();
    String host = p.url().getHost();
    if (host == null || !("http".equals(p.url().getScheme()) || "https".equals(p.url().getScheme()))) {
      return CompletableFuture.completedFuture(fail(p, ProbeResult.Failure.ERROR, null, null, 0, null,
          "health probe " + p.describe() + ": not an http(s) URL"));
    }
    ProbeResult unresolved = resolve(p, host, System.nanoTime());
    if (unresolved != null) return CompletableFuture.completedFuture(unresolved);
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CompletableFuture.completedFuture(fail(p, ProbeResult.Failure.ERROR, null, null, 0, null, "health probe " + p.describe() + ": interrupted"));
    }
    long start = System.nanoTime();
    HttpRequest req;
    try {
      req = HttpRequest.newBuilder(p.url()).timeout(timeout).header("User-Agent", "flotilla-health").GET().build();
    } catch (IllegalArgumentException e) {
      inFlight.release();
      return CompletableFuture.completedFuture(fail(p, ProbeResult.Failure.ERROR, null, null, 0, null, "health probe " + p.describe() + ": " + e.getMessage()));
    }
    CompletableFuture<HttpResponse<byte[]>> sent = http.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray());
    return sent
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle((resp, err) -> {
          inFlight.release();
          long nanos = System.nanoTime() - start;
          if (err != null) {
            sent.cancel(true);
            return httpError(p, unwrap(err), nanos, timeout);
          }
          return httpAnswer(p, resp, nanos);
        });
  }

  private ProbeResult httpAnswer(Probe.Http p, HttpResponse<byte[]> resp, long nanos) {
    String body = new String(resp.body(), StandardCharsets.UTF_8);
    String excerpt = excerpt(body);
    int status = resp.statusCode();
    if (status != p.expectStatus()) {
      return fail(p, ProbeResult.Failure.WRONG_STATUS, status, null, nanos, excerpt,
          "health probe " + p.describe() + ": status " + status + ", expected " + p.expectStatus());
    }
    if (p.bodyContains() != null && !body.contains(p.bodyContains())) {
      return fail(p, ProbeResult.Failure.BODY_MISMATCH, status, null, nanos, excerpt,
          "health probe " + p.describe() + ": body does not contain '" + p.bodyContains() + "'");
    }
    return new ProbeResult(p, true, ProbeResult.Failure.NONE, status, null, nanos, excerpt, "status " + status, Instant.now());
  }

  private ProbeResult httpError(Probe.Http p, Throwable e, long nanos, Duration timeout) {
    String where = hostPort(p.url());
    ProbeResult.Failure kind = classify(e);
    String what = switch (kind) {
      case REFUSED -> "connection refused by " + where;
      case DNS -> "host name '" + p.url().getHost() + "' does not resolve";
      case TIMEOUT -> "no answer within " + timeout.toMillis() + " ms";
      case NO_RESPONSE -> "connection to " + where + " closed without an HTTP response";
      default -> "cannot reach " + where + ": " + message(e);
    };
    return fail(p, kind, null, null, nanos, null, "health probe " + p.describe() + ": " + what);
  }

  static ProbeResult.Failure classify(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof HttpConnectTimeoutException || c instanceof HttpTimeoutException
          || c instanceof SocketTimeoutException || c instanceof TimeoutException) return ProbeResult.Failure.TIMEOUT;
      if (c instanceof UnknownHostException || c instanceof UnresolvedAddressException) return ProbeResult.Failure.DNS;
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      String m = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
      if (m.contains("refused")) return ProbeResult.Failure.REFUSED;
      if (m.contains("timed out")) return ProbeResult.Failure.TIMEOUT;
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof ConnectException && !(c instanceof NoRouteToHostException)) return ProbeResult.Failure.REFUSED;
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      String m = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
      if (m.contains("reset") || m.contains("received no bytes") || m.contains("eof") || m.contains("closed")
          || c instanceof java.io.EOFException) return ProbeResult.Failure.NO_RESPONSE;
    }
    return ProbeResult.Failure.ERROR;
  }

  // ---------------------------------------------------------------- tcp

  private ProbeResult tcp(Probe.Tcp p, Duration timeout) {
    long start = System.nanoTime();
    ProbeResult unresolved = resolve(p, p.host(), start);
    if (unresolved != null) return unresolved;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(p.host(), p.port()), (int) Math.max(1, timeout.toMillis()));
      long nanos = System.nanoTime() - start;
      return new ProbeResult(p, true, ProbeResult.Failure.NONE, null, null, nanos, null, "connected", Instant.now());
    } catch (IOException e) {
      long nanos = System.nanoTime() - start;
      ProbeResult.Failure kind = classify(e);
      String where = p.describe().substring(4);
      String what = switch (kind) {
        case REFUSED -> "connection refused by " + where;
        case DNS -> "host name '" + p.host() + "' does not resolve";
        case TIMEOUT -> "no answer within " + timeout.toMillis() + " ms";
        default -> "cannot reach " + where + ": " + message(e);
      };
      return fail(p, kind, null, null, nanos, null, "health probe " + p.describe() + ": " + what);
    }
  }

  // ---------------------------------------------------------------- exec

  private ProbeResult exec(Probe.Exec p, Duration timeout) {
    long start = System.nanoTime();
    try {
      ExecRunner.Result r = exec.exec(p.service(), p.command(), p.shell(), timeout);
      long nanos = System.nanoTime() - start;
      String excerpt = excerpt(r.output());
      if (r.timedOut()) {
        return fail(p, ProbeResult.Failure.TIMEOUT, null, null, nanos, excerpt,
            "health probe " + p.describe() + ": no answer within " + timeout.toMillis() + " ms");
      }
      if (r.exitCode() != 0) {
        return fail(p, ProbeResult.Failure.EXIT_CODE, null, r.exitCode(), nanos, excerpt,
            "health probe " + p.describe() + ": exit code " + r.exitCode());
      }
      return new ProbeResult(p, true, ProbeResult.Failure.NONE, null, 0, nanos, excerpt, "exit code 0", Instant.now());
    } catch (IOException e) {
      return fail(p, ProbeResult.Failure.ERROR, null, null, System.nanoTime() - start, null,
          "health probe " + p.describe() + ": cannot run the command in " + p.service() + ": " + message(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fail(p, ProbeResult.Failure.ERROR, null, null, System.nanoTime() - start, null, "health probe " + p.describe() + ": interrupted");
    }
  }

  // ---------------------------------------------------------------- shared

  /** A DNS failure result, or null when the host resolves (IP literals never reach the resolver). */
  private ProbeResult resolve(Probe p, String host, long start) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (isLiteral(h)) return null;
    try {
      resolver.resolve(h);
      return null;
    } catch (UnknownHostException e) {
      return fail(p, ProbeResult.Failure.DNS, null, null, System.nanoTime() - start, null,
          "health probe " + p.describe() + ": host name '" + h + "' does not resolve");
    }
  }

  static boolean isLiteral(String h) {
    return h.matches("\\d{1,3}(\\.\\d{1,3}){3}") || (h.contains(":") && h.matches("[0-9a-fA-F:.%\\w]+"));
  }

  private static ProbeResult fail(Probe p, ProbeResult.Failure kind, Integer status, Integer exit, long nanos, String excerpt, String detail) {
    return new ProbeResult(p, false, kind, status, exit, nanos, excerpt, Redactor.redactText(detail), Instant.now());
  }

  private static Throwable unwrap(Throwable e) {
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) e = e.getCause();
    return e;
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    if (m == null && e.getCause() != null) m = e.getCause().getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }

  private static String hostPort(URI u) {
    int port = u.getPort() > 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
    String h = u.getHost();
    return (h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h) + ":" + port;
  }

  /** The first line-ish characters of a body or output, whitespace folded, redacted. */
  static String excerpt(String text) {
    if (text == null || text.isEmpty()) return null;
    String t = text.length() > 4 * EXCERPT ? text.substring(0, 4 * EXCERPT) : text;
    t = t.replaceAll("\\s+", " ").strip();
    if (t.length() > EXCERPT) t = t.substring(0, EXCERPT) + "…";
    return t.isEmpty() ? null : Redactor.redactText(t);
  }

  @Override
  public void close() {
    blocking.shutdownNow();
    httpExecutor.shutdownNow();
  }
}
