package dev.flotilla.server;

import java.util.List;
import java.util.Map;

/** The Markdown form of a deployment report served by {@code /api/reports/deployments/{id}}. */
final class Reports {
  private Reports() {}

  @SuppressWarnings("unchecked")
  static String markdown(Map<String, Object> detail, Map<String, Long> timeToHealthy) {
    Map<String, Object> d = (Map<String, Object>) detail.get("deployment");
    StringBuilder sb = new StringBuilder();
    sb.append("# Deployment #").append(d.get("id")).append(" of ").append(md(d.get("project"))).append("\n\n");
    sb.append("| | |\n|---|---|\n");
    row(sb, "Outcome", d.get("outcome"));
    row(sb, "Environment", d.get("environment"));
    row(sb, "Started", d.get("startedAt"));
    row(sb, "Finished", d.get("finishedAt"));
    row(sb, "Duration (ms)", d.get("durationMs"));
    row(sb, "By", d.get("user"));
    row(sb, "Runtime", d.get("runtime"));
    if (d.get("rolledBackTo") != null) row(sb, "Rolled back to", "#" + d.get("rolledBackTo"));
    sb.append("\n## Phases\n\n| Phase | Services | Outcome | Duration (ms) |\n|---|---|---|---|\n");
    for (Map<String, Object> p : (List<Map<String, Object>>) detail.get("phases")) {
      sb.append("| ").append(((Integer) p.get("index")) + 1).append(" | ").append(md(String.join(", ", (List<String>) p.get("services"))))
          .append(" | ").append(md(p.get("outcome"))).append(" | ").append(p.get("durationMs") == null ? "" : p.get("durationMs")).append(" |\n");
    }
    if (!timeToHealthy.isEmpty()) {
      sb.append("\n## Time to healthy\n\n| Service | ms |\n|---|---|\n");
      timeToHealthy.forEach((s, ms) -> sb.append("| ").append(md(s)).append(" | ").append(ms).append(" |\n"));
    }
    List<Map<String, Object>> errors = (List<Map<String, Object>>) detail.get("errors");
    sb.append("\n## Errors\n\n");
    if (errors.isEmpty()) sb.append("None.\n");
    else {
      sb.append("| Severity | Code | Service | Message | Status |\n|---|---|---|---|---|\n");
      for (Map<String, Object> e : errors) {
        sb.append("| ").append(md(e.get("severity"))).append(" | ").append(md(e.get("code"))).append(" | ").append(md(e.get("service")))
            .append(" | ").append(md(Text.clip((String) e.get("message"), 200))).append(" | ").append(md(e.get("status"))).append(" |\n");
      }
    }
    sb.append("\n## Timeline\n\n");
    for (Map<String, Object> e : (List<Map<String, Object>>) detail.get("events")) {
      sb.append("- ").append(e.get("at")).append(" `").append(md(e.get("action"))).append("`");
      if (e.get("service") != null) sb.append(" ").append(md(e.get("service")));
      if (e.get("outcome") != null) sb.append(" — ").append(md(e.get("outcome")));
      sb.append('\n');
    }
    return sb.toString();
  }

  private static void row(StringBuilder sb, String k, Object v) {
    sb.append("| ").append(k).append(" | ").append(v == null ? "" : md(v)).append(" |\n");
  }

  /** Markdown-safe text: no table breaks, no raw HTML. */
  static String md(Object o) {
    if (o == null) return "";
    return o.toString().replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
        .replace("`", "\\`").replace("\r", " ").replace("\n", " ");
  }
}
