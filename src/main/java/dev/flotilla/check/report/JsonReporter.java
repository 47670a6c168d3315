package dev.flotilla.check.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flotilla.check.CheckResult;
import dev.flotilla.check.Finding;
import dev.flotilla.check.TextEdit;
import dev.flotilla.model.Redactor;
import dev.flotilla.model.Severity;
import dev.flotilla.model.SourceLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Flotilla's own JSON: {@code project}, {@code summary} (counts per severity, suppressed,
 * fixable, failed), {@code findings} (code, severity, category, service, message, file, line,
 * column, related, remedy, fix), {@code suppressed} and {@code ruleFailures}. Stable field names;
 * paths relative to the project directory.
 */
public final class JsonReporter {
  private JsonReporter() {}

  public static String render(CheckReport report) {
    CheckResult r = report.result();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("tool", "flotilla");
    doc.put("version", report.toolVersion());
    doc.put("project", report.project());
    doc.put("projectDir", report.projectDir() == null ? null : report.projectDir().toAbsolutePath().toString());
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("total", r.findings().size());
    for (Severity s : Severity.values()) summary.put(s.lower(), r.count(s));
    summary.put("suppressed", r.suppressed().size());
    summary.put("fixable", report.fixable());
    summary.put("rules", r.rulesRun().size());
    summary.put("failOn", report.failOn().lower());
    summary.put("failed", report.failed());
    doc.put("summary", summary);
    List<Object> findings = new ArrayList<>();
    for (Finding f : r.findings()) findings.add(finding(report, f));
    doc.put("findings", findings);
    List<Object> suppressed = new ArrayList<>();
    for (CheckResult.Suppressed s : r.suppressed()) {
      Map<String, Object> m = finding(report, s.finding());
      m.put("suppressedBy", s.by());
      m.put("reason", s.reason());
      suppressed.add(m);
    }
    doc.put("suppressed", suppressed);
    List<Object> failures = new ArrayList<>();
    for (CheckResult.RuleFailure f : r.failures()) failures.add(Map.of("code", f.code(), "message", f.message()));
    doc.put("ruleFailures", failures);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, Object> finding(CheckReport report, Finding f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("code", f.code());
    m.put("severity", f.severity().lower());
    m.put("category", f.category().lower());
    m.put("service", f.service());
    m.put("message", Redactor.redactText(f.message()));
    location(report, f.location(), m);
    List<Object> related = new ArrayList<>();
    for (Finding.Related rel : f.related()) {
      Map<String, Object> x = new LinkedHashMap<>();
      location(report, rel.location(), x);
      x.put("note", rel.note());
      related.add(x);
    }
    m.put("related", related);
    m.put("remedy", f.remedy());
    if (f.fix() != null) {
      Map<String, Object> fix = new LinkedHashMap<>();
      fix.put("description", f.fix().description());
      List<Object> edits = new ArrayList<>();
      for (TextEdit e : f.fix().edits()) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("file", report.path(new SourceLocation(e.file(), 0, 0)));
        if (e.createsFile()) x.put("create", true);
        else {
          x.put("offset", e.offset());
          x.put("length", e.length());
        }
        x.put("replacement", e.replacement());
        edits.add(x);
      }
      fix.put("edits", edits);
      m.put("fix", fix);
    } else {
      m.put("fix", null);
    }
    return m;
  }

  private static void location(CheckReport report, SourceLocation at, Map<String, Object> m) {
    m.put("file", report.path(at));
    m.put("line", at == null || at.line() <= 0 ? null : at.line());
    m.put("column", at == null || at.column() <= 0 ? null : at.column());
  }
}
