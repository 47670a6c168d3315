package dev.flotilla.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.track.Store;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document served at /api/openapi.json is the API: every documented operation is
 * called on the real server (with each documented query parameter in turn), answers with a
 * documented status and content type, carries the documented required fields, and needs the token
 * exactly when the document says so; every registered route is documented and every documented
 * one is registered.
 */
class OpenApiRoutesTest {
  static final String TOKEN = "openapi-token-0123456789abcdef";
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  @TempDir Path dir;
  Store store;
  FlotillaServer server;
  Seed seed;
  JsonNode spec;

  @BeforeEach
  void start() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("store");
    store = Store.open(url);
    seed = new Seed(store, "shop");
    server = Server.start(new FlotillaServer.Settings("127.0.0.1", 0, TOKEN), store, url, PlatformView.none());
    spec = Json.MAPPER.readTree(send("GET", "/api/openapi.json", true).body());
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
    if (store != null) store.close();
  }

  /** A value for each query parameter the document names; a new parameter without one fails the test. */
  Map<String, String> samples() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("project", "shop");
    m.put("status", "open");
    m.put("severity", "high");
    m.put("category", "network");
    m.put("code", "DEP004");
    m.put("service", "api");
    m.put("environment", "staging");
    m.put("since", "2020-01-01");
    m.put("q", "refused");
    m.put("deployment", Long.toString(seed.deploymentId));
    m.put("limit", "2");
    m.put("offset", "0");
    m.put("outcome", "succeeded");
    m.put("days", "7");
    m.put("format", "markdown");
    return m;
  }

  @Test
  void documentedAndRegisteredRoutesAreTheSame() {
    Set<String> documented = new TreeSet<>();
    forEachOperation((path, method, op) -> documented.add(method + " " + path));
    Set<String> registered = new TreeSet<>();
    for (FlotillaServer.Route r : server.routes()) registered.add(r.method() + " " + r.path());
    assertThat(registered).as("routes the server registers").isEqualTo(documented);
  }

  @Test
  void everyDocumentedOperationAnswersAsDocumented() throws Exception {
    List<String> problems = new ArrayList<>();
    List<String> called = new ArrayList<>();
    Map<String, String> samples = samples();
    forEachOperation((path, method, op) -> {
      String concrete = path.replace("{file}", "app.js")
          .replace("{id}", Long.toString(path.startsWith("/api/errors") ? seed.errorId : seed.deploymentId));
      boolean needsToken = needsToken(op);
      List<String> queries = new ArrayList<>();
      queries.add("");
      for (JsonNode p : op.path("parameters")) {
        JsonNode param = resolve(p);
        if (!param.path("in").asText().equals("query")) continue;
        String name = param.path("name").asText();
        if (!samples.containsKey(name)) {
          problems.add(method + " " + path + ": no sample value for documented parameter '" + name + "' in this test");
          continue;
        }
        queries.add("?" + name + "=" + URLEncoder.encode(samples.get(name), StandardCharsets.UTF_8));
      }
      for (String q : queries) {
        try {
          called.add(method + " " + concrete + q);
          if (path.equals("/api/events")) {
            checkEventStream(concrete + q, problems);
            continue;
          }
          if (needsToken) {
            HttpResponse<String> refused = send(method, concrete + q, false);
            if (refused.statusCode() != 401) problems.add(method + " " + concrete + q + " without a token: " + refused.statusCode());
          }
          // reopen needs a resolved error; resolve is undone after, so every call starts from an open error
          if (path.endsWith("/reopen")) send("POST", concrete.replace("/reopen", "/resolve"), true);
          HttpResponse<String> r = send(method, concrete + q, true);
          check(method + " " + concrete + q, op, r, problems);
          if (path.endsWith("/resolve")) send("POST", concrete.replace("/resolve", "/reopen"), true);
        } catch (Exception e) {
          problems.add(method + " " + concrete + q + ": " + e);
        }
      }
    });
    assertThat(problems).isEmpty();
    assertThat(called).hasSizeGreaterThan(40);
  }

  void check(String call, JsonNode op, HttpResponse<String> r, List<String> problems) throws Exception {
    String status = Integer.toString(r.statusCode());
    JsonNode response = resolve(op.path("responses").path(status));
    if (response.isMissingNode()) {
      problems.add(call + ": status " + status + " is not documented (" + r.body().lines().findFirst().orElse("") + ")");
      return;
    }
    if (r.statusCode() / 100 != 2) {
      problems.add(call + ": " + status + " " + r.body());
      return;
    }
    JsonNode content = response.path("content");
    if (content.isMissingNode() || content.isEmpty()) return;
    String type = r.headers().firstValue("Content-Type").orElse("").split(";")[0].trim();
    if (!content.has(type)) {
      problems.add(call + ": content type " + type + " is not among " + iterable(content.fieldNames()));
      return;
    }
    if (type.equals("application/json")) {
      JsonNode schema = content.path(type).path("schema");
      requiredFields(call, schema, Json.MAPPER.readTree(r.body()), "", problems);
    }
  }

  /** Every property a schema marks required is present, recursively through $ref, allOf, objects and arrays. */
  void requiredFields(String call, JsonNode schema, JsonNode value, String at, List<String> problems) {
    schema = resolve(schema);
    if (schema.isMissingNode() || value == null || value.isNull()) return;
    for (JsonNode part : schema.path("allOf")) requiredFields(call, part, value, at, problems);
    if (value.isObject()) {
      for (JsonNode req : schema.path("required")) {
        if (!value.has(req.asText())) problems.add(call + ": missing required field " + at + "/" + req.asText());
      }
      for (Iterator<String> it = schema.path("properties").fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (value.has(name)) requiredFields(call, schema.path("properties").path(name), value.get(name), at + "/" + name, problems);
      }
    } else if (value.isArray() && schema.has("items")) {
      for (JsonNode item : value) requiredFields(call, schema.path("items"), item, at + "[]", problems);
    }
  }

  void checkEventStream(String path, List<String> problems) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10))
        .header("Accept", "text/event-stream").build();
    HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = r.body()) {
      if (r.statusCode() != 200) problems.add("GET " + path + ": " + r.statusCode());
      String type = r.headers().firstValue("Content-Type").orElse("");
      if (!type.startsWith("text/event-stream")) problems.add("GET " + path + ": content type " + type);
      String first = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)).readLine();
      if (first == null || !first.startsWith(":")) problems.add("GET " + path + ": first line " + first);
    }
  }

  boolean needsToken(JsonNode op) {
    JsonNode security = op.has("security") ? op.path("security") : spec.path("security");
    // [{}] (an empty requirement among the alternatives) means open on loopback
    for (JsonNode alt : security) if (alt.isEmpty()) return false;
    return security.size() > 0;
  }

  @FunctionalInterface
  interface Operation {
    void accept(String path, String method, JsonNode op) throws Exception;
  }

  void forEachOperation(Operation each) {
    for (Iterator<Map.Entry<String, JsonNode>> paths = spec.path("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> p = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> ops = p.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        if (op.getKey().equals("parameters")) continue;
        try {
          each.accept(p.getKey(), op.getKey().toUpperCase(java.util.Locale.ROOT), op.getValue());
        } catch (Exception e) {
          throw new AssertionError(op.getKey() + " " + p.getKey() + ": " + e, e);
        }
      }
    }
  }

  JsonNode resolve(JsonNode node) {
    while (node.has("$ref")) {
      String ref = node.get("$ref").asText();
      JsonNode n = spec;
      for (String part : ref.substring(2).split("/")) n = n.path(part);
      node = n;
    }
    return node;
  }

  static String iterable(Iterator<String> it) {
    List<String> l = new ArrayList<>();
    it.forEachRemaining(l::add);
    return l.toString();
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  HttpResponse<String> send(String method, String path, boolean withToken) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20));
    if (method.equals("POST")) b.POST(HttpRequest.BodyPublishers.ofString("{\"notes\":\"openapi walk\"}")).header("Content-Type", "application/json");
    else b.method(method, HttpRequest.BodyPublishers.noBody());
    if (withToken) b.header("Authorization", "Bearer " + TOKEN);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
