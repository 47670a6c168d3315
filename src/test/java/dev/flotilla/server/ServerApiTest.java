package dev.flotilla.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.model.Category;
import dev.flotilla.model.Severity;
import dev.flotilla.testing.Parts;
import dev.flotilla.track.ErrorStatus;
import dev.flotilla.track.NewError;
import dev.flotilla.track.Store;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API against the real server on loopback, with the embedded store and with PostgreSQL. */
class ServerApiTest {
  static final String TOKEN = "test-token-0123456789abcdef";
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  @TempDir Path dir;
  Store store;
  FlotillaServer server;
  String project;
  Seed seed;

  String pgUrl;

  @AfterEach
  void stop() {
    if (server != null) server.close();
    if (store != null) store.close();
    dev.flotilla.track.TestStores.dropPostgresSchema(pgUrl);
  }

  void startH2(String bind) {
    String url = "jdbc:h2:file:" + dir.resolve("store");
    store = Store.open(url);
    project = "shop";
    seed = new Seed(store, project);
    server = Server.start(new FlotillaServer.Settings(bind, 0, TOKEN), store, url, PlatformView.none());
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20)).GET();
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
    for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  @Test
  void healthReadyAndSecurityHeaders() throws Exception {
    startH2("127.0.0.1");
    HttpResponse<String> h = get("/healthz");
    assertThat(h.statusCode()).isEqualTo(200);
    assertThat(get("/readyz").statusCode()).isEqualTo(200);
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("default-src 'self'").contains("script-src 'self'").doesNotContain("unsafe-inline");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    assertThat(page.body()).doesNotContain("<script>").contains("src=\"/assets/app.js\"").doesNotContain("http://").doesNotContain("https://");
    assertThat(get("/assets/app.js").body()).doesNotContain("innerHTML").doesNotContain("eval(");
    assertThat(get("/assets/..%2F..%2Fopenapi.json").statusCode()).isIn(400, 404);
  }

  @Test
  void everyRegisteredRouteIsDocumented() throws Exception {
    startH2("127.0.0.1");
    JsonNode spec = json(get("/api/openapi.json"));
    assertThat(spec.path("openapi").asText()).startsWith("3.");
    Set<String> documented = new HashSet<>();
    for (Iterator<String> it = spec.path("paths").fieldNames(); it.hasNext(); ) {
      String path = it.next();
      for (Iterator<String> m = spec.path("paths").path(path).fieldNames(); m.hasNext(); ) documented.add(m.next().toUpperCase() + " " + path);
    }
    List<String> missing = new ArrayList<>();
    for (FlotillaServer.Route r : server.routes()) {
      if (!documented.contains(r.method() + " " + r.path())) missing.add(r.method() + " " + r.path());
    }
    assertThat(missing).as("routes missing from openapi.json").isEmpty();
    assertThat(server.routes()).hasSizeGreaterThan(15);
  }

  @Test
  void overviewShowsTheDeployedPlatform() throws Exception {
    startH2("127.0.0.1");
    JsonNode o = json(get("/api/overview?project=shop"));
    assertThat(o.path("lastDeployment").path("outcome").asText()).isEqualTo("succeeded");
    assertThat(o.path("services")).hasSize(4);
    assertThat(o.path("services").get(0).path("phase").asInt()).isZero();
    JsonNode web = null;
    for (JsonNode s : o.path("services")) if (s.path("name").asText().equals("web")) web = s;
    assertThat(web).isNotNull();
    assertThat(web.path("phase").asInt()).isEqualTo(2);
    assertThat(web.path("state").asText()).isEqualTo("started");
    assertThat(web.path("health").path("ok").asBoolean()).isTrue();
    assertThat(o.path("edges")).hasSize(3);
    assertThat(o.path("openErrors").path("total").asInt()).isEqualTo(2);
    assertThat(o.path("openErrors").path("bySeverity").path("critical").asInt()).isEqualTo(1);
    assertThat(o.path("latestCheck").path("total").asInt()).isEqualTo(1);
    JsonNode projects = json(get("/api/projects"));
    assertThat(projects.path("items").get(0).path("name").asText()).isEqualTo("shop");
  }

  @Test
  void deploymentsAndTheirTimeline() throws Exception {
    startH2("127.0.0.1");
    JsonNode list = json(get("/api/deployments?project=shop"));
    assertThat(list.path("total").asInt()).isEqualTo(1);
    JsonNode d = json(get("/api/deployments/" + seed.deploymentId));
    assertThat(d.path("phases")).hasSize(3);
    assertThat(d.path("phases").get(1).path("services").get(0).asText()).isEqualTo("api");
    assertThat(d.path("phases").get(1).path("durationMs").asLong()).isEqualTo(3000);
    assertThat(d.path("events").toString()).contains("deploy.start").contains("deploy.finish").contains("service.start");
    assertThat(d.path("errors")).hasSize(2);
    HttpResponse<String> missing = get("/api/deployments/999999");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing).path("error").path("code").asText()).isEqualTo("not_found");
    HttpResponse<String> md = get("/api/reports/deployments/" + seed.deploymentId + "?format=markdown");
    assertThat(md.body()).contains("# Deployment #" + seed.deploymentId).contains("| 2 | api | succeeded | 3000 |").doesNotContain("<script>");
    JsonNode trends = json(get("/api/trends?project=shop&days=7"));
    assertThat(trends.path("errorsByDay")).hasSize(7);
    assertThat(trends.path("timeToHealthy").toString()).contains("\"service\":\"api\"");
  }

  @Test
  void errorsFilterPageAndEtag() throws Exception {
    startH2("127.0.0.1");
    for (int i = 0; i < 7; i++) {
      store.recordError(NewError.builder("shop", "RES00" + (i % 3), Severity.MEDIUM, Category.RESOURCE, "out of memory number " + i)
          .service("worker").fingerprint("fp-" + i).build());
    }
    JsonNode all = json(get("/api/errors?project=shop&limit=4"));
    assertThat(all.path("total").asInt()).isEqualTo(9);
    assertThat(all.path("items")).hasSize(4);
    assertThat(all.path("next").asText()).contains("offset=4").contains("limit=4");
    JsonNode page3 = json(get("/api/errors?project=shop&limit=4&offset=8"));
    assertThat(page3.path("items")).hasSize(1);
    assertThat(page3.path("next").isNull()).isTrue();
    assertThat(json(get("/api/errors?project=shop&severity=critical")).path("total").asInt()).isEqualTo(1);
    assertThat(json(get("/api/errors?project=shop&category=resource&service=worker")).path("total").asInt()).isEqualTo(7);
    assertThat(json(get("/api/errors?project=shop&code=DEP004")).path("items").get(0).path("id").asLong()).isEqualTo(seed.errorId);
    assertThat(json(get("/api/errors?project=shop&q=LOCALHOST")).path("total").asInt()).isEqualTo(1);
    HttpResponse<String> bad = get("/api/errors?severity=catastrophic");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).path("error").path("code").asText()).isEqualTo("bad_request");
    assertThat(get("/api/errors?limit=5000").statusCode()).isEqualTo(400);
    assertThat(get("/api/nothing-here").statusCode()).isEqualTo(404);
    assertThat(json(get("/api/nothing-here")).path("error").path("message").asText()).contains("/api/nothing-here");

    HttpResponse<String> first = get("/api/errors?project=shop");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again = get("/api/errors?project=shop", "If-None-Match", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();

    JsonNode detail = json(get("/api/errors/" + seed.errorId));
    assertThat(detail.path("cause").asText()).contains("localhost");
    assertThat(detail.path("occurrencesList").get(0).path("evidence").asText()).contains("psycopg2");
  }

  @Test
  void textSearchFindsSubstringsWithAndWithoutTheWordIndex() throws Exception {
    startH2("127.0.0.1");
    searchCases("shop");
  }

  /** The same answers whether a search goes through the word index (a whole word in q) or reads every row. */
  void searchCases(String p) throws Exception {
    store.recordError(NewError.builder(p, "NET007", Severity.LOW, Category.NETWORK, "zork refused by peer 7 after 3 ms").fingerprint("s1").build());
    store.recordError(NewError.builder(p, "NET007", Severity.LOW, Category.NETWORK, "zork refused by peer 77 after 3 ms").fingerprint("s2").build());
    store.recordError(NewError.builder(p, "NET008", Severity.LOW, Category.NETWORK, "Peer 7 After").fingerprint("s3").build());
    String q = "/api/errors?project=" + p + "&q=";
    assertThat(json(get(q + "peer+7+after")).path("total").asInt()).isEqualTo(2); // "7" is whole: the index
    assertThat(json(get(q + "PEER%207%20AFTER")).path("total").asInt()).isEqualTo(2);
    assertThat(json(get(q + "eer+7+aft")).path("total").asInt()).isEqualTo(2);
    assertThat(json(get(q + "peer+8+after")).path("total").asInt()).isZero(); // no error has the word "8"
    assertThat(json(get(q + "ork+refuse")).path("total").asInt()).isEqualTo(2); // no whole word: every row is read
    assertThat(json(get(q + "net00")).path("total").asInt()).isEqualTo(3); // the code, read row by row
    JsonNode past = json(get(q + "peer+7+after&offset=10"));
    assertThat(past.path("items")).isEmpty();
    assertThat(past.path("total").asInt()).isEqualTo(2);
    // a new occurrence with another message: its words follow the message (the server sees the
    // store's change within a poll, so its cached answer may be a second old)
    store.recordError(NewError.builder(p, "NET007", Severity.LOW, Category.NETWORK, "redis timed out at peer 9 after 5 s").fingerprint("s1").build());
    await().atMost(Duration.ofSeconds(10)).until(() -> json(get(q + "peer+7+after")).path("total").asInt() == 1);
    assertThat(json(get(q + "peer+9+after")).path("items").get(0).path("message").asText()).isEqualTo("redis timed out at peer 9 after 5 s");
  }

  @Test
  void searchesBeyondTheGateAreRefusedWithRetryAfter() throws Exception {
    startH2("127.0.0.1");
    java.util.concurrent.Semaphore gate = server.api().searchGate();
    gate.acquire(Api.SEARCHES); // two long searches running
    try {
      long t0 = System.nanoTime();
      HttpResponse<String> busy = get("/api/errors?project=shop&q=refused");
      assertThat(busy.statusCode()).isEqualTo(503);
      assertThat(busy.headers().firstValue("Retry-After")).hasValue("2");
      assertThat(json(busy).path("error").path("code").asText()).isEqualTo("busy");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(Api.SEARCH_WAIT_MILLIS - 100), Duration.ofSeconds(15));
      assertThat(get("/api/errors?project=shop").statusCode()).isEqualTo(200); // lists do not wait for searches
    } finally {
      gate.release(Api.SEARCHES);
    }
    assertThat(get("/api/errors?project=shop&q=refused").statusCode()).isEqualTo(200);
  }

  @Test
  void cachedAnswersComeGzippedWithTheSameEtagAndHeaders() throws Exception {
    startH2("127.0.0.1");
    for (int i = 0; i < 30; i++) {
      store.recordError(NewError.builder("shop", "NET001", Severity.LOW, Category.NETWORK, "timeout number " + i).fingerprint("g" + i).build());
    }
    HttpResponse<String> plain = get("/api/errors?project=shop");
    assertThat(plain.body().length()).isGreaterThan(2000);
    HttpResponse<byte[]> zipped = null;
    for (int i = 0; i < 3; i++) { // the first may go through the router; the next come from the cache
      zipped = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/errors?project=shop")).header("Accept-Encoding", "gzip").build(),
          HttpResponse.BodyHandlers.ofByteArray());
    }
    assertThat(CachedAnswers.served()).isPositive();
    assertThat(zipped.statusCode()).isEqualTo(200);
    assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(zipped.headers().firstValue("ETag")).isEqualTo(plain.headers().firstValue("ETag"));
    assertThat(zipped.headers().firstValue("Content-Security-Policy")).isEqualTo(plain.headers().firstValue("Content-Security-Policy"));
    assertThat(zipped.headers().firstValue("Content-Type")).isEqualTo(plain.headers().firstValue("Content-Type"));
    assertThat(zipped.headers().map().keySet()).containsAll(plain.headers().map().keySet().stream()
        .filter(h -> !h.equalsIgnoreCase("content-length") && !h.equalsIgnoreCase("transfer-encoding")).toList()); // framing may differ
    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body()))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(plain.body());
    }
    HttpResponse<String> same = get("/api/errors?project=shop", "If-None-Match", plain.headers().firstValue("ETag").orElseThrow());
    assertThat(same.statusCode()).isEqualTo(304);
    assertThat(same.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    // a change made through the API is never answered from the old copy
    assertThat(post("/api/errors/" + seed.errorId + "/resolve", "{}", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    assertThat(get("/api/errors?project=shop").body()).isNotEqualTo(plain.body());
  }

  @Test
  void resolveNeedsTheTokenAndReachesTheStore() throws Exception {
    startH2("127.0.0.1");
    String path = "/api/errors/" + seed.errorId + "/resolve";
    HttpResponse<String> none = post(path, "{\"notes\":\"x\"}");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();
    assertThat(json(none).path("error").path("code").asText()).isEqualTo("unauthorized");
    assertThat(post(path, "{}", "Authorization", "Bearer wrong-token").statusCode()).isEqualTo(401);
    assertThat(store.error(seed.errorId).orElseThrow().status()).isEqualTo(ErrorStatus.OPEN);

    String before = get("/api/errors?project=shop&status=unresolved").body();
    HttpResponse<String> ok = post(path, "{\"notes\":\"pointed api at postgres:5432\",\"by\":\"bob\"}", "Authorization", "Bearer " + TOKEN);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(json(ok).path("status").asText()).isEqualTo("resolved");
    var inStore = store.error(seed.errorId).orElseThrow();
    assertThat(inStore.status()).isEqualTo(ErrorStatus.RESOLVED);
    assertThat(inStore.resolutionNotes()).isEqualTo("pointed api at postgres:5432");
    assertThat(inStore.resolvedBy()).isEqualTo("bob");
    // the cached list is not served stale after a change
    assertThat(get("/api/errors?project=shop&status=unresolved").body()).isNotEqualTo(before);
    assertThat(json(get("/api/errors?project=shop&status=unresolved")).path("total").asInt()).isEqualTo(1);

    assertThat(post(path, "{}", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(409);
    assertThat(post(path.replace("resolve", "reopen"), "{}", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    assertThat(store.error(seed.errorId).orElseThrow().status()).isEqualTo(ErrorStatus.OPEN);
    assertThat(post("/api/errors/" + seed.errorId + "/resolve", "not json", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(400);
    assertThat(post("/api/errors/424242/resolve", "{}", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(404);
  }

  @Test
  void offLoopbackEveryApiCallNeedsTheToken() throws Exception {
    startH2("0.0.0.0");
    assertThat(get("/api/errors").statusCode()).isEqualTo(401);
    assertThat(get("/metrics").statusCode()).isEqualTo(401);
    assertThat(get("/api/errors", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void aForeignHostNameIsRefusedOnLoopback() throws Exception {
    startH2("127.0.0.1");
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write("GET /api/errors HTTP/1.1\r\nHost: attacker.example:8088\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
      assertThat(status).contains("421");
    }
    assertThat(get("/api/errors", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
  }

  @Test
  void eventsStreamNewErrorsWrittenByAnotherWriter() throws Exception {
    startH2("127.0.0.1");
    HttpRequest req = HttpRequest.newBuilder(URI.create(base() + "/api/events")).header("Accept", "text/event-stream").build();
    HttpResponse<InputStream> res = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
        for (String l; (l = r.readLine()) != null; ) lines.add(l);
      } catch (Exception e) {
        // closed
      }
    });
    reader.setDaemon(true);
    reader.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.startsWith(":")));
    // a second connection to the store, as `flotilla up` in another process would write it
    try (Store other = Store.open("jdbc:h2:file:" + dir.resolve("store"))) {
      other.recordError(NewError.builder("shop", "DEP001", Severity.HIGH, Category.DEPENDENCY, "redis refused the connection " + UUID.randomUUID())
          .service("api").build());
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("event: error"));
    assertThat(String.join("\n", lines)).contains("redis refused the connection").contains("\"code\":\"DEP001\"");
    res.body().close();
  }

  @Test
  void metricsInPrometheusFormat() throws Exception {
    startH2("127.0.0.1");
    String m = get("/metrics").body();
    assertThat(m).contains("flotilla_deploy_phase_duration_seconds_bucket{").contains("phase=\"2\"")
        .contains("flotilla_time_to_healthy_seconds_count{").contains("service=\"api\"")
        .contains("flotilla_open_errors{").contains("code=\"HLT001\"")
        .contains("flotilla_rollbacks_total").contains("flotilla_sse_clients");
    store.recordError(NewError.builder("shop", "NET001", Severity.LOW, Category.NETWORK, "timeout").build());
    await().atMost(Duration.ofSeconds(10)).until(() -> get("/metrics").body().contains("flotilla_errors_total{"));
  }

  @Test
  void againstPostgres() throws Exception {
    // a schema of its own: the shared database's public schema may be at another branch's migrations
    pgUrl = dev.flotilla.track.TestStores.freshPostgresSchema();
    String url = pgUrl;
    store = Store.open(url);
    project = "shop-" + UUID.randomUUID().toString().substring(0, 8);
    seed = new Seed(store, project);
    server = Server.start(new FlotillaServer.Settings("127.0.0.1", 0, TOKEN), store, url, PlatformView.none());
    JsonNode o = json(get("/api/overview?project=" + project));
    assertThat(o.path("services")).hasSize(4);
    assertThat(o.path("openErrors").path("total").asInt()).isEqualTo(2);
    JsonNode errors = json(get("/api/errors?project=" + project + "&severity=critical"));
    assertThat(errors.path("total").asInt()).isEqualTo(1);
    assertThat(errors.path("items").get(0).path("message").asText()).contains("<script>");
    HttpResponse<String> ok = post("/api/errors/" + seed.errorId + "/resolve", "{\"notes\":\"fixed\"}", "Authorization", "Bearer " + TOKEN);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(store.error(seed.errorId).orElseThrow().status()).isEqualTo(ErrorStatus.RESOLVED);
    assertThat(json(get("/api/deployments/" + seed.deploymentId)).path("phases")).hasSize(3);
    assertThat(json(get("/api/trends?project=" + project)).path("errorsByCategory")).isNotEmpty();
    searchCases(project);
  }
}
