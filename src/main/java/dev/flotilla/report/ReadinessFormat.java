package dev.flotilla.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flotilla.check.Finding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The readiness report as text (for people), JSON (for tools) and Markdown (for pull requests and wikis). */
public final class ReadinessFormat {
  private ReadinessFormat() {}

  public static String text(Readiness.Report r, Path base, boolean verbose) {
    StringBuilder sb = new StringBuilder();
    sb.append("Deployment readiness: ").append(score(r.score())).append("  level ").append(r.level().lower())
        .append("  risk ").append(r.risk().lower()).append('\n');
    for (Readiness.ServiceScore s : r.services()) {
      sb.append('\n').append(s.service()).append("  ").append(score(s.score())).append("  level ").append(s.level().lower())
          .append("  risk ").append(s.risk().lower()).append('\n');
      if (!s.scored()) {
        sb.append("  not scored: ").append(s.unscored()).append('\n');
        continue;
      }
      for (Readiness.AreaScore a : s.areas()) {
        sb.append(String.format("  %-36s %s%n", a.area().title, a.score() == null ? "n/a" : a.score() + "/100"));
      }
      for (Readiness.Item i : s.items()) {
        if (i.status() == Readiness.Status.PASS && !verbose) continue;
        String mark = switch (i.status()) {
          case PASS -> "pass";
          case FAIL -> "FAIL";
          case NOT_APPLICABLE -> "n/a ";
        };
        if (i.status() == Readiness.Status.NOT_APPLICABLE && !verbose) continue;
        sb.append("  ").append(mark).append("  ").append(i.area().title).append(" [").append(i.level().lower()).append("]: ")
            .append(i.evidence()).append('\n');
      }
      for (Finding f : s.findings()) {
        sb.append("  ").append(f.code()).append(' ').append(f.severity().lower()).append(": ").append(f.message());
        if (f.location().known()) sb.append(" (").append(f.location().display(base)).append(')');
        sb.append('\n');
      }
      if (!s.recommendations().isEmpty()) {
        sb.append("  recommendations:\n");
        for (String rec : s.recommendations()) sb.append("    - ").append(rec).append('\n');
      }
    }
    return sb.toString().stripTrailing();
  }

  public static String markdown(Readiness.Report r, Path base) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Deployment readiness\n\n");
    sb.append("**Overall: ").append(score(r.score())).append("** · level **").append(r.level().lower()).append("** · risk **")
        .append(r.risk().lower()).append("**\n\n");
    sb.append("| service | score | level | risk |");
    for (Readiness.Area a : Readiness.Area.values()) sb.append(' ').append(a.key()).append(" |");
    sb.append("\n|---|---|---|---|");
    for (int i = 0; i < Readiness.Area.values().length; i++) sb.append("---|");
    sb.append('\n');
    for (Readiness.ServiceScore s : r.services()) {
      sb.append("| ").append(s.service()).append(" | ").append(score(s.score())).append(" | ").append(s.level().lower()).append(" | ")
          .append(s.risk().lower()).append(" |");
      for (Readiness.AreaScore a : s.areas()) sb.append(' ').append(a.score() == null ? "n/a" : a.score()).append(" |");
      sb.append('\n');
    }
    for (Readiness.ServiceScore s : r.services()) {
      if (s.deviations().isEmpty() && s.scored()) continue;
      sb.append("\n## ").append(s.service()).append("\n\n");
      if (!s.scored()) sb.append("Not scored: ").append(s.unscored()).append("\n\n");
      if (!s.deviations().isEmpty()) {
        sb.append("Deviations:\n\n");
        for (String d : s.deviations()) sb.append("- ").append(d.replace("|", "\\|")).append('\n');
      }
      if (!s.recommendations().isEmpty()) {
        sb.append("\nRecommendations:\n\n");
        for (String d : s.recommendations()) sb.append("- ").append(d.replace("|", "\\|")).append('\n');
      }
    }
    return sb.toString().stripTrailing();
  }

  public static String json(Readiness.Report r, Path base) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("score", r.score());
    root.put("level", r.level().lower());
    root.put("risk", r.risk().lower());
    List<Object> services = new ArrayList<>();
    for (Readiness.ServiceScore s : r.services()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("service", s.service());
      m.put("score", s.score());
      m.put("level", s.level().lower());
      m.put("risk", s.risk().lower());
      if (!s.scored()) m.put("unscored", s.unscored());
      Map<String, Object> areas = new LinkedHashMap<>();
      for (Readiness.AreaScore a : s.areas()) {
        Map<String, Object> am = new LinkedHashMap<>();
        am.put("title", a.area().title);
        am.put("level", a.area().level.lower());
        am.put("score", a.score());
        am.put("passed", a.passed());
        am.put("applicable", a.applicable());
        am.put("findings", a.findings());
        areas.put(a.area().key(), am);
      }
      m.put("areas", areas);
      List<Object> items = new ArrayList<>();
      for (Readiness.Item i : s.items()) {
        Map<String, Object> im = new LinkedHashMap<>();
        im.put("id", i.id());
        im.put("area", i.area().key());
        im.put("level", i.level().lower());
        im.put("status", i.status().name().toLowerCase(java.util.Locale.ROOT));
        im.put("evidence", i.evidence());
        if (i.recommendation() != null) im.put("recommendation", i.recommendation());
        if (i.location().known()) im.put("location", i.location().display(base));
        items.add(im);
      }
      m.put("checks", items);
      List<Object> fs = new ArrayList<>();
      for (Finding f : s.findings()) {
        Map<String, Object> fm = new LinkedHashMap<>();
        fm.put("code", f.code());
        fm.put("severity", f.severity().lower());
        fm.put("category", f.category().lower());
        fm.put("message", f.message());
        if (f.location().known()) {
          fm.put("file", f.location().display(base).replaceAll(":\\d+(:\\d+)?$", ""));
          fm.put("line", f.location().line());
        }
        fs.add(fm);
      }
      m.put("findings", fs);
      m.put("deviations", s.deviations());
      m.put("recommendations", s.recommendations());
      services.add(m);
    }
    root.put("services", services);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String score(Integer s) {
    return s == null ? "not scored" : s + "/100";
  }
}
