package dev.flotilla.check.report;

import dev.flotilla.check.CheckResult;
import dev.flotilla.check.Finding;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.model.Redactor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JUnit XML for CI test tabs: one {@code testsuite} per rule that ran, one failing
 * {@code testcase} per finding at or above {@code --fail-on} (findings below it are
 * {@code skipped} with their message, so they show without failing), and one passing
 * {@code testcase} for a rule that found nothing.
 */
public final class JUnitReporter {
  private JUnitReporter() {}

  public static String render(CheckReport report) {
    CheckResult r = report.result();
    Map<String, List<Finding>> byCode = new LinkedHashMap<>();
    for (RuleInfo info : r.rulesRun()) byCode.put(info.code(), new ArrayList<>());
    for (Finding f : r.findings()) byCode.computeIfAbsent(f.code(), k -> new ArrayList<>()).add(f);
    int tests = 0;
    int failures = 0;
    StringBuilder suites = new StringBuilder();
    for (Map.Entry<String, List<Finding>> e : byCode.entrySet()) {
      List<Finding> list = e.getValue();
      String title = r.rulesRun().stream().filter(i -> i.code().equals(e.getKey())).map(RuleInfo::title).findFirst().orElse("");
      int suiteTests = Math.max(1, list.size());
      int suiteFailures = (int) list.stream().filter(f -> f.severity().atLeast(report.failOn())).count();
      int suiteSkipped = list.size() - suiteFailures;
      tests += suiteTests;
      failures += suiteFailures;
      suites.append("  <testsuite name=\"").append(attr(e.getKey() + " " + title)).append("\" tests=\"").append(suiteTests)
          .append("\" failures=\"").append(suiteFailures).append("\" errors=\"0\" skipped=\"").append(suiteSkipped).append("\">\n");
      if (list.isEmpty()) {
        suites.append("    <testcase classname=\"flotilla.").append(attr(e.getKey())).append("\" name=\"no findings\"/>\n");
      }
      for (Finding f : list) {
        String name = report.where(f.location()) + (f.service() == null ? "" : " (" + f.service() + ")");
        String message = Redactor.redactText(f.message());
        suites.append("    <testcase classname=\"flotilla.").append(attr(f.code())).append("\" name=\"").append(attr(name))
            .append("\" file=\"").append(attr(report.path(f.location()) == null ? "" : report.path(f.location()))).append("\"");
        if (f.location().line() > 0) suites.append(" line=\"").append(f.location().line()).append('"');
        suites.append(">\n");
        StringBuilder body = new StringBuilder(report.where(f.location())).append(": ").append(message);
        for (Finding.Related rel : f.related()) body.append("\nsee ").append(report.where(rel.location())).append(rel.note() == null ? "" : ": " + rel.note());
        if (f.remedy() != null) body.append("\nfix: ").append(f.remedy());
        if (f.severity().atLeast(report.failOn())) {
          suites.append("      <failure type=\"").append(f.severity().name()).append("\" message=\"").append(attr(message)).append("\">")
              .append(text(body.toString())).append("</failure>\n");
        } else {
          suites.append("      <skipped message=\"").append(attr(f.severity().lower() + ": " + message)).append("\"/>\n");
        }
        suites.append("    </testcase>\n");
      }
      for (CheckResult.RuleFailure rf : r.failures()) {
        if (rf.code().equals(e.getKey())) {
          suites.append("    <testcase classname=\"flotilla.").append(attr(rf.code())).append("\" name=\"rule failed\"><error message=\"")
              .append(attr(rf.message())).append("\"/></testcase>\n");
        }
      }
      suites.append("  </testsuite>\n");
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"flotilla check " + attr(report.project()) + "\" tests=\"" + tests
        + "\" failures=\"" + failures + "\" errors=\"" + r.failures().size() + "\">\n" + suites + "</testsuites>\n";
  }

  static String text(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') sb.append('?');
          else sb.append(c);
        }
      }
    }
    return sb.toString();
  }

  static String attr(String s) {
    return text(s == null ? "" : s).replace("\"", "&quot;").replace("\n", "&#10;");
  }
}
