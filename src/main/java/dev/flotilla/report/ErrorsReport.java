package dev.flotilla.report;

import dev.flotilla.model.Severity;
import dev.flotilla.track.ErrorOccurrence;
import dev.flotilla.track.ErrorQuery;
import dev.flotilla.track.ErrorStatus;
import dev.flotilla.track.ErrorTransition;
import dev.flotilla.track.Store;
import dev.flotilla.track.TrackedError;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Error trends over a window: occurrences by day, weekday, category, service and code; each code
 * compared with the window of the same length before (the weekly pattern analysis of seed 002 with
 * {@code --since 7d}, the daily summary with {@code --since 24h}); the top recurring errors;
 * regressions; mean time to resolve; and which errors breached the resolution targets.
 */
public record ErrorsReport(
    String project,
    Instant since,
    Instant now,
    ResolutionTargets targets,
    Map<LocalDate, Long> byDay,
    Map<String, Long> byCategory,
    Map<String, Long> byService,
    Map<String, Long> byCode,
    List<Recurring> topRecurring,
    List<TrackedError> regressions,
    int resolvedInWindow,
    Duration meanTimeToResolve,
    List<Breach> breaches,
    int openCount,
    long totalOccurrences,
    long previousOccurrences,
    List<Change> changesByCode,
    Map<DayOfWeek, Long> byWeekday) {

  /**
   * The weekly (or daily) pattern: how often a code happened in this window and in the window of
   * the same length just before it. {@code before} 0 means the code is new.
   */
  public record Change(String code, long before, long now) {
    public long delta() {
      return now - before;
    }
  }

  /** An error and how often it happened in the window. */
  public record Recurring(TrackedError error, long occurrencesInWindow) {}

  /** A resolution target an error missed: which, by how much, and whether it is still running late. */
  public record Breach(TrackedError error, String target, Duration limit, Duration took, boolean ongoing) {}

  /** People act on errors; the store itself records "flotilla" transitions (recorded, regression). */
  static final String SYSTEM_ACTOR = "flotilla";

  public static ErrorsReport of(Store store, String project, Instant since, Instant now, ResolutionTargets targets) {
    Instant previousStart = since.minus(Duration.between(since, now));
    List<TrackedError> seenSincePrevious = store.errors(new ErrorQuery(project, Set.of(), null, previousStart, Set.of(), 100_000));
    List<TrackedError> seen = seenSincePrevious.stream().filter(e -> !e.lastSeen().isBefore(since)).toList();
    Map<Long, TrackedError> byId = new LinkedHashMap<>();
    for (TrackedError e : seenSincePrevious) byId.put(e.id(), e);
    List<ErrorOccurrence> occ = new ArrayList<>();
    Map<String, Long> previousByCode = new TreeMap<>();
    long previous = 0;
    for (ErrorOccurrence o : store.occurrencesSince(project, previousStart)) {
      if (!o.at().isBefore(since)) {
        occ.add(o);
      } else if (byId.containsKey(o.errorId())) {
        previous++;
        previousByCode.merge(byId.get(o.errorId()).code(), 1L, Long::sum);
      }
    }
    Map<DayOfWeek, Long> byWeekday = new java.util.EnumMap<>(DayOfWeek.class);
    for (DayOfWeek d : DayOfWeek.values()) byWeekday.put(d, 0L);

    Map<LocalDate, Long> byDay = new TreeMap<>();
    for (LocalDate d = LocalDate.ofInstant(since, ZoneOffset.UTC); !d.isAfter(LocalDate.ofInstant(now, ZoneOffset.UTC)); d = d.plusDays(1)) {
      byDay.put(d, 0L);
    }
    Map<String, Long> byCategory = new TreeMap<>();
    Map<String, Long> byService = new TreeMap<>();
    Map<String, Long> byCode = new TreeMap<>();
    Map<Long, Long> perError = new LinkedHashMap<>();
    for (ErrorOccurrence o : occ) {
      TrackedError e = byId.get(o.errorId());
      if (e == null) continue;
      byDay.merge(LocalDate.ofInstant(o.at(), ZoneOffset.UTC), 1L, Long::sum);
      byWeekday.merge(LocalDate.ofInstant(o.at(), ZoneOffset.UTC).getDayOfWeek(), 1L, Long::sum);
      byCategory.merge(e.category().lower(), 1L, Long::sum);
      byService.merge(e.service() == null ? "(none)" : e.service(), 1L, Long::sum);
      byCode.merge(e.code(), 1L, Long::sum);
      perError.merge(e.id(), 1L, Long::sum);
    }
    List<Recurring> top = new ArrayList<>();
    perError.forEach((id, n) -> top.add(new Recurring(byId.get(id), n)));
    top.sort(Comparator.comparingLong(Recurring::occurrencesInWindow).reversed().thenComparing(r -> r.error().id()));

    List<TrackedError> regressions = new ArrayList<>();
    int resolved = 0;
    long resolveMillis = 0;
    List<Breach> breaches = new ArrayList<>();
    for (TrackedError e : seen) {
      List<ErrorTransition> ts = store.transitions(e.id());
      if (ts.stream().anyMatch(t -> t.to() == ErrorStatus.REGRESSION && !t.at().isBefore(since))) regressions.add(e);
      // Time to resolve: from the start of each open period to the resolve that ended it.
      Instant openedAt = e.firstSeen();
      for (ErrorTransition t : ts) {
        if (t.to() == ErrorStatus.REGRESSION || (t.to() == ErrorStatus.OPEN && t.from() != null)) openedAt = t.at();
        if (t.to() == ErrorStatus.RESOLVED && !t.at().isBefore(since) && openedAt != null) {
          resolved++;
          resolveMillis += Math.max(0, t.at().toEpochMilli() - openedAt.toEpochMilli());
          openedAt = null;
        }
      }
      breaches.addAll(breaches(e, ts, targets, now));
    }
    breaches.sort(Comparator.comparing((Breach b) -> b.error().severity()).thenComparing(b -> b.error().id()));
    int open = (int) seen.stream().filter(e -> e.status().unresolved()).count();
    java.util.Set<String> codes = new java.util.TreeSet<>(byCode.keySet());
    codes.addAll(previousByCode.keySet());
    List<Change> changes = new ArrayList<>();
    for (String c : codes) changes.add(new Change(c, previousByCode.getOrDefault(c, 0L), byCode.getOrDefault(c, 0L)));
    // biggest rise first, then biggest fall; unchanged codes last
    changes.sort(Comparator.comparingLong((Change c) -> -c.delta()).thenComparing(Change::code));
    return new ErrorsReport(project, since, now, targets, byDay, sortDesc(byCategory), sortDesc(byService), sortDesc(byCode),
        top.subList(0, Math.min(10, top.size())), regressions, resolved,
        resolved == 0 ? null : Duration.ofMillis(resolveMillis / resolved), breaches, open, occ.size(), previous, changes, byWeekday);
  }

  /**
   * The targets one error missed in its current (or last) open period. A person acting on it
   * (resolving, reopening) counts as the response; without any, the clock runs until now.
   */
  static List<Breach> breaches(TrackedError e, List<ErrorTransition> ts, ResolutionTargets targets, Instant now) {
    Instant start = e.firstSeen();
    for (ErrorTransition t : ts) if (t.to() == ErrorStatus.REGRESSION) start = t.at();
    Instant acted = null;
    Instant resolvedAt = null;
    for (ErrorTransition t : ts) {
      if (t.at().isBefore(start)) continue;
      if (acted == null && !SYSTEM_ACTOR.equals(t.actor()) && t.from() != null) acted = t.at();
      if (t.to() == ErrorStatus.RESOLVED) resolvedAt = t.at();
    }
    if (e.status().unresolved()) resolvedAt = null;
    List<Breach> out = new ArrayList<>();
    Duration response = Duration.between(start, acted == null ? now : acted);
    boolean waiting = acted == null;
    if (e.severity() == Severity.CRITICAL && response.compareTo(targets.respond()) > 0) {
      out.add(new Breach(e, "respond", targets.respond(), response, waiting));
    }
    if (response.compareTo(targets.investigate()) > 0) out.add(new Breach(e, "investigate", targets.investigate(), response, waiting));
    if (response.compareTo(targets.plan()) > 0) out.add(new Breach(e, "plan", targets.plan(), response, waiting));
    Duration fix = Duration.between(start, resolvedAt == null ? now : resolvedAt);
    if (fix.compareTo(targets.fix()) > 0) out.add(new Breach(e, "fix", targets.fix(), fix, resolvedAt == null));
    return out;
  }

  private static Map<String, Long> sortDesc(Map<String, Long> m) {
    Map<String, Long> out = new LinkedHashMap<>();
    m.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  private String title() {
    return "Errors of " + (project == null ? "every project" : project) + " since " + Formatting.time(since);
  }

  public String markdown() {
    StringBuilder sb = new StringBuilder("# ").append(title()).append("\n\n");
    sb.append("- Occurrences: ").append(totalOccurrences).append('\n');
    sb.append("- Unresolved errors: ").append(openCount).append('\n');
    sb.append("- Regressions: ").append(regressions.size()).append('\n');
    sb.append("- Resolved in the window: ").append(resolvedInWindow).append("; mean time to resolve: ")
        .append(meanTimeToResolve == null ? "-" : Formatting.duration(meanTimeToResolve)).append('\n');
    sb.append("- Resolution targets: respond ").append(Formatting.duration(targets.respond())).append(" (critical), investigate ")
        .append(Formatting.duration(targets.investigate())).append(", plan ").append(Formatting.duration(targets.plan())).append(", fix ")
        .append(Formatting.duration(targets.fix())).append("\n\n");
    sb.append("## Compared with the previous ").append(Formatting.duration(Duration.between(since, now))).append("\n\n");
    sb.append("Occurrences: ").append(totalOccurrences).append(" (before: ").append(previousOccurrences).append(").\n\n");
    if (changesByCode.isEmpty()) sb.append("None.\n\n");
    else {
      sb.append("| Code | Before | Now | Change |\n|---|---|---|---|\n");
      for (Change c : changesByCode) {
        sb.append("| ").append(DeploymentReport.md(c.code())).append(" | ").append(c.before()).append(" | ").append(c.now()).append(" | ")
            .append(c.before() == 0 ? "new" : c.now() == 0 ? "gone" : (c.delta() > 0 ? "+" : "") + c.delta()).append(" |\n");
      }
      sb.append('\n');
    }
    sb.append("## By weekday\n\n| Weekday | Occurrences |\n|---|---|\n");
    byWeekday.forEach((d, n) -> sb.append("| ").append(weekday(d)).append(" | ").append(n).append(" |\n"));
    sb.append('\n');
    sb.append("## By day\n\n| Day | Occurrences |\n|---|---|\n");
    byDay.forEach((d, n) -> sb.append("| ").append(d).append(" | ").append(n).append(" |\n"));
    table(sb, "By category", "Category", byCategory);
    table(sb, "By service", "Service", byService);
    table(sb, "By code", "Code", byCode);
    sb.append("\n## Top recurring\n\n");
    if (topRecurring.isEmpty()) sb.append("None.\n");
    else {
      sb.append("| Error | Code | Service | In window | Total | Status | Message |\n|---|---|---|---|---|---|---|\n");
      for (Recurring r : topRecurring) {
        TrackedError e = r.error();
        sb.append("| #").append(e.id()).append(" | ").append(e.code()).append(" | ").append(DeploymentReport.md(e.service())).append(" | ")
            .append(r.occurrencesInWindow()).append(" | ").append(e.occurrences()).append(" | ").append(e.status().lower()).append(" | ")
            .append(DeploymentReport.md(Formatting.oneLine(e.message(), 80))).append(" |\n");
      }
    }
    sb.append("\n## Regressions\n\n");
    if (regressions.isEmpty()) sb.append("None.\n");
    for (TrackedError e : regressions) {
      sb.append("- #").append(e.id()).append(' ').append(e.code()).append(' ').append(DeploymentReport.md(e.service())).append(": ")
          .append(DeploymentReport.md(Formatting.oneLine(e.message(), 100))).append(" (resolved before: ")
          .append(DeploymentReport.md(e.resolutionNotes() == null ? "-" : Formatting.oneLine(e.resolutionNotes(), 80))).append(")\n");
    }
    sb.append("\n## Resolution-target breaches\n\n");
    if (breaches.isEmpty()) sb.append("None.\n");
    else {
      sb.append("| Error | Severity | Target | Limit | Took | |\n|---|---|---|---|---|---|\n");
      for (Breach b : breaches) {
        sb.append("| #").append(b.error().id()).append(' ').append(b.error().code()).append(" | ").append(b.error().severity().lower())
            .append(" | ").append(b.target()).append(" | ").append(Formatting.duration(b.limit())).append(" | ")
            .append(Formatting.duration(b.took())).append(" | ").append(b.ongoing() ? "still open" : "").append(" |\n");
      }
    }
    return sb.toString();
  }

  static String weekday(DayOfWeek d) {
    return d.getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH);
  }

  private static void table(StringBuilder sb, String title, String col, Map<String, Long> m) {
    sb.append("\n## ").append(title).append("\n\n");
    if (m.isEmpty()) {
      sb.append("None.\n");
      return;
    }
    sb.append("| ").append(col).append(" | Occurrences |\n|---|---|\n");
    m.forEach((k, v) -> sb.append("| ").append(DeploymentReport.md(k)).append(" | ").append(v).append(" |\n"));
  }

  public String html() {
    StringBuilder b = new StringBuilder("<h1>").append(Html.esc(title())).append("</h1>");
    b.append("<table><tr><th>Occurrences</th><td>").append(totalOccurrences).append("</td></tr>");
    b.append("<tr><th>Unresolved errors</th><td>").append(openCount).append("</td></tr>");
    b.append("<tr><th>Regressions</th><td class=\"").append(regressions.isEmpty() ? "ok" : "bad").append("\">").append(regressions.size()).append("</td></tr>");
    b.append("<tr><th>Mean time to resolve</th><td>").append(meanTimeToResolve == null ? "-" : Formatting.duration(meanTimeToResolve))
        .append(" (").append(resolvedInWindow).append(" resolved)</td></tr>");
    b.append("<tr><th>Target breaches</th><td class=\"").append(breaches.isEmpty() ? "ok" : "bad").append("\">").append(breaches.size()).append("</td></tr></table>");
    b.append("<h2>Occurrences by day</h2>");
    Map<String, Long> days = new LinkedHashMap<>();
    byDay.forEach((d, n) -> days.put(d.toString().substring(5), n));
    b.append(Svg.bars(days, "occurrences by day", "#0969da"));
    b.append("<h2>Compared with the previous ").append(Html.esc(Formatting.duration(Duration.between(since, now)))).append("</h2>");
    b.append("<p>Occurrences: ").append(totalOccurrences).append(" (before: ").append(previousOccurrences).append(").</p>");
    if (!changesByCode.isEmpty()) {
      b.append("<table><tr><th>Code</th><th>Before</th><th>Now</th><th>Change</th></tr>");
      for (Change c : changesByCode) {
        b.append("<tr><td>").append(Html.esc(c.code())).append("</td><td>").append(c.before()).append("</td><td>").append(c.now())
            .append("</td><td class=\"").append(c.delta() > 0 ? "bad" : "ok").append("\">")
            .append(c.before() == 0 ? "new" : c.now() == 0 ? "gone" : (c.delta() > 0 ? "+" : "") + c.delta()).append("</td></tr>");
      }
      b.append("</table>");
    }
    Map<String, Long> weekdays = new LinkedHashMap<>();
    byWeekday.forEach((d, n) -> weekdays.put(weekday(d).substring(0, 3), n));
    b.append("<h2>By weekday</h2>").append(Svg.bars(weekdays, "occurrences by weekday", "#9a6700"));
    b.append("<h2>By category</h2>").append(Svg.bars(byCategory, "occurrences by category", "#8250df")).append(htmlTable("Category", byCategory));
    b.append("<h2>By service</h2>").append(Svg.bars(byService, "occurrences by service", "#1b7c83")).append(htmlTable("Service", byService));
    b.append("<h2>By code</h2>").append(htmlTable("Code", byCode));
    b.append("<h2>Top recurring</h2>");
    if (topRecurring.isEmpty()) b.append("<p>None.</p>");
    else {
      b.append("<table><tr><th>Error</th><th>Code</th><th>Service</th><th>In window</th><th>Total</th><th>Status</th><th>Message</th></tr>");
      for (Recurring r : topRecurring) {
        TrackedError e = r.error();
        b.append("<tr><td>#").append(e.id()).append("</td><td>").append(Html.esc(e.code())).append("</td><td>").append(Html.esc(e.service()))
            .append("</td><td>").append(r.occurrencesInWindow()).append("</td><td>").append(e.occurrences()).append("</td><td class=\"")
            .append(Html.outcomeClass(e.status().lower())).append("\">").append(e.status().lower()).append("</td><td><code>")
            .append(Html.esc(Formatting.oneLine(e.message(), 120))).append("</code></td></tr>");
      }
      b.append("</table>");
    }
    b.append("<h2>Regressions</h2>");
    if (regressions.isEmpty()) b.append("<p>None.</p>");
    else {
      b.append("<ul>");
      for (TrackedError e : regressions) b.append("<li class=\"bad\">#").append(e.id()).append(' ').append(Html.esc(e.code())).append(' ')
          .append(Html.esc(e.service())).append(": ").append(Html.esc(Formatting.oneLine(e.message(), 120))).append("</li>");
      b.append("</ul>");
    }
    b.append("<h2>Resolution-target breaches</h2>");
    if (breaches.isEmpty()) b.append("<p class=\"ok\">None.</p>");
    else {
      b.append("<table><tr><th>Error</th><th>Severity</th><th>Target</th><th>Limit</th><th>Took</th><th></th></tr>");
      for (Breach x : breaches) {
        b.append("<tr><td>#").append(x.error().id()).append(' ').append(Html.esc(x.error().code())).append("</td><td>")
            .append(x.error().severity().lower()).append("</td><td>").append(x.target()).append("</td><td>")
            .append(Formatting.duration(x.limit())).append("</td><td class=\"bad\">").append(Formatting.duration(x.took()))
            .append("</td><td>").append(x.ongoing() ? "still open" : "").append("</td></tr>");
      }
      b.append("</table>");
    }
    return Html.page(title(), b.toString());
  }

  private static String htmlTable(String col, Map<String, Long> m) {
    if (m.isEmpty()) return "<p>None.</p>";
    StringBuilder b = new StringBuilder("<table><tr><th>").append(col).append("</th><th>Occurrences</th></tr>");
    m.forEach((k, v) -> b.append("<tr><td>").append(Html.esc(k)).append("</td><td>").append(v).append("</td></tr>"));
    return b.append("</table>").toString();
  }

  public Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("project", project);
    m.put("since", since.toString());
    m.put("generated_at", now.toString());
    m.put("occurrences", totalOccurrences);
    m.put("unresolved", openCount);
    Map<String, Object> days = new LinkedHashMap<>();
    byDay.forEach((d, n) -> days.put(d.toString(), n));
    m.put("by_day", days);
    Map<String, Object> weekdays = new LinkedHashMap<>();
    byWeekday.forEach((d, n) -> weekdays.put(weekday(d).toLowerCase(java.util.Locale.ROOT), n));
    m.put("by_weekday", weekdays);
    m.put("previous_occurrences", previousOccurrences);
    List<Map<String, Object>> changes = new ArrayList<>();
    for (Change c : changesByCode) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("code", c.code());
      x.put("before", c.before());
      x.put("now", c.now());
      x.put("change", c.delta());
      changes.add(x);
    }
    m.put("changes_by_code", changes);
    m.put("by_category", byCategory);
    m.put("by_service", byService);
    m.put("by_code", byCode);
    List<Map<String, Object>> top = new ArrayList<>();
    for (Recurring r : topRecurring) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("id", r.error().id());
      t.put("code", r.error().code());
      t.put("service", r.error().service());
      t.put("occurrences_in_window", r.occurrencesInWindow());
      t.put("occurrences", r.error().occurrences());
      t.put("status", r.error().status().lower());
      t.put("message", r.error().message());
      top.add(t);
    }
    m.put("top_recurring", top);
    m.put("regressions", regressions.stream().map(TrackedError::id).toList());
    m.put("resolved", resolvedInWindow);
    m.put("mean_time_to_resolve_seconds", meanTimeToResolve == null ? null : meanTimeToResolve.toSeconds());
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("respond_seconds", targets.respond().toSeconds());
    t.put("investigate_seconds", targets.investigate().toSeconds());
    t.put("plan_seconds", targets.plan().toSeconds());
    t.put("fix_seconds", targets.fix().toSeconds());
    m.put("targets", t);
    List<Map<String, Object>> br = new ArrayList<>();
    for (Breach b : breaches) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("id", b.error().id());
      x.put("code", b.error().code());
      x.put("severity", b.error().severity().lower());
      x.put("target", b.target());
      x.put("limit_seconds", b.limit().toSeconds());
      x.put("took_seconds", b.took().toSeconds());
      x.put("ongoing", b.ongoing());
      br.add(x);
    }
    m.put("breaches", br);
    return m;
  }
}
