package dev.flotilla.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.model.UserError;
import dev.flotilla.server.ReadModel.Counted;
import dev.flotilla.server.ReadModel.DeploymentRow;
import dev.flotilla.server.ReadModel.ErrorFilter;
import dev.flotilla.server.ReadModel.ErrorRow;
import dev.flotilla.server.ReadModel.HealthRow;
import dev.flotilla.track.CheckFinding;
import dev.flotilla.track.CheckRunSummary;
import dev.flotilla.track.Deployment;
import dev.flotilla.track.ErrorOccurrence;
import dev.flotilla.track.ErrorStatus;
import dev.flotilla.track.ErrorTransition;
import dev.flotilla.track.Event;
import dev.flotilla.track.HealthSample;
import dev.flotilla.track.Phase;
import dev.flotilla.track.ReadinessScore;
import dev.flotilla.track.Store;
import dev.flotilla.track.TrackedError;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The REST API under {@code /api}: projects, overview, deployments, services, errors (with
 * resolve and reopen), findings, scores, trends and reports. Reads go through the store and the
 * {@link ReadModel}; GET answers carry ETags, and identical GETs within a short window are served
 * from a small cache that every change seen by the event poller (or made through this API) clears.
 */
public final class Api implements FlotillaServer.Module {
  private static final Set<String> SEVERITIES = Set.of("critical", "high", "medium", "low");
  private static final Set<String> STATUSES = Set.of("open", "resolved", "regression", "unresolved");
  private static final Set<String> CATEGORIES =
      Set.of("configuration", "dependency", "resource", "network", "security", "performance", "build", "code");
  private static final Set<String> OUTCOMES = Set.of("running", "succeeded", "failed", "rolled-back", "cancelled", "skipped");
  private static final long CACHE_MILLIS = 1000;
  private static final long STALE_MILLIS = 10_000;
  private static final int CACHE_ENTRIES = 2000;
  /** Text searches running at once; more wait up to {@link #SEARCH_WAIT_MILLIS}, then get 503. */
  static final int SEARCHES = 2;
  static final long SEARCH_WAIT_MILLIS = 2000;

  private final Store store;
  private final ReadModel read;
  private final PlatformView platform;
  private final AtomicLong version = new AtomicLong();
  private final Map<String, CompletableFuture<Cached>> cache = new ConcurrentHashMap<>();
  private final Set<String> refreshing = ConcurrentHashMap.newKeySet();
  /**
   * Text searches run a few at a time (one that cannot use the word index reads every row), so
   * they neither take every store connection from the lists nor pile up behind each other; one
   * that waits too long is refused (decision 0081).
   */
  private final java.util.concurrent.Semaphore searches = new java.util.concurrent.Semaphore(SEARCHES, true);

  private record Cached(long version, long at, Json.Rendered rendered) {}

  public Api(Store store, ReadModel read, PlatformView platform) {
    this.store = store;
    this.read = read;
    this.platform = platform;
  }

  /** Something changed in the store: cached answers are stale. */
  public void changed() {
    version.incrementAndGet();
  }

  @Override
  public boolean ready() {
    return read.reachable();
  }

  @Override
  public void register(JavalinConfig config) {
    var r = config.routes;
    r.get("/api/projects", ctx -> cached(ctx, this::projects));
    r.get("/api/overview", ctx -> cached(ctx, () -> overview(project(ctx))));
    r.get("/api/services", ctx -> cached(ctx, () -> services(project(ctx))));
    r.get("/api/deployments", ctx -> cached(ctx, () -> deployments(ctx)));
    r.get("/api/deployments/{id}", ctx -> cached(ctx, () -> deployment(id(ctx))));
    r.get("/api/errors", ctx -> cached(ctx, () -> errors(ctx)));
    r.get("/api/errors/{id}", ctx -> cached(ctx, () -> error(id(ctx))));
    r.post("/api/errors/{id}/resolve", ctx -> transition(ctx, true));
    r.post("/api/errors/{id}/reopen", ctx -> transition(ctx, false));
    r.get("/api/findings", ctx -> cached(ctx, () -> findings(ctx)));
    r.get("/api/scores", ctx -> cached(ctx, () -> scores(project(ctx))));
    r.get("/api/trends", ctx -> cached(ctx, () -> trends(project(ctx), days(ctx))));
    r.get("/api/reports/deployments/{id}", this::report);
  }

  // ------------------------------------------------------------------ caching

  /**
   * Answers from the cache when the entry is fresh (same store version, younger than
   * {@value #CACHE_MILLIS} ms). An entry of the same store version that is only older (up to
   * {@value #STALE_MILLIS} ms) is refreshed by the one request that finds it so, while concurrent
   * identical requests keep getting it: under steady polling nobody waits for a recomputation
   * unless the store changed. After a change one request computes the answer while identical
   * requests wait for that result instead of all querying the store at once.
   */
  private void cached(Context ctx, Supplier<Object> compute) {
    String key = ctx.path() + "?" + (ctx.queryString() == null ? "" : ctx.queryString());
    Json.respond(ctx, fresh(key, () -> Json.Rendered.of(compute.get())).rendered);
  }

  private Cached fresh(String key, Supplier<Json.Rendered> compute) {
    long v = version.get();
    long now = System.currentTimeMillis();
    CompletableFuture<Cached> current = cache.get(key);
    Cached known = current == null || !current.isDone() || current.isCompletedExceptionally() ? null : current.getNow(null);
    // a fresh hit reads the map without locking it: many clients polling one list do not queue
    if (known != null && known.version == v && now - known.at <= CACHE_MILLIS) return known;
    if (known != null && known.version == v && now - known.at > CACHE_MILLIS && now - known.at <= STALE_MILLIS) {
      if (!refreshing.add(key)) return known; // another request is refreshing it: this one takes the copy it has
      try {
        Cached renewed = new Cached(v, now, compute.get());
        cache.put(key, CompletableFuture.completedFuture(renewed));
        return renewed;
      } finally {
        refreshing.remove(key);
      }
    }
    CompletableFuture<Cached> mine = new CompletableFuture<>();
    CompletableFuture<Cached> f = cache.compute(key, (k, old) -> {
      if (old != null) {
        if (!old.isDone()) return old; // someone is computing it now
        if (old.isCompletedExceptionally()) return mine; // a failed computation: try again
        Cached c = old.getNow(null);
        if (c != null && c.version == v && now - c.at <= CACHE_MILLIS) return old;
      }
      return mine;
    });
    if (f == mine) {
      if (cache.size() > CACHE_ENTRIES) cache.entrySet().removeIf(e -> e.getValue().isDone() && e.getValue() != mine);
      try {
        mine.complete(new Cached(v, now, compute.get()));
      } catch (RuntimeException e) {
        cache.remove(key, mine);
        mine.completeExceptionally(e);
        throw e;
      }
    }
    try {
      return f.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw e;
    }
  }

  /**
   * The cached answer to a GET of {@code key} (path and query, as {@link #cached} keys it) when
   * the router would send it as it is: fresh, or only older while another request refreshes it.
   * Null otherwise, and the request goes through the router (which refreshes or recomputes).
   */
  Json.Rendered ready(String key) {
    CompletableFuture<Cached> f = cache.get(key);
    if (f == null || !f.isDone() || f.isCompletedExceptionally()) return null;
    Cached c = f.getNow(null);
    if (c == null || c.version != version.get()) return null;
    long age = System.currentTimeMillis() - c.at;
    if (age <= CACHE_MILLIS) return c.rendered;
    return age <= STALE_MILLIS && refreshing.contains(key) ? c.rendered : null;
  }

  /** The total of a filtered list, shared by all its pages until the store changes. */
  long total(String filterKey, java.util.function.LongSupplier count) {
    Cached c = fresh("#count " + filterKey, () -> new Json.Rendered(Long.toString(count.getAsLong()).getBytes(java.nio.charset.StandardCharsets.US_ASCII), "", null));
    return Long.parseLong(new String(c.rendered.body(), java.nio.charset.StandardCharsets.US_ASCII));
  }

  // ------------------------------------------------------------------ parameters

  private String project(Context ctx) {
    String p = ctx.queryParam("project");
    if (p != null && !p.isBlank()) return p.trim();
    return platform.defaultProject().orElseGet(() -> store.latestDeployment(null).map(Deployment::project)
        .orElseGet(() -> store.projects().stream().findFirst().orElse(null)));
  }

  private static String opt(Context ctx, String name) {
    String v = ctx.queryParam(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static long id(Context ctx) {
    String v = ctx.pathParam("id");
    try {
      long id = Long.parseLong(v);
      if (id <= 0) throw new NumberFormatException();
      return id;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("id must be a positive whole number, got '" + Text.clip(v, 40) + "'");
    }
  }

  private static int days(Context ctx) {
    int d = Page.intParam(ctx, "days", 30);
    if (d < 1 || d > 366) throw ApiException.badRequest("days must be between 1 and 366, got " + d);
    return d;
  }

  private static Set<String> oneOf(Context ctx, String name, Set<String> allowed) {
    String v = opt(ctx, name);
    if (v == null) return Set.of();
    Set<String> out = new LinkedHashSet<>();
    for (String s : v.toLowerCase(Locale.ROOT).split(",")) {
      String t = s.trim();
      if (t.isEmpty()) continue;
      if (!allowed.contains(t)) {
        throw ApiException.badRequest(name + " '" + Text.clip(t, 40) + "' is not one of " + String.join(", ", new java.util.TreeSet<>(allowed)));
      }
      out.add(t);
    }
    return out;
  }

  private static Instant since(Context ctx) {
    String v = opt(ctx, "since");
    if (v == null) return null;
    try {
      return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("since must be a date (2026-11-22) or an instant (2026-11-22T08:00:00Z), got '" + Text.clip(v, 40) + "'");
    }
  }

  // ------------------------------------------------------------------ projects and overview

  private Object projects() {
    List<Map<String, Object>> items = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>(store.projects());
    platform.defaultProject().ifPresent(names::add);
    for (String p : names) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", p);
      m.put("lastDeployment", store.latestDeployment(p).map(Api::deploymentView).orElse(null));
      m.put("openErrors", read.openErrorsBySeverity(p).values().stream().mapToLong(Long::longValue).sum());
      items.add(m);
    }
    return Map.of("items", items, "total", items.size());
  }

  private Object overview(String project) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("project", project);
    Optional<Deployment> last = project == null ? Optional.empty() : store.latestDeployment(project);
    out.put("lastDeployment", last.map(Api::deploymentView).orElse(null));
    Map<String, Object> svc = services(project);
    out.put("source", svc.get("source"));
    out.put("services", svc.get("services"));
    out.put("edges", svc.get("edges"));
    Map<String, Long> bySeverity = read.openErrorsBySeverity(project);
    out.put("openErrors", Map.of("total", bySeverity.values().stream().mapToLong(Long::longValue).sum(), "bySeverity", bySeverity));
    List<CheckRunSummary> runs = project == null ? List.of() : store.checkRuns(project, null, 1);
    out.put("latestCheck", runs.isEmpty() ? null : checkView(runs.get(0)));
    return out;
  }

  /** Services with their phase, state and health: live from the runtime when it answers, else from the store. */
  private Map<String, Object> services(String project) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("project", project);
    if (project == null) {
      out.put("source", "store");
      out.put("services", List.of());
      out.put("edges", List.of());
      return out;
    }
    Map<String, Map<String, Object>> services = new LinkedHashMap<>();
    // 1. the plan of the project on disk, when serve was given one
    PlatformView.Shape shape = platform.shape(project).orElse(null);
    if (shape != null) {
      for (int i = 0; i < shape.phases().size(); i++) {
        for (String s : shape.phases().get(i)) service(services, s).put("phase", i);
      }
    }
    // 2. the last deployment: its phases say where each service got to
    Optional<Deployment> last = store.latestDeployment(project);
    Map<String, String> stateFromEvents = new HashMap<>();
    if (last.isPresent()) {
      for (Phase p : store.phases(last.get().id())) {
        for (String s : p.services()) {
          Map<String, Object> m = service(services, s);
          m.putIfAbsent("phase", p.index());
          m.put("state", phaseState(p.outcome().lower()));
          m.put("deploymentId", last.get().id());
        }
      }
      for (Event e : store.events(last.get().id())) {
        if (e.service() != null && e.action() != null && e.action().startsWith("service.")) {
          stateFromEvents.put(e.service(), e.outcome() != null ? e.outcome() : e.action().substring(8));
        }
      }
    }
    stateFromEvents.forEach((s, st) -> service(services, s).put("state", st));
    // 3. health: the newest sample of each service
    for (HealthRow h : read.latestHealth(project)) {
      Map<String, Object> m = service(services, h.service());
      m.put("health", healthView(h.at(), h.ok(), h.latencyMs(), h.statusCode(), h.probe(), h.detail()));
    }
    // 4. live state from the runtime, when it answers
    String source = "store";
    Optional<Map<String, String>> live = platform.liveStates(project, services.keySet());
    if (live.isPresent()) {
      source = "runtime";
      live.get().forEach((s, st) -> service(services, s).put("state", st));
    }
    List<Map<String, Object>> list = new ArrayList<>(services.values());
    for (Map<String, Object> m : list) m.putIfAbsent("state", "unknown");
    list.sort((a, b) -> {
      int pa = a.get("phase") == null ? Integer.MAX_VALUE : (Integer) a.get("phase");
      int pb = b.get("phase") == null ? Integer.MAX_VALUE : (Integer) b.get("phase");
      return pa != pb ? Integer.compare(pa, pb) : ((String) a.get("name")).compareTo((String) b.get("name"));
    });
    out.put("source", source);
    out.put("services", list);
    out.put("edges", shape == null ? edgesFromDetails(last.orElse(null)) : shape.edges());
    return out;
  }

  private static Map<String, Object> service(Map<String, Map<String, Object>> services, String name) {
    return services.computeIfAbsent(name, n -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", n);
      m.put("phase", null);
      return m;
    });
  }

  private static String phaseState(String outcome) {
    return switch (outcome) {
      case "succeeded" -> "running";
      case "running" -> "starting";
      case "failed" -> "failed";
      case "rolled-back" -> "rolled-back";
      case "skipped" -> "not started";
      case "cancelled" -> "stopped";
      default -> outcome;
    };
  }

  /** Edges recorded with a deployment ({@code details} JSON with an {@code edges} array), if the deployer wrote them. */
  private static List<Map<String, Object>> edgesFromDetails(Deployment d) {
    if (d == null || d.details() == null || d.details().isBlank()) return List.of();
    try {
      JsonNode root = Json.MAPPER.readTree(d.details());
      JsonNode edges = root.path("edges");
      if (!edges.isArray()) edges = root.path("plan").path("edges");
      List<Map<String, Object>> out = new ArrayList<>();
      for (JsonNode e : edges) {
        if (!e.hasNonNull("from") || !e.hasNonNull("to")) continue;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", e.get("from").asText());
        m.put("to", e.get("to").asText());
        m.put("inferred", e.path("inferred").asBoolean(false));
        if (e.hasNonNull("reason")) m.put("reason", Text.untrusted(e.get("reason").asText(), 300));
        out.add(m);
      }
      return out;
    } catch (Exception e) {
      return List.of();
    }
  }

  // ------------------------------------------------------------------ deployments

  private Object deployments(Context ctx) {
    Page.Window w = Page.window(ctx);
    Set<String> outcome = oneOf(ctx, "outcome", OUTCOMES);
    if (outcome.size() > 1) throw ApiException.badRequest("outcome takes one value");
    Counted<DeploymentRow> rows = read.deployments(project(ctx), outcome.isEmpty() ? null : outcome.iterator().next(),
        opt(ctx, "environment"), w.limit(), w.offset(), (sql, args) -> total("deployments " + sql + args, () -> read.count(sql, args)));
    return Page.of(ctx, w, rows.items(), rows.total());
  }

  private Object deployment(long id) {
    Deployment d = store.deployment(id).orElseThrow(() -> ApiException.notFound("no deployment #" + id));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("deployment", deploymentView(d));
    List<Map<String, Object>> phases = new ArrayList<>();
    for (Phase p : store.phases(id)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("index", p.index());
      m.put("services", p.services());
      m.put("startedAt", p.startedAt());
      m.put("endedAt", p.endedAt());
      m.put("outcome", p.outcome().lower());
      m.put("durationMs", p.endedAt() == null || p.startedAt() == null ? null : Duration.between(p.startedAt(), p.endedAt()).toMillis());
      m.put("detail", Text.untrusted(p.detail(), 4000));
      phases.add(m);
    }
    out.put("phases", phases);
    out.put("events", store.events(id).stream().map(Api::eventView).toList());
    out.put("errors", read.errors(new ErrorFilter(null, Set.of(), Set.of(), null, null, null, null, null, null, id), 100, 0, null).items()
        .stream().map(Api::errorRowView).toList());
    List<HealthSample> samples = store.healthSamples(id);
    out.put("health", samples.stream().skip(Math.max(0, samples.size() - 200))
        .map(h -> {
          Map<String, Object> m = healthView(h.at(), h.ok(), h.latencyMs(), h.statusCode(), h.probe(), h.detail());
          m.put("service", h.service());
          return m;
        }).toList());
    return out;
  }

  static Map<String, Object> deploymentView(Deployment d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", d.id());
    m.put("project", d.project());
    m.put("environment", d.environment());
    m.put("user", d.user());
    m.put("runtime", d.runtime());
    m.put("startedAt", d.startedAt());
    m.put("finishedAt", d.finishedAt());
    m.put("outcome", d.outcome().lower());
    m.put("durationMs", d.durationMs());
    m.put("rolledBackTo", d.rolledBackTo());
    return m;
  }

  private static Map<String, Object> eventView(Event e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("at", e.at());
    m.put("actor", e.actor());
    m.put("action", e.action());
    m.put("outcome", e.outcome());
    m.put("service", e.service());
    m.put("details", Text.untrusted(e.details(), 4000));
    return m;
  }

  private static Map<String, Object> healthView(Instant at, boolean ok, Long latencyMs, Integer statusCode, String probe, String detail) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", at);
    m.put("ok", ok);
    m.put("latencyMs", latencyMs);
    m.put("statusCode", statusCode);
    m.put("probe", Text.untrusted(probe, 500));
    m.put("detail", Text.untrusted(detail, 2000));
    return m;
  }

  // ------------------------------------------------------------------ errors

  private Object errors(Context ctx) {
    Page.Window w = Page.window(ctx);
    Set<String> statuses = new LinkedHashSet<>(oneOf(ctx, "status", STATUSES));
    if (statuses.remove("unresolved")) {
      statuses.add("open");
      statuses.add("regression");
    }
    Set<String> category = oneOf(ctx, "category", CATEGORIES);
    if (category.size() > 1) throw ApiException.badRequest("category takes one value");
    String deployment = opt(ctx, "deployment");
    Long deploymentId = null;
    if (deployment != null) {
      try {
        deploymentId = Long.parseLong(deployment);
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("deployment must be a deployment id");
      }
    }
    String code = opt(ctx, "code");
    if (code != null && !code.matches("[A-Za-z]{2,5}[0-9]{0,4}")) throw ApiException.badRequest("code must look like DEP004");
    ErrorFilter f = new ErrorFilter(project(ctx), statuses, oneOf(ctx, "severity", SEVERITIES),
        category.isEmpty() ? null : category.iterator().next(), code, opt(ctx, "service"), opt(ctx, "environment"), since(ctx),
        Optional.ofNullable(opt(ctx, "q")).map(s -> Text.clip(s, 200)).orElse(null), deploymentId);
    Counted<ErrorRow> rows = f.text() == null
        ? read.errors(f, w.limit(), w.offset(), filter -> total("errors " + filter, () -> read.countErrors(filter)))
        : searching(() -> read.errors(f, w.limit(), w.offset(), null));
    return Page.of(ctx, w, rows.items().stream().map(Api::errorRowView).toList(), rows.total());
  }

  /** The gate text searches pass (tests hold its permits to see the refusal). */
  java.util.concurrent.Semaphore searchGate() {
    return searches;
  }

  private <T> T searching(Supplier<T> search) {
    boolean got;
    try {
      got = searches.tryAcquire(SEARCH_WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      got = false;
    }
    if (!got) throw new ApiException(503, "busy", "too many text searches at once; try again in a moment");
    try {
      return search.get();
    } finally {
      searches.release();
    }
  }

  private static Map<String, Object> errorRowView(ErrorRow e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("project", e.project());
    m.put("service", e.service());
    m.put("environment", e.environment());
    m.put("code", e.code());
    m.put("severity", e.severity());
    m.put("category", e.category());
    m.put("message", Text.untrusted(e.message(), 1000));
    m.put("occurrences", e.occurrences());
    m.put("firstSeen", e.firstSeen());
    m.put("lastSeen", e.lastSeen());
    m.put("status", e.status());
    m.put("regressions", e.regressions());
    return m;
  }

  private Object error(long id) {
    TrackedError e = store.error(id).orElseThrow(() -> ApiException.notFound("no error #" + id));
    Map<String, Object> m = errorView(e);
    m.put("occurrencesList", store.occurrences(id, 10).stream().map(Api::occurrenceView).toList());
    m.put("transitions", store.transitions(id).stream().map(Api::transitionView).toList());
    m.put("deployments", store.hits(id).stream().map(h -> {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("deploymentId", h.deploymentId());
      x.put("occurrences", h.occurrences());
      x.put("firstSeen", h.firstSeen());
      x.put("lastSeen", h.lastSeen());
      return x;
    }).toList());
    return m;
  }

  static Map<String, Object> errorView(TrackedError e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id());
    m.put("project", e.project());
    m.put("timestamp", e.timestamp());
    m.put("service", e.service());
    m.put("environment", e.environment());
    m.put("stage", e.stage());
    m.put("code", e.code());
    m.put("severity", e.severity().lower());
    m.put("category", e.category().lower());
    m.put("message", Text.untrusted(e.message()));
    m.put("stackTrace", Text.untrusted(e.stackTrace()));
    m.put("userImpact", Text.untrusted(e.userImpact(), 4000));
    m.put("businessImpact", Text.untrusted(e.businessImpact(), 4000));
    m.put("cause", Text.untrusted(e.cause(), 4000));
    m.put("fix", Text.untrusted(e.fix(), 4000));
    m.put("fingerprint", e.fingerprint());
    m.put("occurrences", e.occurrences());
    m.put("firstSeen", e.firstSeen());
    m.put("lastSeen", e.lastSeen());
    m.put("status", e.status().lower());
    m.put("regressions", e.regressions());
    m.put("resolutionNotes", Text.untrusted(e.resolutionNotes(), 8000));
    m.put("resolvedAt", e.resolvedAt());
    m.put("resolvedBy", e.resolvedBy());
    return m;
  }

  private static Map<String, Object> occurrenceView(ErrorOccurrence o) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", o.at());
    m.put("deploymentId", o.deploymentId());
    m.put("environment", o.environment());
    m.put("evidence", Text.untrusted(o.evidence()));
    return m;
  }

  private static Map<String, Object> transitionView(ErrorTransition t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", t.at());
    m.put("from", t.from() == null ? null : t.from().lower());
    m.put("to", t.to().lower());
    m.put("actor", t.actor());
    m.put("notes", Text.untrusted(t.notes(), 8000));
    return m;
  }

  private void transition(Context ctx, boolean resolve) {
    long id = id(ctx);
    String notes = null;
    String by = null;
    String body = ctx.body();
    if (!body.isBlank()) {
      JsonNode n;
      try {
        n = Json.MAPPER.readTree(body);
      } catch (Exception e) {
        throw ApiException.badRequest("the body must be JSON like {\"notes\": \"what fixed it\"}");
      }
      if (!n.isObject()) throw ApiException.badRequest("the body must be a JSON object");
      if (n.hasNonNull("notes")) notes = n.get("notes").asText();
      if (n.hasNonNull("by")) by = n.get("by").asText();
    }
    if (notes != null && notes.length() > 8000) throw ApiException.badRequest("notes are limited to 8000 characters");
    if (by != null && (by.isBlank() || by.length() > 100)) throw ApiException.badRequest("by must be 1 to 100 characters");
    TrackedError current = store.error(id).orElseThrow(() -> ApiException.notFound("no error #" + id));
    if (resolve && current.status() == ErrorStatus.RESOLVED) throw ApiException.conflict("error #" + id + " is already resolved");
    if (!resolve && current.status() != ErrorStatus.RESOLVED) throw ApiException.conflict("error #" + id + " is not resolved");
    String who = by == null ? "flotilla serve" : by;
    TrackedError after;
    try {
      after = resolve ? store.resolveError(id, notes, who, null) : store.reopenError(id, who, null);
    } catch (UserError e) {
      throw ApiException.notFound(e.getMessage());
    }
    changed();
    Json.respond(ctx, errorView(after));
  }

  // ------------------------------------------------------------------ findings, scores

  private static Map<String, Object> checkView(CheckRunSummary r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("at", r.at());
    m.put("user", r.user());
    m.put("toolVersion", r.toolVersion());
    m.put("total", r.total());
    m.put("bySeverity", Map.of("critical", r.critical(), "high", r.high(), "medium", r.medium(), "low", r.low()));
    return m;
  }

  private Object findings(Context ctx) {
    Page.Window w = Page.window(ctx);
    String project = project(ctx);
    List<CheckRunSummary> runs = project == null ? List.of() : store.checkRuns(project, null, 1);
    Set<String> severity = oneOf(ctx, "severity", SEVERITIES);
    String code = opt(ctx, "code");
    String service = opt(ctx, "service");
    List<Map<String, Object>> items = new ArrayList<>();
    if (!runs.isEmpty()) {
      for (CheckFinding f : store.findings(runs.get(0).id())) {
        if (!severity.isEmpty() && !severity.contains(f.severity().lower())) continue;
        if (code != null && !code.equalsIgnoreCase(f.code())) continue;
        if (service != null && !service.equals(f.service())) continue;
        items.add(findingView(f));
      }
    }
    List<Map<String, Object>> page = items.subList(Math.min(w.offset(), items.size()), Math.min(w.offset() + w.limit(), items.size()));
    Page<Map<String, Object>> p = Page.of(ctx, w, List.copyOf(page), items.size());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("run", runs.isEmpty() ? null : checkView(runs.get(0)));
    out.put("items", p.items());
    out.put("total", p.total());
    out.put("limit", p.limit());
    out.put("offset", p.offset());
    out.put("next", p.next());
    return out;
  }

  private static Map<String, Object> findingView(CheckFinding f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("code", f.code());
    m.put("severity", f.severity().lower());
    m.put("category", f.category().lower());
    m.put("service", f.service());
    m.put("message", Text.untrusted(f.message(), 4000));
    m.put("file", f.file());
    m.put("line", f.line());
    m.put("column", f.column());
    return m;
  }

  private Object scores(String project) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("project", project);
    List<ReadinessScore> all = project == null ? List.of() : store.scores(project, Instant.now().minus(Duration.ofDays(365)));
    Instant latest = all.stream().map(ReadinessScore::at).max(Instant::compareTo).orElse(null);
    Map<String, ReadinessScore> current = new TreeMap<>();
    Map<String, List<Map<String, Object>>> history = new TreeMap<>();
    for (ReadinessScore s : all) {
      current.put(s.service(), s); // oldest first, so the last one wins
      history.computeIfAbsent(s.service(), k -> new ArrayList<>()).add(Map.of("at", s.at(), "score", s.score()));
    }
    List<CheckRunSummary> runs = project == null ? List.of() : store.checkRuns(project, null, 1);
    Map<String, List<Map<String, Object>>> deviations = new TreeMap<>();
    if (!runs.isEmpty()) {
      for (CheckFinding f : store.findings(runs.get(0).id())) {
        deviations.computeIfAbsent(f.service() == null ? "(platform)" : f.service(), k -> new ArrayList<>()).add(findingView(f));
      }
    }
    List<Map<String, Object>> items = new ArrayList<>();
    for (ReadinessScore s : current.values()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("service", s.service());
      m.put("score", s.score());
      m.put("grade", s.grade());
      m.put("at", s.at());
      m.put("details", parseOrText(s.details()));
      m.put("history", history.get(s.service()));
      m.put("deviations", deviations.getOrDefault(s.service(), List.of()));
      items.add(m);
    }
    out.put("at", latest);
    out.put("scores", items);
    out.put("deviations", deviations);
    return out;
  }

  private static Object parseOrText(String details) {
    if (details == null || details.isBlank()) return null;
    try {
      return Json.MAPPER.readTree(details);
    } catch (Exception e) {
      return Text.untrusted(details, 4000);
    }
  }

  // ------------------------------------------------------------------ trends

  private Object trends(String project, int days) {
    Instant since = LocalDate.now(ZoneOffset.UTC).minusDays(days - 1L).atStartOfDay(ZoneOffset.UTC).toInstant();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("project", project);
    out.put("days", days);
    Map<String, Long> byDay = new LinkedHashMap<>();
    for (int i = days - 1; i >= 0; i--) byDay.put(LocalDate.now(ZoneOffset.UTC).minusDays(i).toString(), 0L);
    for (var e : read.occurrencesByDay(project, since)) byDay.merge(e.getKey(), e.getValue(), Long::sum);
    out.put("errorsByDay", byDay.entrySet().stream().map(e -> Map.of("day", e.getKey(), "count", e.getValue())).toList());
    out.put("errorsByCategory", read.errorsGrouped(project, since, "category").stream().map(e -> Map.of("key", e.getKey(), "count", e.getValue())).toList());
    out.put("errorsByService", read.errorsGrouped(project, since, "service_name").stream().map(e -> Map.of("key", e.getKey(), "count", e.getValue())).toList());
    out.put("timeToHealthy", timeToHealthy(project, since));
    List<Instant[]> res = read.resolutions(project, since);
    out.put("meanTimeToResolveMs", res.isEmpty() ? null
        : (long) res.stream().mapToLong(r -> Duration.between(r[0], r[1]).toMillis()).average().orElse(0));
    Map<String, Long> outcomes = read.deploymentsByOutcome(project, since);
    out.put("deployments", Map.of("total", outcomes.values().stream().mapToLong(Long::longValue).sum(),
        "failed", outcomes.getOrDefault("failed", 0L), "rolledBack", outcomes.getOrDefault("rolled-back", 0L), "byOutcome", outcomes));
    return out;
  }

  /** Per service: from the start of its phase to its first healthy sample, over the last 50 deployments. */
  private List<Map<String, Object>> timeToHealthy(String project, Instant since) {
    if (project == null) return List.of();
    Map<String, List<Long>> per = new TreeMap<>();
    for (Deployment d : store.deployments(project, since, 50)) {
      for (Map.Entry<String, Long> e : timesToHealthy(store, d.id()).entrySet()) per.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
    }
    List<Map<String, Object>> out = new ArrayList<>();
    per.forEach((s, l) -> {
      long[] v = l.stream().mapToLong(Long::longValue).sorted().toArray();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("service", s);
      m.put("samples", v.length);
      m.put("medianMs", v[v.length / 2]);
      m.put("maxMs", v[v.length - 1]);
      out.add(m);
    });
    return out;
  }

  /** For one deployment: each service's time from its phase start to its first healthy sample. */
  static Map<String, Long> timesToHealthy(Store store, long deploymentId) {
    Map<String, Instant> phaseStart = new HashMap<>();
    for (Phase p : store.phases(deploymentId)) for (String s : p.services()) phaseStart.putIfAbsent(s, p.startedAt());
    Map<String, Long> out = new LinkedHashMap<>();
    for (HealthSample h : store.healthSamples(deploymentId)) {
      Instant start = phaseStart.get(h.service());
      if (!h.ok() || start == null || out.containsKey(h.service())) continue;
      out.put(h.service(), Math.max(0, Duration.between(start, h.at()).toMillis()));
    }
    return out;
  }

  // ------------------------------------------------------------------ reports

  /** A deployment report: JSON (default) or Markdown ({@code ?format=markdown}). */
  private void report(Context ctx) {
    long id = id(ctx);
    @SuppressWarnings("unchecked")
    Map<String, Object> d = (Map<String, Object>) deployment(id);
    String format = Optional.ofNullable(opt(ctx, "format")).orElse("json").toLowerCase(Locale.ROOT);
    if (format.equals("json")) {
      Map<String, Object> r = new LinkedHashMap<>(d);
      r.put("timeToHealthyMs", timesToHealthy(store, id));
      Json.respond(ctx, r);
      return;
    }
    if (!format.equals("markdown") && !format.equals("md")) throw ApiException.badRequest("format must be json or markdown");
    ctx.contentType("text/markdown; charset=utf-8");
    ctx.result(Reports.markdown(d, timesToHealthy(store, id)));
  }

  static List<String> csv(String s) {
    return s == null ? List.of() : Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).collect(Collectors.toList());
  }
}
