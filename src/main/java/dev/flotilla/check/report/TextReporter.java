package dev.flotilla.check.report;

import dev.flotilla.check.CheckResult;
import dev.flotilla.check.Finding;
import dev.flotilla.model.Redactor;
import dev.flotilla.model.Severity;
import dev.flotilla.model.SourceLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report for people: findings grouped by service, each with the offending line and a caret
 * under it like a compiler, the related lines in the other files (the compose line behind a
 * Dockerfile finding), what to do, and whether {@code --fix} can do it. Colour only when asked
 * (the CLI asks on a terminal).
 */
public final class TextReporter {
  private final boolean color;
  private final boolean verbose;
  private final SourceLines sources = new SourceLines();

  public TextReporter(boolean color, boolean verbose) {
    this.color = color;
    this.verbose = verbose;
  }

  public String render(CheckReport report) {
    CheckResult r = report.result();
    StringBuilder sb = new StringBuilder();
    Map<String, List<Finding>> groups = new LinkedHashMap<>();
    for (Finding f : r.findings()) {
      String s = CheckReport.service(f);
      groups.computeIfAbsent(s == null ? "" : s, k -> new ArrayList<>()).add(f);
    }
    // project-wide findings first, then services in the order their first finding appears
    List<String> order = new ArrayList<>(groups.keySet());
    order.sort((a, b) -> a.isEmpty() == b.isEmpty() ? 0 : a.isEmpty() ? -1 : 1);
    for (String group : order) {
      List<Finding> list = groups.get(group);
      sb.append(paint("1", group.isEmpty() ? "project " + report.project() : "service " + group))
          .append(paint("2", "  (" + count(list.size()) + ")")).append('\n');
      for (Finding f : list) finding(sb, report, f);
      sb.append('\n');
    }
    if (verbose && !r.suppressed().isEmpty()) {
      sb.append(paint("1", "suppressed")).append('\n');
      for (CheckResult.Suppressed s : r.suppressed()) {
        sb.append("  ").append(s.finding().code()).append(' ').append(report.where(s.finding().location()))
            .append("  by ").append(s.by()).append(s.reason() == null || s.reason().isBlank() ? "" : ": " + s.reason()).append('\n');
      }
      sb.append('\n');
    }
    for (CheckResult.RuleFailure failure : r.failures()) {
      sb.append(paint("31", "rule " + failure.code() + " failed (a bug in Flotilla, please report it): ")).append(failure.message()).append('\n');
    }
    sb.append(summary(report));
    return sb.toString();
  }

  /** One line: how many findings by severity, suppressed and fixable, and the verdict. */
  public String summary(CheckReport report) {
    CheckResult r = report.result();
    StringBuilder sb = new StringBuilder();
    if (r.findings().isEmpty()) {
      sb.append(paint("32", "no findings")).append(" in ").append(report.project()).append(" (").append(r.rulesRun().size()).append(" rules)");
    } else {
      sb.append(count(r.findings().size())).append(" in ").append(report.project()).append(": ");
      List<String> parts = new ArrayList<>();
      for (Severity s : Severity.values()) {
        long n = r.count(s);
        if (n > 0) parts.add(paint(sevColor(s), n + " " + s.lower()));
      }
      sb.append(String.join(", ", parts));
    }
    if (!r.suppressed().isEmpty()) sb.append("; ").append(r.suppressed().size()).append(" suppressed");
    long fixable = report.fixable();
    if (fixable > 0) sb.append("; ").append(fixable).append(" fixable with --fix");
    sb.append('\n');
    if (report.failed()) {
      sb.append(paint("31", "failed")).append(": ");
      if (!r.failures().isEmpty() && !r.hasAtLeast(report.failOn())) sb.append("a rule failed");
      else sb.append("findings at ").append(report.failOn().lower()).append(" or above (--fail-on ").append(report.failOn().lower()).append(')');
      sb.append('\n');
    }
    return sb.toString();
  }

  private void finding(StringBuilder sb, CheckReport report, Finding f) {
    sb.append("  ").append(paint(sevColor(f.severity()), f.severity().name())).append(' ')
        .append(paint("1", f.code())).append(' ').append(Redactor.redactText(f.message())).append('\n');
    sb.append("    ").append(paint("36", "--> ")).append(report.where(f.location())).append('\n');
    snippet(sb, f.location(), true);
    for (Finding.Related rel : f.related()) {
      sb.append("    ").append(paint("36", "... ")).append(report.where(rel.location()))
          .append(rel.note() == null || rel.note().isBlank() ? "" : ": " + rel.note()).append('\n');
      snippet(sb, rel.location(), false);
    }
    if (f.remedy() != null && !f.remedy().isBlank()) sb.append("    ").append(paint("32", "fix: ")).append(f.remedy()).append('\n');
    if (f.fix() != null) sb.append("    ").append(paint("32", "auto-fix: ")).append(f.fix().description()).append(" (flotilla check --fix)").append('\n');
  }

  private void snippet(StringBuilder sb, SourceLocation at, boolean caret) {
    if (at == null || !at.known()) return;
    String line = sources.line(at.file(), at.line());
    if (line == null) return;
    String text = Redactor.redactText(line.replace("\t", "    ").stripTrailing());
    String no = String.valueOf(at.line());
    String pad = " ".repeat(no.length());
    sb.append("    ").append(paint("2", no + " | ")).append(text).append('\n');
    if (!caret) return;
    int start;
    int width;
    String expanded = line.replace("\t", "    ");
    if (at.column() > 0 && at.column() <= expanded.length()) {
      start = at.column() - 1;
      int end = start;
      while (end < expanded.length() && !Character.isWhitespace(expanded.charAt(end))) end++;
      width = Math.max(1, end - start);
    } else {
      start = expanded.length() - expanded.stripLeading().length();
      width = Math.max(1, expanded.strip().length());
    }
    width = Math.min(width, Math.max(1, text.length() - start));
    sb.append("    ").append(paint("2", pad + " | ")).append(" ".repeat(start)).append(paint("31", "^".repeat(width))).append('\n');
  }

  private static String count(int n) {
    return n + (n == 1 ? " finding" : " findings");
  }

  private static String sevColor(Severity s) {
    return switch (s) {
      case CRITICAL -> "1;31";
      case HIGH -> "31";
      case MEDIUM -> "33";
      case LOW -> "2";
    };
  }

  private String paint(String ansi, String text) {
    return color ? "\u001b[" + ansi + "m" + text + "\u001b[0m" : text;
  }
}
