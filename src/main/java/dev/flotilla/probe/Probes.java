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
  /** Threads for blocking probes (plain http, tcp, exec); idle ones end after 10 s. */
  static final int POOL = 256;
  /** Bytes of an answer read at most: enough for a status line, headers and a health body. */
  static final int MAX_ANSWER = 64 * 1024;

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
    java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(
        POOL, POOL, 10, TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), daemon("probe"));
    pool.allowCoreThreadTimeOut(true);
    this.blocking = pool;
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
    if (probe instanceof Probe.Http h && !"http".equals(h.url().getScheme())) return http(h, t);
    return CompletableFuture.supplyAsync(() -> probe instanceof Probe.Http h ? plainHttp(h, t)
        : probe instanceof Probe.Tcp tcp ? tcp(tcp, t) : exec((Probe.Exec) probe, t), blocking);
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
    return httpAnswer(p, resp.statusCode(), new String(resp.body(), StandardCharsets.UTF_8), nanos);
  }

  private ProbeResult httpAnswer(Probe.Http p, int status, String body, long nanos) {
    String excerpt = excerpt(body);
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


  // ---------------------------------------------------------------- plain http

  /**
   * A GET over one blocking socket with {@code Connection: close}: on loopback this costs a
   * fraction of what the general-purpose client spends per request, and health answers are small.
   * The deadline covers connect, write and every read. https goes through the HttpClient.
   */
  private ProbeResult plainHttp(Probe.Http p, Duration timeout) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    URI u = p.url();
    String host = u.getHost();
    if (host == null) {
      return fail(p, ProbeResult.Failure.ERROR, null, null, 0, null, "health probe " + p.describe() + ": not an http(s) URL");
    }
    ProbeResult unresolved = resolve(p, host, start);
    if (unresolved != null) return unresolved;
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    int port = u.getPort() > 0 ? u.getPort() : 80;
    String path = (u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath()) + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    String hostHeader = (bare.contains(":") ? "[" + bare + "]" : bare) + (u.getPort() > 0 && u.getPort() != 80 ? ":" + u.getPort() : "");
    byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nUser-Agent: flotilla-health\r\nAccept: */*\r\nConnection: close\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream(512);
    try (Socket s = new Socket()) {
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(bare, port), remainingMillis(deadline));
      s.getOutputStream().write(request);
      java.io.InputStream in = s.getInputStream();
      byte[] b = new byte[8192];
      while (answer.size() < MAX_ANSWER) {
        s.setSoTimeout(remainingMillis(deadline));
        int n = in.read(b);
        if (n < 0) break;
        answer.write(b, 0, Math.min(n, MAX_ANSWER - answer.size()));
        if (complete(answer.toByteArray())) break;
      }
    } catch (IOException e) {
      long nanos = System.nanoTime() - start;
      ProbeResult.Failure kind = classify(e);
      if (kind == ProbeResult.Failure.TIMEOUT || System.nanoTime() >= deadline) {
        return fail(p, ProbeResult.Failure.TIMEOUT, null, null, nanos, null, "health probe " + p.describe() + ": no answer within " + timeout.toMillis() + " ms");
      }
      if (!(kind == ProbeResult.Failure.NO_RESPONSE && answer.size() > 0)) return httpError(p, e, nanos, timeout);
      // reset after a complete answer: use what came
    }
    long nanos = System.nanoTime() - start;
    byte[] raw = answer.toByteArray();
    int headEnd = indexOf(raw, HEAD_END);
    String head = new String(raw, 0, headEnd < 0 ? raw.length : headEnd, StandardCharsets.ISO_8859_1);
    java.util.regex.Matcher m = STATUS_LINE.matcher(head);
    if (headEnd < 0 || !m.lookingAt()) {
      return fail(p, ProbeResult.Failure.NO_RESPONSE, null, null, nanos, excerpt(new String(raw, StandardCharsets.UTF_8)),
          "health probe " + p.describe() + ": connection to " + hostPort(u) + " closed without an HTTP response");
    }
    int status = Integer.parseInt(m.group(1));
    byte[] body = java.util.Arrays.copyOfRange(raw, headEnd + 4, raw.length);
    if (head.toLowerCase(Locale.ROOT).matches("(?s).*\r\ntransfer-encoding:[^\r]*chunked.*")) body = dechunk(body);
    return httpAnswer(p, status, new String(body, StandardCharsets.UTF_8), nanos);
  }

  private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};
  private static final java.util.regex.Pattern STATUS_LINE = java.util.regex.Pattern.compile("HTTP/\\d(?:\\.\\d)? (\\d{3})");
  private static final java.util.regex.Pattern CONTENT_LENGTH = java.util.regex.Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$");

  private static int remainingMillis(long deadline) throws SocketTimeoutException {
    long ms = (deadline - System.nanoTime()) / 1_000_000;
    if (ms <= 0) throw new SocketTimeoutException("timed out");
    return (int) Math.min(Integer.MAX_VALUE, ms);
  }

  /** True once the headers are in and the body is as long as Content-Length says (else read to EOF). */
  private static boolean complete(byte[] raw) {
    int end = indexOf(raw, HEAD_END);
    if (end < 0) return false;
    java.util.regex.Matcher m = CONTENT_LENGTH.matcher(new String(raw, 0, end, StandardCharsets.ISO_8859_1));
    if (!m.find()) return false;
    return raw.length - end - 4 >= Long.parseLong(m.group(1));
  }

  private static int indexOf(byte[] a, byte[] what) {
    outer:
    for (int i = 0; i + what.length <= a.length; i++) {
      for (int j = 0; j < what.length; j++) if (a[i + j] != what[j]) continue outer;
      return i;
    }
    return -1;
  }

  /** Decodes a chunked body as far as it came. */
  static byte[] dechunk(byte[] b) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(b.length);
    int i = 0;
    while (i < b.length) {
      int eol = i;
      while (eol + 1 < b.length && !(b[eol] == '\r' && b[eol + 1] == '\n')) eol++;
      if (eol + 1 >= b.length) break;
      String size = new String(b, i, eol - i, StandardCharsets.US_ASCII).trim();
      int semi = size.indexOf(';');
      if (semi >= 0) size = size.substring(0, semi);
      int n;
      try {
        n = Integer.parseInt(size, 16);
      } catch (NumberFormatException e) {
        break;
      }
      if (n == 0) break;
      int from = eol + 2;
      int len = Math.min(n, b.length - from);
      out.write(b, from, len);
      i = from + n + 2;
    }
    return out.toByteArray();
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
