package dev.flotilla.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flotilla.diagnose.Diagnoser;
import dev.flotilla.diagnose.Diagnosis;
import dev.flotilla.diagnose.DiagnosisContext;
import dev.flotilla.diagnose.DiagnosisReport;
import dev.flotilla.diagnose.Failure;
import dev.flotilla.diagnose.LogTemplate;
import dev.flotilla.model.UserError;
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

  @Option(names = "--service", paramLabel = "SERVICE", description = "Explain the last failure recorded for SERVICE in the project's store.")
  String service;

  @Override
  public Integer call() {
    Console console = parent.global.console(spec.commandLine().getOut(), spec.commandLine().getErr());
    if (service != null) {
      throw UserError.input("--service needs the deployment store, which this build of flotilla does not have yet;"
          + " explain the service's log instead: docker logs " + service + " 2>&1 | flotilla explain -");
    }
    List<String> lines = readInput();
    if (lines.isEmpty() && exitCode == null && !oom && engineError == null) {
      throw UserError.input((file == null || file.equals("-") ? "standard input" : file)
          + ": nothing to explain (the input is empty); give a log file, or pipe one into 'flotilla explain -'");
    }
    Failure failure = new Failure(null, lines, exitCode, oom, engineError, DiagnosisContext.of(siblings));
    DiagnosisReport report = Diagnoser.builtIn().diagnose(failure);
    if (format == Format.json) console.result(json(report));
    else console.result(text(report, console));
    return report.recognised() ? ExitCode.OK : ExitCode.FAILED;
  }

  private List<String> readInput() {
    boolean stdin = file == null || file.equals("-");
    if (file == null && System.console() != null && exitCode == null && !oom && engineError == null) {
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
      case LOG -> "line " + e.line() + ": ";
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

  static String json(DiagnosisReport report) {
    Map<String, Object> root = new LinkedHashMap<>();
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
