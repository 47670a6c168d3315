package dev.flotilla.check.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flotilla.check.CheckResult;
import dev.flotilla.check.Finding;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.TextEdit;
import dev.flotilla.model.Category;
import dev.flotilla.model.Redactor;
import dev.flotilla.model.SourceLocation;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0 for code-scanning tools: one run, the rules that ran as {@code tool.driver.rules}
 * (from their {@link RuleInfo}), one result per finding with its location relative to the
 * {@code PROJECTROOT} base, {@code relatedLocations} in the other files, the automatic fix as
 * {@code fixes}, and suppressed findings as results carrying {@code suppressions}. Levels follow
 * the severity (CRITICAL and HIGH error, MEDIUM warning, LOW note).
 */
public final class SarifReporter {
  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
  static final String ROOT = "PROJECTROOT";

  private SarifReporter() {}

  public static String render(CheckReport report) {
    CheckResult r = report.result();
    List<RuleInfo> rules = new ArrayList<>(r.rulesRun());
    List<String> ids = new ArrayList<>();
    List<Object> ruleDocs = new ArrayList<>();
    for (RuleInfo info : rules) {
      ids.add(info.code());
      ruleDocs.add(rule(info));
    }
    List<Object> results = new ArrayList<>();
    for (Finding f : r.findings()) results.add(result(report, f, ids, null));
    for (CheckResult.Suppressed s : r.suppressed()) results.add(result(report, s.finding(), ids, s));

    Map<String, Object> driver = new LinkedHashMap<>();
    driver.put("name", "flotilla");
    if (report.toolVersion() != null && !report.toolVersion().isBlank()) driver.put("semanticVersion", semver(report.toolVersion()));
    driver.put("rules", ruleDocs);

    Map<String, Object> run = new LinkedHashMap<>();
    run.put("tool", Map.of("driver", driver));
    if (report.projectDir() != null) {
      String uri = report.projectDir().toAbsolutePath().toUri().toString();
      if (!uri.endsWith("/")) uri += "/";
      run.put("originalUriBaseIds", Map.of(ROOT, Map.of("uri", uri)));
    }
    Map<String, Object> invocation = new LinkedHashMap<>();
    invocation.put("executionSuccessful", r.failures().isEmpty());
    List<Object> notes = new ArrayList<>();
    for (CheckResult.RuleFailure f : r.failures()) {
      notes.add(Map.of("level", "error", "message", Map.of("text", "rule " + f.code() + " failed: " + f.message()),
          "associatedRule", Map.of("id", f.code())));
    }
    if (!notes.isEmpty()) invocation.put("toolExecutionNotifications", notes);
    run.put("invocations", List.of(invocation));
    run.put("results", results);

    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("$schema", SCHEMA);
    doc.put("version", "2.1.0");
    doc.put("runs", List.of(run));
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> rule(RuleInfo info) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", info.code());
    m.put("name", camel(info.title()));
    m.put("shortDescription", Map.of("text", info.title()));
    m.put("fullDescription", Map.of("text", plain(info.explanation())));
    String help = info.fix().isBlank() ? info.explanation() : info.fix();
    m.put("help", Map.of("text", plain(help), "markdown", help + "\n\nSee docs/rules/" + info.code() + ".md."));
    m.put("defaultConfiguration", Map.of("level", info.severity().sarifLevel()));
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("tags", List.of(info.category().lower(), info.code().substring(0, 3)));
    props.put("severity", info.severity().lower());
    props.put("category", info.category().lower());
    props.put("fixable", info.fixable());
    if (info.category() == Category.SECURITY) {
      props.put("security-severity", switch (info.severity()) {
        case CRITICAL -> "9.5";
        case HIGH -> "8.0";
        case MEDIUM -> "5.5";
        case LOW -> "2.0";
      });
    }
    m.put("properties", props);
    return m;
  }

  private static Map<String, Object> result(CheckReport report, Finding f, List<String> ids, CheckResult.Suppressed suppressed) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ruleId", f.code());
    int index = ids.indexOf(f.code());
    if (index >= 0) m.put("ruleIndex", index);
    m.put("level", f.severity().sarifLevel());
    String text = Redactor.redactText(f.message());
    if (f.remedy() != null && !f.remedy().isBlank()) text += ". Fix: " + f.remedy();
    m.put("message", Map.of("text", text));
    List<Object> locations = new ArrayList<>();
    Map<String, Object> loc = physical(report, f.location());
    if (loc != null) locations.add(Map.of("physicalLocation", loc));
    m.put("locations", locations);
    List<Object> related = new ArrayList<>();
    int id = 1;
    for (Finding.Related rel : f.related()) {
      Map<String, Object> p = physical(report, rel.location());
      if (p == null) continue;
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("id", id++);
      x.put("physicalLocation", p);
      if (rel.note() != null && !rel.note().isBlank()) x.put("message", Map.of("text", rel.note()));
      related.add(x);
    }
    if (!related.isEmpty()) m.put("relatedLocations", related);
    m.put("partialFingerprints", Map.of("flotillaFindingHash/v1", fingerprint(report, f)));
    if (f.fix() != null) m.put("fixes", List.of(fix(report, f)));
    if (suppressed != null) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("kind", suppressed.by().endsWith("flotilla-ignore") ? "inSource" : "external");
      s.put("justification", (suppressed.reason() == null || suppressed.reason().isBlank() ? "" : suppressed.reason() + " — ") + suppressed.by());
      m.put("suppressions", List.of(s));
    }
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("severity", f.severity().lower());
    props.put("category", f.category().lower());
    if (f.service() != null) props.put("service", f.service());
    m.put("properties", props);
    return m;
  }

  private static Map<String, Object> fix(CheckReport report, Finding f) {
    Map<String, List<Object>> byFile = new LinkedHashMap<>();
    for (TextEdit e : f.fix().edits()) {
      Map<String, Object> rep = new LinkedHashMap<>();
      rep.put("deletedRegion", e.createsFile() ? Map.of("charOffset", 0, "charLength", 0)
          : Map.of("charOffset", e.offset(), "charLength", e.length()));
      rep.put("insertedContent", Map.of("text", e.replacement()));
      byFile.computeIfAbsent(report.path(new SourceLocation(e.file(), 0, 0)), k -> new ArrayList<>()).add(rep);
    }
    List<Object> changes = new ArrayList<>();
    for (Map.Entry<String, List<Object>> e : byFile.entrySet()) {
      changes.add(Map.of("artifactLocation", artifact(report, e.getKey()), "replacements", e.getValue()));
    }
    return Map.of("description", Map.of("text", f.fix().description()), "artifactChanges", changes);
  }

  private static Map<String, Object> physical(CheckReport report, SourceLocation at) {
    String path = report.path(at);
    if (path == null) return null;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("artifactLocation", artifact(report, path));
    if (at.line() > 0) {
      Map<String, Object> region = new LinkedHashMap<>();
      region.put("startLine", at.line());
      if (at.column() > 0) region.put("startColumn", at.column());
      m.put("region", region);
    }
    return m;
  }

  private static Map<String, Object> artifact(CheckReport report, String path) {
    Map<String, Object> m = new LinkedHashMap<>();
    boolean relative = !path.startsWith("/");
    m.put("uri", uri(path, relative));
    if (relative && report.projectDir() != null) m.put("uriBaseId", ROOT);
    return m;
  }

  private static String uri(String path, boolean relative) {
    try {
      return relative ? new URI(null, null, path, null).getRawPath() : new URI("file", null, path, null).toString();
    } catch (URISyntaxException e) {
      return path;
    }
  }

  private static String fingerprint(CheckReport report, Finding f) {
    String key = f.code() + "|" + f.service() + "|" + report.path(f.location()) + "|" + f.message();
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      return Integer.toHexString(key.hashCode());
    }
  }

  private static String camel(String title) {
    StringBuilder sb = new StringBuilder();
    for (String w : title.split("[^A-Za-z0-9]+")) {
      if (w.isEmpty()) continue;
      sb.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
    }
    return sb.toString();
  }

  private static String plain(String markdown) {
    return markdown.replace("`", "");
  }

  private static String semver(String v) {
    return v.matches("\\d+\\.\\d+\\.\\d+.*") ? v : "0.0.0-" + v.replaceAll("[^0-9A-Za-z.-]", "-");
  }
}
