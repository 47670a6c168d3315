package dev.flotilla.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.flotilla.load.LoadOptions;
import dev.flotilla.load.Loader;
import dev.flotilla.model.Stack;
import dev.flotilla.testing.BusyboxHttpd;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Probes against real busybox httpd processes on loopback (ports 19500-19599). */
class ProbesTest {
  static BusyboxHttpd httpd;
  static Probes probes;
  @TempDir static Path shared;
  @TempDir Path dir;

  @BeforeAll
  static void start() throws IOException {
    httpd = BusyboxHttpd.start(shared.resolve("www"), 19500, 19599);
    probes = new Probes(new LocalExecRunner());
  }

  @AfterAll
  static void stop() {
    if (httpd != null) httpd.close();
    if (probes != null) probes.close();
  }

  static Probe.Http http(String url, int expect, String body, long timeoutMs) {
    return new Probe.Http("api", URI.create(url), expect, body, Duration.ofMillis(timeoutMs));
  }

  @Test
  void healthyEndpoint() throws IOException {
    httpd.healthy();
    ProbeResult r = probes.run(http(httpd.healthUrl(), 200, "ok", 3000));
    assertThat(r.ok()).as(r.detail()).isTrue();
    assertThat(r.failure()).isEqualTo(ProbeResult.Failure.NONE);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.excerpt()).isEqualTo("ok");
    assertThat(r.latencyNanos()).isPositive();
    assertThat(r.isError()).isFalse();
  }

  @Test
  void wrongStatusKeepsStatusAndBody() throws IOException {
    httpd.status(503);
    ProbeResult r = probes.run(http(httpd.healthUrl(), 200, null, 3000));
    assertThat(r.ok()).isFalse();
    assertThat(r.failure()).isEqualTo(ProbeResult.Failure.WRONG_STATUS);
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.excerpt()).isEqualTo("error 503");
    assertThat(r.detail()).isEqualTo("health probe GET " + httpd.healthUrl() + ": status 503, expected 200");
    assertThat(r.isError()).isTrue();
  }

  @Test
  void expectedStatusOtherThan200() throws IOException {
    httpd.status(204);
    assertThat(probes.run(http(httpd.healthUrl(), 204, null, 3000)).ok()).isTrue();
  }

  @Test
  void bodyMismatch() throws IOException {
    httpd.body("starting");
    ProbeResult r = probes.run(http(httpd.healthUrl(), 200, "ready", 3000));
    assertThat(r.failure()).isEqualTo(ProbeResult.Failure.BODY_MISMATCH);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.excerpt()).isEqualTo("starting");
    assertThat(r.detail()).endsWith(": body does not contain 'ready'");
  }

  @Test
  void slowEndpointTimesOutAtTheProbesTimeout() throws IOException {
    httpd.slow(Duration.ofSeconds(3));
    ProbeResult r = probes.run(http(httpd.healthUrl(), 200, null, 300));
    assertThat(r.failure()).as(r.detail()).isEqualTo(ProbeResult.Failure.TIMEOUT);
    assertThat(r.detail()).endsWith(": no answer within 300 ms");
    // It gave up at its timeout, not when the server answered.
    assertThat(r.latencyMillis()).isGreaterThanOrEqualTo(290).isLessThan(2500);
    httpd.healthy();
  }

  @Test
  void closedWithoutAnswer() throws IOException {
    httpd.closeWithoutAnswer();
    ProbeResult r = probes.run(http(httpd.healthUrl(), 200, null, 3000));
    assertThat(r.ok()).isFalse();
    assertThat(r.failure()).as(r.detail()).isEqualTo(ProbeResult.Failure.NO_RESPONSE);
    assertThat(r.detail()).endsWith(": connection to 127.0.0.1:" + httpd.port() + " closed without an HTTP response");
    httpd.healthy();
  }

  @Test
  void refusedWhenNothingListens() throws IOException {
    BusyboxHttpd gone = BusyboxHttpd.start(dir.resolve("gone"), 19500, 19599);
    String url = gone.healthUrl();
    gone.close();
    ProbeResult r = probes.run(http(url, 200, null, 2000));
    assertThat(r.failure()).as(r.detail()).isEqualTo(ProbeResult.Failure.REFUSED);
    assertThat(r.detail()).endsWith(": connection refused by 127.0.0.1:" + gone.port());
    assertThat(r.status()).isNull();

    ProbeResult t = probes.run(new Probe.Tcp("db", "127.0.0.1", gone.port(), Duration.ofSeconds(1)));
    assertThat(t.failure()).isEqualTo(ProbeResult.Failure.REFUSED);
    assertThat(t.detail()).isEqualTo("health probe tcp 127.0.0.1:" + gone.port() + ": connection refused by 127.0.0.1:" + gone.port());
  }

  @Test
  void unresolvableHostIsADnsFailure() {
    // The resolver is the seam: a real lookup of an unknown name would leave loopback.
    AtomicInteger asked = new AtomicInteger();
    try (Probes p = new Probes(null, host -> {
      asked.incrementAndGet();
      if (host.equals("localhost")) return new java.net.InetAddress[] {java.net.InetAddress.getLoopbackAddress()};
      throw new UnknownHostException(host);
    }, 8)) {
      ProbeResult r = p.run(http("http://postgres:5432/", 200, null, 1000));
      assertThat(r.failure()).isEqualTo(ProbeResult.Failure.DNS);
      assertThat(r.detail()).isEqualTo("health probe GET http://postgres:5432/: host name 'postgres' does not resolve");
      ProbeResult t = p.run(new Probe.Tcp("db", "postgres", 5432, Duration.ofSeconds(1)));
      assertThat(t.failure()).isEqualTo(ProbeResult.Failure.DNS);
      // IP literals never go to the resolver.
      p.run(new Probe.Tcp("x", "127.0.0.1", httpd.port(), Duration.ofSeconds(1)));
      assertThat(asked.get()).isEqualTo(2);
      assertThat(p.run(http("http://localhost:" + httpd.port() + "/index.html", 200, "hello", 2000)).ok()).isTrue();
    }
  }

  @Test
  void tcpConnects() {
    ProbeResult r = probes.run(new Probe.Tcp("web", "127.0.0.1", httpd.port(), Duration.ofSeconds(1)));
    assertThat(r.ok()).isTrue();
    assertThat(r.probe().describe()).isEqualTo("tcp 127.0.0.1:" + httpd.port());
  }

  @Test
  void execExitCodeOutputAndTimeout() {
    ProbeResult ok = probes.run(new Probe.Exec("w", List.of("wget -q -O- " + httpd.healthUrl()), true, Duration.ofSeconds(5)));
    assertThat(ok.ok()).as(ok.detail()).isTrue();
    assertThat(ok.excerpt()).isEqualTo("ok");
    assertThat(ok.exitCode()).isZero();

    ProbeResult bad = probes.run(new Probe.Exec("w", List.of("sh", "-c", "echo 'not ready: token=hunter2secret'; exit 3"), false, Duration.ofSeconds(5)));
    assertThat(bad.failure()).isEqualTo(ProbeResult.Failure.EXIT_CODE);
    assertThat(bad.exitCode()).isEqualTo(3);
    assertThat(bad.detail()).endsWith(": exit code 3");
    assertThat(bad.excerpt()).startsWith("not ready").doesNotContain("hunter2secret");

    ProbeResult slow = probes.run(new Probe.Exec("w", List.of("sleep 5"), true, Duration.ofMillis(300)));
    assertThat(slow.failure()).isEqualTo(ProbeResult.Failure.TIMEOUT);
    assertThat(slow.latencyMillis()).isLessThan(3000);

    try (Probes none = new Probes(ExecRunner.unavailable("no runtime: start the project with 'flotilla up'"))) {
      ProbeResult r = none.run(new Probe.Exec("w", List.of("true"), false, Duration.ofSeconds(1)));
      assertThat(r.failure()).isEqualTo(ProbeResult.Failure.ERROR);
      assertThat(r.detail()).contains("cannot run the command in w: no runtime");
    }
  }

  @Test
  void sweepRunsEveryProbeAtOnce() throws Exception {
    // Each handler waits until all have arrived: a sequential sweep would time every one out.
    int n = 40;
    CountDownLatch arrived = new CountDownLatch(n);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(n + 4));
    server.createContext("/", ex -> {
      arrived.countDown();
      boolean all;
      try {
        all = arrived.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        all = false;
      }
      byte[] b = (all ? "together" : "alone").getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(all ? 200 : 500, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    server.start();
    try {
      List<Probe> list = new ArrayList<>();
      for (int i = 0; i < n; i++) list.add(http("http://127.0.0.1:" + server.getAddress().getPort() + "/s" + i, 200, "together", 8000));
      // A dead one and a slow one in the middle change nothing for the others.
      BusyboxHttpd gone = BusyboxHttpd.start(dir.resolve("gone"), 19500, 19599);
      gone.close();
      list.add(20, new Probe.Tcp("dead", "127.0.0.1", gone.port(), Duration.ofSeconds(1)));
      List<ProbeResult> results = probes.sweep(list);
      assertThat(results).hasSize(n + 1);
      for (int i = 0; i < results.size(); i++) assertThat(results.get(i).probe()).isSameAs(list.get(i));
      assertThat(results.stream().filter(ProbeResult::ok).count()).isEqualTo(n);
      assertThat(results.get(20).ok()).isFalse();
    } finally {
      server.stop(0);
      ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
  }

  @Test
  void chunkedAndContentLengthAnswers() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
    server.createContext("/chunked", ex -> {
      ex.sendResponseHeaders(200, 0);
      ex.getResponseBody().write("{\"status\":".getBytes(StandardCharsets.UTF_8));
      ex.getResponseBody().flush();
      ex.getResponseBody().write("\"ready\"}".getBytes(StandardCharsets.UTF_8));
      ex.close();
    });
    server.createContext("/sized", ex -> {
      byte[] b = "all good".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(503, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      ProbeResult c = probes.run(http(base + "/chunked", 200, "\"ready\"", 3000));
      assertThat(c.ok()).as(c.detail()).isTrue();
      assertThat(c.excerpt()).isEqualTo("{\"status\":\"ready\"}");
      ProbeResult s = probes.run(http(base + "/sized?x=1", 200, null, 3000));
      assertThat(s.status()).isEqualTo(503);
      assertThat(s.excerpt()).isEqualTo("all good");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void probesFromTheComposeFile() throws IOException {
    Files.writeString(dir.resolve("compose.yaml"), """
        services:
          api:
            image: busybox
            ports: ["127.0.0.1:19580:8000"]
            x-flotilla:
              health: { url: "http://127.0.0.1:19580/healthz", expect: 204, body: ready, timeout: 700ms }
          db:
            image: busybox
            x-flotilla:
              health: { tcp: "127.0.0.1:5432" }
          worker:
            image: busybox
            ports: ["19581:9000"]
            healthcheck:
              test: ["CMD-SHELL", "wget -q -O- http://localhost:9000/status?deep=1 || exit 1"]
              timeout: 4s
          cache:
            image: busybox
            ports: ["19582:6379"]
            healthcheck: { test: ["CMD", "redis-cli", "ping"] }
          quiet:
            image: busybox
        """);
    Stack stack = Loader.load(LoadOptions.ofDirectory(dir));
    Probe api = Probe.forService(stack.services().get("api")).orElseThrow();
    assertThat(api).isEqualTo(new Probe.Http("api", URI.create("http://127.0.0.1:19580/healthz"), 204, "ready", Duration.ofMillis(700)));
    assertThat(Probe.forService(stack.services().get("db")).orElseThrow()).isEqualTo(new Probe.Tcp("db", "127.0.0.1", 5432, Duration.ofSeconds(2)));
    Probe worker = Probe.forService(stack.services().get("worker")).orElseThrow();
    assertThat(worker).isEqualTo(new Probe.Exec("worker", List.of("wget -q -O- http://localhost:9000/status?deep=1 || exit 1"), true, Duration.ofSeconds(4)));
    assertThat(Probe.forService(stack.services().get("quiet"))).isEmpty();

    // Seen from another host: the same URLs there, a healthcheck's URL on its published port.
    assertThat(Probe.remote(stack.services().get("api"), "10.1.2.3").orElseThrow().describe()).isEqualTo("GET http://10.1.2.3:19580/healthz");
    assertThat(Probe.remote(stack.services().get("worker"), "10.1.2.3").orElseThrow())
        .isEqualTo(new Probe.Http("worker", URI.create("http://10.1.2.3:19581/status?deep=1"), 200, null, Duration.ofSeconds(4)));
    assertThat(Probe.remote(stack.services().get("cache"), "10.1.2.3").orElseThrow().describe()).isEqualTo("tcp 10.1.2.3:19582");
    assertThat(Probe.remote(stack.services().get("quiet"), "10.1.2.3")).isEmpty();
  }
}
