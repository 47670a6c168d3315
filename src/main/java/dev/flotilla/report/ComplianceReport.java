package dev.flotilla.report;

import dev.flotilla.track.CheckRunSummary;
import dev.flotilla.track.ReadinessScore;
import dev.flotilla.track.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Readiness over time: the latest score per service (from {@code flotilla score}, as recorded in
 * the store), each service's trend, and the findings of the recorded check runs.
 */
public record ComplianceReport(
    String project, Instant since, Map<String, List<ReadinessScore>> scores, List<CheckRunSummary> checkRuns, String message) {

  public static ComplianceReport of(Store store, String project, Instant since) {
    Map<String, List<ReadinessScore>> by = new TreeMap<>();
    for (ReadinessScore s : store.scores(project, since)) by.computeIfAbsent(s.service(), k -> new ArrayList<>()).add(s);
    List<CheckRunSummary> runs = new ArrayList<>(store.checkRuns(project, since, 200));
    java.util.Collections.reverse(runs);
    return new ComplianceReport(project, since, by, runs, by.isEmpty() ? NO_SCORES : null);
  }

  /** The same report with another explanation of why scores are missing. */
  public ComplianceReport withMessage(String text) {
    return new ComplianceReport(project, since, scores, checkRuns, text);
  }

  public boolean hasScores() {
    return !scores.isEmpty();
  }

  /** What to tell the reader when there is nothing to show. */
  public static final String NO_SCORES = "No readiness scores recorded for this project: run 'flotilla score' (it records each scoring in the store).";

  /** When this build has no scoring command at all. */
  public static final String NO_SCORE_COMMAND =
      "Readiness scores are missing: this build of Flotilla has no 'flotilla score' command yet, so none can have been recorded.";

  private String title() {
    return "Readiness of " + (project == null ? "every project" : project);
  }

  private static ReadinessScore first(List<ReadinessScore> l) {
    return l.get(0);
  }

  private static ReadinessScore last(List<ReadinessScore> l) {
    return l.get(l.size() - 1);
  }

  public int overall() {
    return (int) Math.round(scores.values().stream().mapToInt(l -> last(l).score()).average().orElse(0));
  }

  public String markdown() {
    StringBuilder sb = new StringBuilder("# ").append(title()).append("\n\n");
    if (!hasScores()) sb.append(message).append('\n');
    else {
      sb.append("Overall (mean of the latest scores): **").append(overall()).append("/100**\n\n");
      sb.append("| Service | Score | Grade | Change | Since | Scorings |\n|---|---|---|---|---|---|\n");
      scores.forEach((svc, l) -> {
        int delta = last(l).score() - first(l).score();
        sb.append("| ").append(DeploymentReport.md(svc)).append(" | ").append(last(l).score()).append(" | ")
            .append(last(l).grade() == null ? "" : last(l).grade()).append(" | ").append(delta > 0 ? "+" + delta : String.valueOf(delta))
            .append(" | ").append(Formatting.time(first(l).at())).append(" | ").append(l.size()).append(" |\n");
      });
    }
    sb.append("\n## Check runs\n\n");
    if (checkRuns.isEmpty()) sb.append("No check runs recorded.\n");
    else {
      sb.append("| Time | Critical | High | Medium | Low |\n|---|---|---|---|---|\n");
      for (CheckRunSummary r : checkRuns) sb.append("| ").append(Formatting.time(r.at())).append(" | ").append(r.critical()).append(" | ")
          .append(r.high()).append(" | ").append(r.medium()).append(" | ").append(r.low()).append(" |\n");
    }
    return sb.toString();
  }

  public String html() {
    StringBuilder b = new StringBuilder("<h1>").append(Html.esc(title())).append("</h1>");
    if (!hasScores()) b.append("<p class=\"warn\">").append(Html.esc(message)).append("</p>");
    else {
      b.append("<p>Overall (mean of the latest scores): <b>").append(overall()).append("/100</b></p>");
      Map<String, List<Map.Entry<Instant, Integer>>> series = new LinkedHashMap<>();
      scores.forEach((svc, l) -> series.put(svc, l.stream().map(s -> Map.entry(s.at(), s.score())).toList()));
      b.append("<h2>Trend</h2>").append(Svg.trend(series));
      b.append("<table><tr><th>Service</th><th>Score</th><th>Grade</th><th>Change</th><th>Scorings</th></tr>");
      scores.forEach((svc, l) -> {
        int delta = last(l).score() - first(l).score();
        b.append("<tr><td>").append(Html.esc(svc)).append("</td><td>").append(last(l).score()).append("</td><td>")
            .append(Html.esc(last(l).grade())).append("</td><td class=\"").append(delta < 0 ? "bad" : "ok").append("\">")
            .append(delta > 0 ? "+" + delta : String.valueOf(delta)).append("</td><td>").append(l.size()).append("</td></tr>");
      });
      b.append("</table>");
    }
    b.append("<h2>Check runs</h2>");
    if (checkRuns.isEmpty()) b.append("<p>No check runs recorded.</p>");
    else {
      b.append("<table><tr><th>Time</th><th>Critical</th><th>High</th><th>Medium</th><th>Low</th></tr>");
      for (CheckRunSummary r : checkRuns) b.append("<tr><td>").append(Formatting.time(r.at())).append("</td><td>").append(r.critical())
          .append("</td><td>").append(r.high()).append("</td><td>").append(r.medium()).append("</td><td>").append(r.low()).append("</td></tr>");
      b.append("</table>");
    }
    return Html.page(title(), b.toString());
  }

  public Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("project", project);
    m.put("since", since == null ? null : since.toString());
    m.put("scores_available", hasScores());
    if (!hasScores()) m.put("message", message);
    else m.put("overall", overall());
    Map<String, Object> svc = new LinkedHashMap<>();
    scores.forEach((k, l) -> {
      List<Map<String, Object>> pts = new ArrayList<>();
      for (ReadinessScore s : l) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("at", s.at().toString());
        p.put("score", s.score());
        p.put("grade", s.grade());
        pts.add(p);
      }
      svc.put(k, pts);
    });
    m.put("services", svc);
    List<Map<String, Object>> runs = new ArrayList<>();
    for (CheckRunSummary r : checkRuns) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("id", r.id());
      x.put("at", r.at().toString());
      x.put("critical", r.critical());
      x.put("high", r.high());
      x.put("medium", r.medium());
      x.put("low", r.low());
      runs.add(x);
    }
    m.put("check_runs", runs);
    return m;
  }
}
