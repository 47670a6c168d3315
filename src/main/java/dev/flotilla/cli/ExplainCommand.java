package dev.flotilla.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flotilla.diagnose.Diagnoser;
import dev.flotilla.diagnose.Diagnosis;
import dev.flotilla.diagnose.DiagnosisContext;
import dev.flotilla.diagnose.DiagnosisReport;
import dev.flotilla.diagnose.Failure;
import dev.flotilla.diagnose.LogTemplate;
import dev.flotilla.load.Loader;
import dev.flotilla.model.Stack;
import dev.flotilla.model.UserError;
import dev.flotilla.track.ErrorOccurrence;
import dev.flotilla.track.ErrorQuery;
import dev.flotilla.track.Store;
import dev.flotilla.track.TrackedError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code flotilla explain}: a pasted log or error message → what it means and how to fix it. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Explain a failure: paste a log or an error message (a file, or - for standard input) and get",
      "its diagnosis: code, category, severity, cause, fix, and the 'flotilla check' rule that would",
      "have caught it before deploy. Errors no signature knows are grouped into templates."
    },
    footer = {
      "",
      "Examples:",
      "  docker logs api 2>&1 | flotilla explain -",
      "  flotilla explain build.log --format json",
      "  flotilla explain crash.log --exit-code 137 --oom",
      "  flotilla explain --service auth        # the last failure recorded for a service",
      "",
      "Exit codes: 0 a cause was recognised; 1 nothing recognised; 2 unreadable input.",
      "See docs/cli/explain.md and docs/diagnosis.md."
    })
public class ExplainCommand implements Callable<Integer> {
  enum Format {
    text,
    json
  }

  @ParentCommand FlotillaCommand parent;
  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "Log file to explain, or - for standard input (the default when input is piped).")
  String file;

  @Option(names = "--format", paramLabel = "FORMAT", description = "Output format: text or json (default: text).")
  Format format = Format.text;

  @Option(names = "--exit-code", paramLabel = "N", description = "The container's exit code, when known (137, 127, …).")
  Integer exitCode;

  @Option(names = "--oom", description = "The container was killed by the kernel's OOM killer.")
  boolean oom;

  @Option(names = "--engine-error", paramLabel = "TEXT", description = "The Docker engine's error message (from create, start or build).")
  String engineError;

  @Option(names = "--sibling", paramLabel = "NAME", split = ",",
      description = "Another service's name or package (repeatable): an import of it is COD002, not a missing library.")
  List<String> siblings = new ArrayList<>();

  @Option(names = "--service", paramLabel = "SERVICE", description = "Explain the last failure recorded for SERVICE in the project's store (instead of FILE).")
  String service;

  @Mixin ProjectSelection project;
  @Mixin StoreOptions storeOptions;

  @Override
  public Integer call() {
    Console console = parent.global.console(spec.commandLine().getOut(), spec.commandLine().getErr());
    if (service != null) {
      if (file != null) throw UserError.input("give either FILE or --service " + service + ", not both");
      return explainRecorded(console);
    }
    List<String> lines = readInput();
    if (lines.isEmpty() && exitCode == null && !oom && engineError == null) {
      throw UserError.input((file == null || file.equals("-") ? "standard input" : file)
          + ": nothing to explain (the input is empty); give a log file, or pipe one into 'flotilla explain -'");
    }
    Failure failure = new Failure(null, lines, exitCode, oom, engineError, context(projectStack(), null));
    DiagnosisReport report = Diagnoser.builtIn().diagnose(failure);
    if (format == Format.json) console.result(json(report, null));
    else console.result(text(report, console));
    return report.recognised() ? ExitCode.OK : ExitCode.FAILED;
  }

  /** Sibling names from --sibling, plus every service of the project here when one loads. */
  private DiagnosisContext context(Stack stack, String self) {
    List<String> names = new ArrayList<>(siblings);
    if (stack != null) names.addAll(DiagnosisContext.of(stack, self).siblingModules());
    return DiagnosisContext.of(names);
  }

  /** The project in the current directory (or -f/--project-directory), or null: explain works without one. */
  private Stack projectStack() {
    try {
      return Loader.load(project.options().toLoadOptions());
    } catch (RuntimeException noProject) {
      return null;
    }
  }

  /** {@code --service}: the service's most recent tracked error, re-diagnosed with today's catalogue. */
  private Integer explainRecorded(Console console) {
    StoreOptions.Scope scope = StoreOptions.scope(project.options());
    TrackedError e;
    List<ErrorOccurrence> last;
    try (Store store = storeOptions.open(scope)) {
      List<TrackedError> found = store.errors(new ErrorQuery(storeOptions.projectFilter(scope), null, service, null, null, 1));
      if (found.isEmpty()) {
        throw new UserError(UserError.Kind.FAILED, null, "no failure recorded for service '" + service + "' in project '"
            + scope.name() + "' (store " + store.url() + "); 'flotilla errors list' shows what is recorded");
      }
      e = found.get(0);
      last = store.occurrences(e.id(), 1);
    }
    List<String> lines = new ArrayList<>();
    if (e.message() != null) lines.addAll(e.message().lines().toList());
    if (e.stackTrace() != null) lines.addAll(e.stackTrace().lines().toList());
    if (!last.isEmpty() && last.get(0).evidence() != null) lines.addAll(last.get(0).evidence().lines().toList());
    Failure failure = new Failure(service, lines, exitCode, oom, engineError, context(scope.stack(), service));
    DiagnosisReport fresh = Diagnoser.builtIn().diagnose(failure);
    // What the store recorded stays the answer when today's catalogue does not recognise the text.
    DiagnosisReport report = fresh.recognised() ? fresh : new DiagnosisReport(List.of(recorded(e)), fresh.unknown(), fresh.linesRead());
    String header = "Last failure of " + service + ": error #" + e.id() + " " + e.code() + ", " + e.status().name().toLowerCase(java.util.Locale.ROOT)
        + ", " + e.occurrences() + " occurrence(s), first seen " + e.firstSeen() + ", last seen " + e.lastSeen()
        + (e.stage() == null ? "" : ", stage " + e.stage()) + (e.environment() == null ? "" : ", environment " + e.environment());
    if (format == Format.json) {
      Map<String, Object> err = new LinkedHashMap<>();
      err.put("id", e.id());
      err.put("service", e.service());
      err.put("code", e.code());
      err.put("status", e.status().name().toLowerCase(java.util.Locale.ROOT));
      err.put("occurrences", e.occurrences());
      err.put("firstSeen", String.valueOf(e.firstSeen()));
      err.put("lastSeen", String.valueOf(e.lastSeen()));
      err.put("fingerprint", e.fingerprint());
      console.result(json(report, err));
    } else {
      console.result(console.paint("2", header) + "\n\n" + text(report, console));
    }
    return ExitCode.OK;
  }

  /** A diagnosis from the stored row, when no signature recognises its text. */
  private static Diagnosis recorded(TrackedError e) {
    var rules = Diagnoser.builtIn().catalogue().rules();
    String rule = rules.containsKey(e.code()) ? e.code() : null;
    String message = e.message() == null ? "" : e.message().lines().findFirst().orElse("");
    return new Diagnosis("recorded", e.code(), e.category(), e.severity(),
        message.isEmpty() ? e.code() : message,
        e.cause() == null ? "(no cause recorded)" : e.cause(), e.fix() == null ? "(no fix recorded)" : e.fix(),
        rule, rule == null ? null : rules.get(rule),
        new Diagnosis.Evidence(Diagnosis.Source.LOG, 0, message), (int) Math.min(Integer.MAX_VALUE, e.occurrences()), Map.of());
  }

  private List<String> readInput() {
    boolean stdin = file == null || file.equals("-");
    if (file == null && System.console() != null) {
      // Interactive, nothing piped: the flags alone are the failure, or there is nothing to explain.
      if (exitCode != null || oom || engineError != null) return List.of();
      throw UserError.input("nothing to explain: give a log FILE, or pipe a log into 'flotilla explain -'");
    }
    try {
      InputStream in = stdin ? System.in : Files.newInputStream(Path.of(file));
      var decoder = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE);
      List<String> lines = new ArrayList<>();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, decoder));
      try {
        for (String l = r.readLine(); l != null; l = r.readLine()) lines.add(l);
      } finally {
        if (!stdin) r.close();
      }
      return lines;
    } catch (NoSuchFileException e) {
      throw UserError.input(file + ": no such file");
    } catch (IOException e) {
      throw UserError.input(file + ": cannot read (" + e.getMessage() + ")");
    }
  }

  static String text(DiagnosisReport report, Console console) {
    StringBuilder sb = new StringBuilder();
    List<Diagnosis> ds = report.diagnoses();
    if (ds.isEmpty()) {
      sb.append("No known failure signature matched ").append(report.linesRead()).append(" line(s).\n");
    }
    for (int i = 0; i < ds.size(); i++) {
      Diagnosis d = ds.get(i);
      if (i == 1) sb.append("\nAlso found:\n");
      String head = d.code() + " " + d.severity().lower() + " " + d.category().lower() + "  " + d.title();
      String paint = switch (d.severity()) {
        case CRITICAL, HIGH -> "31";
        case MEDIUM -> "33";
        case LOW -> "2";
      };
      if (i == 0) {
        sb.append(console.paint("1;" + paint, head)).append('\n');
        sb.append("  evidence:  ").append(evidence(d)).append('\n');
        sb.append("  cause:     ").append(d.cause()).append('\n');
        sb.append("  fix:       ").append(d.fix()).append('\n');
        sb.append("  caught by: ").append(caughtBy(d)).append('\n');
      } else {
        sb.append("  ").append(console.paint(paint, head)).append('\n');
        sb.append("      ").append(evidence(d)).append('\n');
        sb.append("      fix: ").append(d.fix()).append('\n');
        sb.append("      caught by: ").append(caughtBy(d)).append('\n');
      }
    }
    if (!report.unknown().isEmpty()) {
      sb.append('\n').append("Unrecognised errors, grouped by template:\n");
      for (LogTemplate t : report.unknown()) {
        sb.append("  ").append(t.occurrences()).append("×  ").append(t.template())
            .append(console.paint("2", "  [" + t.fingerprint() + "]")).append('\n');
        sb.append("      first at line ").append(t.firstLine()).append(": ").append(t.example()).append('\n');
      }
    }
    return sb.toString().stripTrailing();
  }

  private static String evidence(Diagnosis d) {
    Diagnosis.Evidence e = d.evidence();
    String where = switch (e.source()) {
      case LOG -> e.line() > 0 ? "line " + e.line() + ": " : "";
      case ENGINE -> "engine: ";
      case EXIT_CODE, OOM -> "";
    };
    String times = d.occurrences() > 1 ? "  (" + d.occurrences() + "×)" : "";
    return where + e.text() + times;
  }

  private static String caughtBy(Diagnosis d) {
    if (d.rule() == null) return "no static rule: this can only be seen at run time";
    return "flotilla check rule " + d.rule() + (d.ruleTitle() == null ? "" : " (" + d.ruleTitle() + ")")
        + ", docs/rules/" + d.rule() + ".md";
  }

  static String json(DiagnosisReport report, Map<String, Object> recordedError) {
    Map<String, Object> root = new LinkedHashMap<>();
    if (recordedError != null) root.put("error", recordedError);
    root.put("recognised", report.recognised());
    root.put("lines", report.linesRead());
    List<Object> ds = new ArrayList<>();
    for (Diagnosis d : report.diagnoses()) ds.add(diagnosisJson(d));
    root.put("diagnoses", ds);
    List<Object> us = new ArrayList<>();
    for (LogTemplate t : report.unknown()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("fingerprint", t.fingerprint());
      m.put("template", t.template());
      m.put("occurrences", t.occurrences());
      m.put("example", t.example());
      m.put("firstLine", t.firstLine());
      m.put("lastLine", t.lastLine());
      us.add(m);
    }
    root.put("unknown", us);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, Object> diagnosisJson(Diagnosis d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("code", d.code());
    m.put("severity", d.severity().lower());
    m.put("category", d.category().lower());
    m.put("title", d.title());
    m.put("cause", d.cause());
    m.put("fix", d.fix());
    m.put("rule", d.rule());
    m.put("ruleTitle", d.ruleTitle());
    m.put("signature", d.signatureId());
    m.put("fingerprint", d.fingerprint());
    Map<String, Object> ev = new LinkedHashMap<>();
    ev.put("source", d.evidence().source().name().toLowerCase(java.util.Locale.ROOT));
    if (d.evidence().line() > 0) ev.put("line", d.evidence().line());
    ev.put("text", d.evidence().text());
    m.put("evidence", ev);
    m.put("occurrences", d.occurrences());
    m.put("details", new java.util.TreeMap<>(d.details()));
    return m;
  }
}
