package dev.flotilla.report;

import dev.flotilla.track.Deployment;
import dev.flotilla.track.Event;
import dev.flotilla.track.HealthSample;
import dev.flotilla.track.Outcome;
import dev.flotilla.track.Phase;
import dev.flotilla.track.Store;
import dev.flotilla.track.TrackedError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What happened in one deployment: what ran, each phase's timing, health, the errors with their
 * diagnosis, and any rollback; as Markdown, a self-contained HTML page with a timeline, or JSON.
 */
public record DeploymentReport(
    Deployment deployment, List<Phase> phases, List<Event> events, List<HealthSample> health, List<TrackedError> errors) {

  public static DeploymentReport of(Store store, long deploymentId) {
    Deployment d = store.deployment(deploymentId)
        .orElseThrow(() -> dev.flotilla.model.UserError.input("no deployment with id " + deploymentId + " in the store (see 'flotilla history')"));
    return new DeploymentReport(d, store.phases(d.id()), store.events(d.id()), store.healthSamples(d.id()), store.errorsOfDeployment(d.id()));
  }

  /** Per service: samples, how many were healthy, mean latency, last status. */
  public record HealthSummary(String service, int samples, int ok, Long meanLatencyMs, boolean lastOk, String lastDetail) {}

  public List<HealthSummary> healthSummary() {
    Map<String, List<HealthSample>> by = new TreeMap<>();
    for (HealthSample h : health) by.computeIfAbsent(h.service(), k -> new ArrayList<>()).add(h);
    List<HealthSummary> out = new ArrayList<>();
    by.forEach((svc, list) -> {
      int ok = (int) list.stream().filter(HealthSample::ok).count();
      Long mean = list.stream().filter(h -> h.latencyMs() != null).mapToLong(HealthSample::latencyMs).average().stream()
          .mapToObj(a -> Math.round(a)).findFirst().orElse(null);
      HealthSample last = list.get(list.size() - 1);
      out.add(new HealthSummary(svc, list.size(), ok, mean, last.ok(), last.ok() ? null : last.detail()));
    });
    return out;
  }

  public List<Event> rollbackEvents() {
    return events.stream().filter(e -> e.action().contains("rollback")).toList();
  }

  private String title() {
    return "Deployment #" + deployment.id() + " of " + deployment.project() + " to " + deployment.environment();
  }

  public String markdown() {
    Deployment d = deployment;
    StringBuilder sb = new StringBuilder();
    sb.append("# ").append(title()).append("\n\n");
    sb.append("| | |\n|---|---|\n");
    sb.append("| Outcome | **").append(d.outcome().lower()).append("** |\n");
    sb.append("| Started | ").append(Formatting.time(d.startedAt())).append(" by ").append(md(d.user())).append(" |\n");
    sb.append("| Finished | ").append(Formatting.time(d.finishedAt())).append(" |\n");
    sb.append("| Duration | ").append(Formatting.duration(d.durationMs())).append(" |\n");
    sb.append("| Runtime | ").append(md(d.runtime())).append(" |\n");
    if (d.rolledBackTo() != null) sb.append("| Rolled back to | deployment #").append(d.rolledBackTo()).append(" |\n");
    sb.append("\n## Phases\n\n");
    if (phases.isEmpty()) sb.append("No phases recorded.\n");
    else {
      sb.append("| # | Services | Started | Duration | Outcome | Detail |\n|---|---|---|---|---|---|\n");
      for (Phase p : phases) {
        sb.append("| ").append(p.index() + 1).append(" | ").append(md(String.join(", ", p.services()))).append(" | ")
            .append(Formatting.time(p.startedAt())).append(" | ").append(Formatting.duration(phaseMs(p))).append(" | ")
            .append(p.outcome().lower()).append(" | ").append(md(Formatting.oneLine(p.detail(), 120))).append(" |\n");
      }
    }
    sb.append("\n## Health\n\n");
    List<HealthSummary> hs = healthSummary();
    if (hs.isEmpty()) sb.append("No health samples recorded.\n");
    else {
      sb.append("| Service | Samples | Healthy | Mean latency | Last |\n|---|---|---|---|---|\n");
      for (HealthSummary h : hs) {
        sb.append("| ").append(md(h.service())).append(" | ").append(h.samples()).append(" | ").append(h.ok()).append(" | ")
            .append(h.meanLatencyMs() == null ? "-" : h.meanLatencyMs() + " ms").append(" | ")
            .append(h.lastOk() ? "healthy" : "unhealthy" + (h.lastDetail() == null ? "" : ": " + md(Formatting.oneLine(h.lastDetail(), 80))))
            .append(" |\n");
      }
    }
    sb.append("\n## Errors\n\n");
    if (errors.isEmpty()) sb.append("No errors recorded.\n");
    for (TrackedError e : errors) {
      sb.append("### ").append(e.code()).append(" ").append(e.severity().name()).append(" — ").append(md(e.service() == null ? "-" : e.service()))
          .append(" (error #").append(e.id()).append(", ").append(e.status().lower()).append(")\n\n");
      sb.append("- Message: `").append(Formatting.oneLine(e.message(), 200).replace("`", "'")).append("`\n");
      sb.append("- Category: ").append(e.category().lower()).append("; stage: ").append(md(e.stage() == null ? "-" : e.stage())).append('\n');
      if (e.cause() != null) sb.append("- Cause: ").append(md(e.cause())).append('\n');
      if (e.fix() != null) sb.append("- Fix: ").append(md(e.fix())).append('\n');
      sb.append("- Occurrences: ").append(e.occurrences()).append(" (first ").append(Formatting.time(e.firstSeen())).append(", last ")
          .append(Formatting.time(e.lastSeen())).append(")\n");
      if (e.stackTrace() != null && !e.stackTrace().isBlank()) {
        sb.append("\n```\n").append(e.stackTrace().lines().limit(30).reduce((a, b) -> a + "\n" + b).orElse("").replace("```", "'''")).append("\n```\n");
      }
      sb.append('\n');
    }
    List<Event> rb = rollbackEvents();
    sb.append("\n## Rollback\n\n");
    if (rb.isEmpty() && d.rolledBackTo() == null && d.outcome() != Outcome.ROLLED_BACK) sb.append("No rollback.\n");
    for (Event e : rb) sb.append("- ").append(Formatting.time(e.at())).append(" ").append(md(e.action())).append(" ")
        .append(md(e.outcome() == null ? "" : e.outcome())).append(e.service() == null ? "" : " (" + md(e.service()) + ")").append('\n');
    sb.append("\n## Audit trail\n\n| Time | Who | What | Service | Outcome |\n|---|---|---|---|---|\n");
    for (Event e : events) {
      sb.append("| ").append(Formatting.time(e.at())).append(" | ").append(md(e.actor())).append(" | ").append(md(e.action())).append(" | ")
          .append(md(e.service() == null ? "" : e.service())).append(" | ").append(md(e.outcome() == null ? "" : e.outcome())).append(" |\n");
    }
    return sb.toString();
  }

  public String html(Instant now) {
    Deployment d = deployment;
    StringBuilder b = new StringBuilder();
    b.append("<h1>").append(Html.esc(title())).append("</h1>");
    b.append("<table><tr><th>Outcome</th><td class=\"").append(Html.outcomeClass(d.outcome().lower())).append("\"><b>")
        .append(Html.esc(d.outcome().lower())).append("</b></td></tr>");
    b.append("<tr><th>Started</th><td>").append(Formatting.time(d.startedAt())).append(" by ").append(Html.esc(d.user())).append("</td></tr>");
    b.append("<tr><th>Finished</th><td>").append(Formatting.time(d.finishedAt())).append("</td></tr>");
    b.append("<tr><th>Duration</th><td>").append(Formatting.duration(d.durationMs())).append("</td></tr>");
    b.append("<tr><th>Runtime</th><td>").append(Html.esc(d.runtime())).append("</td></tr>");
    if (d.rolledBackTo() != null) b.append("<tr><th>Rolled back to</th><td>deployment #").append(d.rolledBackTo()).append("</td></tr>");
    b.append("</table>");
    b.append("<h2>Timeline</h2>");
    List<Svg.Span> spans = new ArrayList<>();
    Instant end = d.finishedAt() == null ? now : d.finishedAt();
    spans.add(new Svg.Span("deployment", d.startedAt(), end, color(d.outcome()), "deployment " + d.outcome().lower()));
    for (Phase p : phases) {
      spans.add(new Svg.Span("phase " + (p.index() + 1) + ": " + String.join(", ", p.services()), p.startedAt(), p.endedAt() == null ? end : p.endedAt(),
          color(p.outcome()), "phase " + (p.index() + 1) + " " + p.outcome().lower() + " " + Formatting.duration(phaseMs(p))));
    }
    for (TrackedError e : errors) {
      Instant at = e.lastSeen().isAfter(end) ? end : e.lastSeen();
      spans.add(new Svg.Span("error " + e.code() + (e.service() == null ? "" : " " + e.service()), at, at, "#cf222e",
          e.code() + ": " + Formatting.oneLine(e.message(), 100)));
    }
    b.append(Svg.timeline(spans, now));
    b.append("<h2>Phases</h2>");
    if (phases.isEmpty()) b.append("<p>No phases recorded.</p>");
    else {
      b.append("<table><tr><th>#</th><th>Services</th><th>Started</th><th>Duration</th><th>Outcome</th><th>Detail</th></tr>");
      for (Phase p : phases) {
        b.append("<tr><td>").append(p.index() + 1).append("</td><td>").append(Html.esc(String.join(", ", p.services()))).append("</td><td>")
            .append(Formatting.time(p.startedAt())).append("</td><td>").append(Formatting.duration(phaseMs(p))).append("</td><td class=\"")
            .append(Html.outcomeClass(p.outcome().lower())).append("\">").append(p.outcome().lower()).append("</td><td>")
            .append(Html.esc(p.detail())).append("</td></tr>");
      }
      b.append("</table>");
    }
    b.append("<h2>Health</h2>");
    List<HealthSummary> hs = healthSummary();
    if (hs.isEmpty()) b.append("<p>No health samples recorded.</p>");
    else {
      b.append("<table><tr><th>Service</th><th>Samples</th><th>Healthy</th><th>Mean latency</th><th>Last</th></tr>");
      for (HealthSummary h : hs) {
        b.append("<tr><td>").append(Html.esc(h.service())).append("</td><td>").append(h.samples()).append("</td><td>").append(h.ok())
            .append("</td><td>").append(h.meanLatencyMs() == null ? "-" : h.meanLatencyMs() + " ms").append("</td><td class=\"")
            .append(h.lastOk() ? "ok\">healthy" : "bad\">unhealthy " + Html.esc(h.lastDetail() == null ? "" : h.lastDetail())).append("</td></tr>");
      }
      b.append("</table>");
    }
    b.append("<h2>Errors</h2>");
    if (errors.isEmpty()) b.append("<p>No errors recorded.</p>");
    for (TrackedError e : errors) {
      b.append("<h3>").append(Html.esc(e.code())).append(" <span class=\"badge\">").append(e.severity().name()).append("</span> ")
          .append(Html.esc(e.service() == null ? "" : e.service())).append(" <span class=\"muted\">error #").append(e.id()).append(", ")
          .append(e.status().lower()).append("</span></h3><ul>");
      b.append("<li>Message: <code>").append(Html.esc(Formatting.oneLine(e.message(), 300))).append("</code></li>");
      b.append("<li>Category: ").append(e.category().lower()).append("; stage: ").append(Html.esc(e.stage() == null ? "-" : e.stage())).append("</li>");
      if (e.cause() != null) b.append("<li>Cause: ").append(Html.esc(e.cause())).append("</li>");
      if (e.fix() != null) b.append("<li>Fix: ").append(Html.esc(e.fix())).append("</li>");
      b.append("<li>Occurrences: ").append(e.occurrences()).append("</li></ul>");
      if (e.stackTrace() != null && !e.stackTrace().isBlank()) b.append("<pre>").append(Html.esc(e.stackTrace())).append("</pre>");
    }
    b.append("<h2>Rollback</h2>");
    List<Event> rb = rollbackEvents();
    if (rb.isEmpty() && d.rolledBackTo() == null && d.outcome() != Outcome.ROLLED_BACK) b.append("<p>No rollback.</p>");
    else {
      b.append("<ul>");
      for (Event e : rb) b.append("<li>").append(Formatting.time(e.at())).append(' ').append(Html.esc(e.action())).append(' ')
          .append(Html.esc(e.outcome())).append(e.service() == null ? "" : " (" + Html.esc(e.service()) + ")").append("</li>");
      b.append("</ul>");
    }
    b.append("<h2>Audit trail</h2><table><tr><th>Time</th><th>Who</th><th>What</th><th>Service</th><th>Outcome</th></tr>");
    for (Event e : events) {
      b.append("<tr><td>").append(Formatting.time(e.at())).append("</td><td>").append(Html.esc(e.actor())).append("</td><td>")
          .append(Html.esc(e.action())).append("</td><td>").append(Html.esc(e.service())).append("</td><td>").append(Html.esc(e.outcome()))
          .append("</td></tr>");
    }
    b.append("</table>");
    return Html.page(title(), b.toString());
  }

  public Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    Deployment d = deployment;
    m.put("id", d.id());
    m.put("project", d.project());
    m.put("environment", d.environment());
    m.put("user", d.user());
    m.put("runtime", d.runtime());
    m.put("started_at", iso(d.startedAt()));
    m.put("finished_at", iso(d.finishedAt()));
    m.put("outcome", d.outcome().lower());
    m.put("duration_ms", d.durationMs());
    m.put("rolled_back_to", d.rolledBackTo());
    List<Map<String, Object>> ps = new ArrayList<>();
    for (Phase p : phases) {
      Map<String, Object> pm = new LinkedHashMap<>();
      pm.put("index", p.index());
      pm.put("services", p.services());
      pm.put("started_at", iso(p.startedAt()));
      pm.put("ended_at", iso(p.endedAt()));
      pm.put("duration_ms", phaseMs(p));
      pm.put("outcome", p.outcome().lower());
      pm.put("detail", p.detail());
      ps.add(pm);
    }
    m.put("phases", ps);
    List<Map<String, Object>> hs = new ArrayList<>();
    for (HealthSummary h : healthSummary()) {
      Map<String, Object> hm = new LinkedHashMap<>();
      hm.put("service", h.service());
      hm.put("samples", h.samples());
      hm.put("healthy", h.ok());
      hm.put("mean_latency_ms", h.meanLatencyMs());
      hm.put("last_ok", h.lastOk());
      hm.put("last_detail", h.lastDetail());
      hs.add(hm);
    }
    m.put("health", hs);
    List<Map<String, Object>> es = new ArrayList<>();
    for (TrackedError e : errors) {
      Map<String, Object> em = new LinkedHashMap<>();
      em.put("id", e.id());
      em.put("code", e.code());
      em.put("severity", e.severity().lower());
      em.put("category", e.category().lower());
      em.put("service", e.service());
      em.put("stage", e.stage());
      em.put("message", e.message());
      em.put("cause", e.cause());
      em.put("fix", e.fix());
      em.put("status", e.status().lower());
      em.put("occurrences", e.occurrences());
      es.add(em);
    }
    m.put("errors", es);
    List<Map<String, Object>> ev = new ArrayList<>();
    for (Event e : events) {
      Map<String, Object> em = new LinkedHashMap<>();
      em.put("at", iso(e.at()));
      em.put("actor", e.actor());
      em.put("action", e.action());
      em.put("service", e.service());
      em.put("outcome", e.outcome());
      em.put("details", e.details());
      ev.add(em);
    }
    m.put("events", ev);
    return m;
  }

  private static Long phaseMs(Phase p) {
    return p.endedAt() == null ? null : p.endedAt().toEpochMilli() - p.startedAt().toEpochMilli();
  }

  private static String color(Outcome o) {
    return switch (o) {
      case SUCCEEDED -> "#2da44e";
      case FAILED, ROLLED_BACK -> "#cf222e";
      case RUNNING -> "#0969da";
      default -> "#8c959f";
    };
  }

  static String iso(Instant t) {
    return t == null ? null : t.toString();
  }

  /** Markdown table-safe text. */
  static String md(String s) {
    return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
  }
}
