package dev.flotilla.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flotilla.track.NewError;
import dev.flotilla.track.Store;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The load benchmark of {@code flotilla serve} (run by bench/server/run.sh, not by the test
 * suite): 100,000 errors and 10,000 deployments in the embedded store, 200 concurrent clients on
 * loopback against the errors list and the overview, then 500 open event streams. Bounded in
 * time; prints a Markdown table and writes it to target/bench-server.md.
 */
class ServerLoadBench {
  static final int ERRORS = Integer.getInteger("bench.errors", 100_000);
  static final int DEPLOYMENTS = Integer.getInteger("bench.deployments", 10_000);
  static final int CLIENTS = Integer.getInteger("bench.clients", 200);
  static final int SECONDS = Integer.getInteger("bench.seconds", 15);
  static final int STREAMS = Integer.getInteger("bench.streams", 500);
  static final String PROJECT = "bench";

  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
      .executor(Executors.newFixedThreadPool(16)).build();
  final StringBuilder report = new StringBuilder();

  @Test
  void load() throws Exception {
    assumeTrue(Boolean.getBoolean("flotilla.bench"), "run with -Dflotilla.bench=true (bench/server/run.sh)");
    Path dir = Files.createTempDirectory("flotilla-bench");
    String url = "jdbc:h2:file:" + dir.resolve("store");
    long t0 = System.nanoTime();
    try (Store store = Store.open(url)) {
      seed(Server.readUrl(url));
      line("Seeded %,d errors and %,d deployments (3 phases, 2 events each) in %.1f s", ERRORS, DEPLOYMENTS, (System.nanoTime() - t0) / 1e9);
      try (FlotillaServer server = Server.start(new FlotillaServer.Settings("127.0.0.1", 0, "bench-token-0123456789"), store, url, PlatformView.none())) {
        String base = "http://127.0.0.1:" + server.port();
        report.append("\n| scenario | clients | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |\n|---|---|---|---|---|---|---|---|---|\n");
        // warm up the JIT and the pools
        run("warm-up", base, 20, 5, i -> "/api/errors?project=" + PROJECT + "&offset=" + (i % 50) * 50, false);
        double errorsP95 = run("errors list, first page (dashboard polling)", base, CLIENTS, SECONDS, i -> "/api/errors?project=" + PROJECT, true);
        double overviewP95 = run("overview", base, CLIENTS, SECONDS, i -> "/api/overview?project=" + PROJECT, true);
        run("errors list, 200 distinct filtered pages (uncached)", base, CLIENTS, SECONDS,
            i -> "/api/errors?project=" + PROJECT + "&status=unresolved&offset=" + (i % 200) * 50, true);
        run("errors list, text search (uncached)", base, CLIENTS, SECONDS, i -> "/api/errors?project=" + PROJECT + "&q=refused+" + (i % 500), true);
        streams(base, store);
        Files.writeString(Path.of("target", "bench-server.md"), report.toString());
        System.out.println(report);
        assertThat(errorsP95).as("p95 of the errors list").isLessThan(50);
        assertThat(overviewP95).as("p95 of the overview").isLessThan(50);
      }
    }
  }

  void line(String fmt, Object... args) {
    report.append(String.format(Locale.ROOT, fmt, args)).append('\n');
  }

  /** {@code clients} threads each send requests back to back for {@code seconds}; returns p95 in ms. */
  double run(String name, String base, int clients, int seconds, IntFunction<String> path, boolean record) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<long[]> perThread = new ArrayList<>();
    AtomicInteger failures = new AtomicInteger();
    AtomicInteger seq = new AtomicInteger();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    CountDownLatch done = new CountDownLatch(clients);
    for (int c = 0; c < clients; c++) {
      long[] lat = new long[200_000];
      perThread.add(lat);
      pool.submit(() -> {
        int n = 0;
        String etag = null;
        try {
          while (System.nanoTime() < end && n < lat.length - 1) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(base + path.apply(seq.getAndIncrement()))).timeout(Duration.ofSeconds(30)).build();
            long s = System.nanoTime();
            HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            long took = System.nanoTime() - s;
            if (r.statusCode() != 200) failures.incrementAndGet();
            lat[++n] = took;
          }
        } catch (Exception e) {
          failures.incrementAndGet();
        } finally {
          lat[0] = n;
          done.countDown();
        }
      });
    }
    done.await(seconds + 60L, TimeUnit.SECONDS);
    pool.shutdownNow();
    int total = 0;
    for (long[] l : perThread) total += (int) l[0];
    long[] all = new long[total];
    int k = 0;
    for (long[] l : perThread) for (int i = 1; i <= l[0]; i++) all[k++] = l[i];
    Arrays.sort(all);
    double p50 = pct(all, 0.50), p95 = pct(all, 0.95), p99 = pct(all, 0.99), max = all.length == 0 ? 0 : all[all.length - 1] / 1e6;
    if (record) {
      report.append(String.format(Locale.ROOT, "| %s | %d | %,d | %d | %,.0f | %.1f | %.1f | %.1f | %.1f |%n", name, clients, total, failures.get(),
          total / (double) seconds, p50, p95, p99, max));
      System.out.println(report);
    }
    return p95;
  }

  static double pct(long[] sorted, double p) {
    if (sorted.length == 0) return Double.NaN;
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  /** Opens {@code STREAMS} event streams, then records an error and times its arrival on every one. */
  void streams(String base, Store store) throws Exception {
    List<InputStream> bodies = new ArrayList<>();
    AtomicInteger got = new AtomicInteger();
    AtomicLong lastArrival = new AtomicLong();
    ExecutorService readers = Executors.newFixedThreadPool(STREAMS);
    CountDownLatch connected = new CountDownLatch(STREAMS);
    long t0 = System.nanoTime();
    HttpClient sse = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    for (int i = 0; i < STREAMS; i++) {
      readers.submit(() -> {
        try {
          HttpResponse<InputStream> r = sse.send(HttpRequest.newBuilder(URI.create(base + "/api/events")).build(), HttpResponse.BodyHandlers.ofInputStream());
          synchronized (bodies) {
            bodies.add(r.body());
          }
          BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
          boolean counted = false;
          for (String l; (l = in.readLine()) != null; ) {
            if (l.startsWith(":") && !counted) {
              counted = true;
              connected.countDown();
            }
            if (l.equals("event: error")) {
              got.incrementAndGet();
              lastArrival.set(System.nanoTime());
            }
          }
        } catch (Exception e) {
          // closed at the end
        }
      });
    }
    boolean all = connected.await(60, TimeUnit.SECONDS);
    double connectS = (System.nanoTime() - t0) / 1e9;
    Thread.sleep(1000);
    long sent = System.nanoTime();
    store.recordError(NewError.builder(PROJECT, "NET001", dev.flotilla.model.Severity.HIGH, dev.flotilla.model.Category.NETWORK,
        "fan-out probe").fingerprint("fan-out").build());
    long deadline = System.currentTimeMillis() + 20_000;
    while (got.get() < STREAMS && System.currentTimeMillis() < deadline) Thread.sleep(50);
    line("%nEvent streams: %d of %d connected in %.1f s (all: %s); one new error reached %d of them, the last %.0f ms after it was written "
        + "(the server polls the store every %d ms).", STREAMS - connected.getCount(), STREAMS, connectS, all, got.get(),
        (lastArrival.get() - sent) / 1e6, Server.POLL_MILLIS);
    synchronized (bodies) {
      for (InputStream b : bodies) {
        try {
          b.close();
        } catch (Exception e) {
          // gone
        }
      }
    }
    readers.shutdownNow();
    assertThat(got.get()).as("streams that got the event").isEqualTo(STREAMS);
  }

  /** Bulk rows through plain JDBC in the store's schema (the store's per-row API would take minutes). */
  static void seed(String url) throws Exception {
    try (Connection c = DriverManager.getConnection(url)) {
      c.setAutoCommit(false);
      OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
      try (PreparedStatement d = c.prepareStatement("INSERT INTO deployments (id, project, environment, started_by, runtime, started_at, finished_at, outcome, duration_ms) VALUES (?,?,?,?,?,?,?,?,?)");
          PreparedStatement p = c.prepareStatement("INSERT INTO deployment_phases (deployment_id, phase_index, services, started_at, ended_at, outcome) VALUES (?,?,?,?,?,?)");
          PreparedStatement e = c.prepareStatement("INSERT INTO deployment_events (deployment_id, project, occurred_at, actor, action, outcome) VALUES (?,?,?,?,?,?)")) {
        String[] phases = {"[\"postgres\",\"redis\"]", "[\"api\",\"worker\"]", "[\"web\"]"};
        for (int i = 1; i <= DEPLOYMENTS; i++) {
          OffsetDateTime start = now.minusMinutes((long) (DEPLOYMENTS - i) * 7);
          String outcome = i % 10 == 0 ? "FAILED" : i % 25 == 0 ? "ROLLED_BACK" : "SUCCEEDED";
          d.setLong(1, i); d.setString(2, PROJECT); d.setString(3, "staging"); d.setString(4, "ci"); d.setString(5, "docker");
          d.setObject(6, start); d.setObject(7, start.plusSeconds(40)); d.setString(8, outcome); d.setLong(9, 40_000);
          d.addBatch();
          for (int k = 0; k < 3; k++) {
            p.setLong(1, i); p.setInt(2, k); p.setString(3, phases[k]); p.setObject(4, start.plusSeconds(k * 13L)); p.setObject(5, start.plusSeconds(k * 13L + 13));
            p.setString(6, "SUCCEEDED");
            p.addBatch();
          }
          for (String a : new String[] {"deploy.start", "deploy.finish"}) {
            e.setLong(1, i); e.setString(2, PROJECT); e.setObject(3, a.endsWith("start") ? start : start.plusSeconds(40)); e.setString(4, "ci");
            e.setString(5, a); e.setString(6, a.endsWith("start") ? "running" : outcome.toLowerCase(Locale.ROOT));
            e.addBatch();
          }
          if (i % 1000 == 0) {
            d.executeBatch(); p.executeBatch(); e.executeBatch(); c.commit();
          }
        }
        d.executeBatch(); p.executeBatch(); e.executeBatch(); c.commit();
      }
      try (PreparedStatement s = c.prepareStatement("ALTER TABLE deployments ALTER COLUMN id RESTART WITH " + (DEPLOYMENTS + 1))) {
        s.execute();
      }
      String[] services = {"postgres", "redis", "api", "worker", "web"};
      String[] sev = {"CRITICAL", "HIGH", "MEDIUM", "LOW"};
      String[] cat = {"CONFIGURATION", "DEPENDENCY", "RESOURCE", "NETWORK", "SECURITY", "PERFORMANCE", "BUILD", "CODE"};
      try (PreparedStatement er = c.prepareStatement("INSERT INTO deployment_errors (id, \"timestamp\", project, service_name, environment, deployment_stage, error_code,"
          + " severity, category, error_message, fingerprint, occurrences, first_seen, last_seen, status, regressions) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0)");
          PreparedStatement oc = c.prepareStatement("INSERT INTO deployment_error_occurrences (error_id, deployment_id, occurred_at, environment, evidence) VALUES (?,?,?,?,?)")) {
        for (int i = 1; i <= ERRORS; i++) {
          OffsetDateTime at = now.minusSeconds((long) (ERRORS - i) * 25);
          er.setLong(1, i); er.setObject(2, at); er.setString(3, PROJECT); er.setString(4, services[i % 5]); er.setString(5, "staging"); er.setString(6, "health");
          er.setString(7, "DEP" + String.format("%03d", i % 40)); er.setString(8, sev[i % 4]); er.setString(9, cat[i % 8]);
          er.setString(10, services[i % 5] + " connection refused by peer " + (i % 500) + " after " + (i % 97) + " ms");
          er.setString(11, "bench-" + i); er.setLong(12, 1); er.setObject(13, at); er.setObject(14, at); er.setString(15, i % 3 == 0 ? "RESOLVED" : "OPEN");
          er.addBatch();
          oc.setLong(1, i); oc.setLong(2, 1 + (i % DEPLOYMENTS)); oc.setObject(3, at); oc.setString(4, "staging"); oc.setString(5, "Connection refused");
          oc.addBatch();
          if (i % 2000 == 0) {
            er.executeBatch(); oc.executeBatch(); c.commit();
          }
        }
        er.executeBatch(); oc.executeBatch(); c.commit();
      }
      try (PreparedStatement s = c.prepareStatement("ALTER TABLE deployment_errors ALTER COLUMN id RESTART WITH " + (ERRORS + 1))) {
        s.execute();
      }
      c.commit();
    }
  }

  static Instant unused() {
    return Instant.now();
  }
}
