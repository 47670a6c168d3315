package dev.flotilla.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.diagnose.Diagnosis;
import dev.flotilla.diagnose.DiagnosisContext;
import dev.flotilla.load.Loader;
import dev.flotilla.model.Stack;
import dev.flotilla.model.UserError;
import dev.flotilla.probe.HealthTarget;
import dev.flotilla.probe.Latency;
import dev.flotilla.probe.ProbeDiagnosis;
import dev.flotilla.probe.ProbeResult;
import dev.flotilla.probe.Probes;
import dev.flotilla.probe.ServiceExec;
import dev.flotilla.probe.ServiceHealth;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code flotilla health}: probe every service once, concurrently; exit 0 only when all are healthy. */
@Command(
    name = "health",
    mixinStandardHelpOptions = true,
    description = {
      "Probe every service once, all at once: the x-flotilla.health probe (http, tcp, exec) or else",
      "the compose healthcheck. Prints service, endpoint, result, status and latency, and for each",
      "failure its likely cause and what to try. Exit 0 when every probed service is healthy."
    },
    footer = {
      "",
      "Examples:",
      "  flotilla health                          # the project in this directory",
      "  flotilla health . api postgres --format junit > health.xml",
      "  flotilla health --host 10.0.0.5          # a deployment's published ports on that server",
      "  flotilla health --url http://127.0.0.1:8080/healthz",
      "  flotilla health --samples 20 --p95 200   # fail when p95 latency exceeds 200 ms",
      "",
      "Exit codes: 0 all healthy; 1 a probe failed or latency exceeded; 2 bad usage or no probe.",
      "See docs/cli/health.md."
    })
public class HealthCommand implements Callable<Integer> {
  enum Format {
    text,
    json,
    junit
  }

  @ParentCommand FlotillaCommand parent;
  @Spec CommandSpec spec;
  @Mixin ProjectOptions project;

  @Option(names = "--format", paramLabel = "FORMAT", description = "text, json or junit (default: text).")
  Format format = Format.text;

  @Option(names = "--host", paramLabel = "HOST",
      description = "Probe a deployment on HOST through its published ports, without a runtime.")
  String host;

  @Option(names = "--url", paramLabel = "[SERVICE=]URL",
      description = "Probe this URL (expect 200), for SERVICE instead of its own probe, or on its own (repeatable; @FILE reads arguments from a file).")
  List<String> urls = new ArrayList<>();

  @Option(names = "--timeout", paramLabel = "DURATION", description = "Per-probe timeout for every probe (e.g. 500ms, 2s; default: each probe's own, 2s).")
  String timeout;

  @Option(names = "--samples", paramLabel = "N", description = "Probe each service N times and check the p95 latency (default: 1, no latency check).")
  int samples = 1;

  @Option(names = "--p95", paramLabel = "MS", description = "p95 latency target in ms, checked with --samples (default: 200).")
  Long p95;

  @Option(names = "--runtime", paramLabel = "RUNTIME",
      description = "Where exec probes (compose healthchecks) run: docker (default) or process. Services with x-flotilla.process run theirs locally.")
  String runtime = "docker";

  @Override
  public Integer call() {
    Console console = parent.global.console(spec.commandLine().getOut(), spec.commandLine().getErr());
    if (samples < 1) throw UserError.input("--samples " + samples + ": give 1 or more");
    if (p95 != null && p95 < 1) throw UserError.input("--p95 " + p95 + ": give a latency in milliseconds, 1 or more");
    Duration perProbe = timeout == null ? null : duration("--timeout", timeout);
    Map<String, URI> urlMap = urls(urls);
    Stack stack = loadStack(urlMap);
    List<HealthTarget> targets = HealthTarget.of(stack, stack == null ? List.of() : project.services(), host, urlMap);
    if (targets.stream().allMatch(t -> t.probe() == null)) {
      throw UserError.input(targets.isEmpty() ? "nothing to probe: the project has no services (or give --url)"
          : "no service has a probe: add x-flotilla.health (url, tcp or exec) or a healthcheck to the services, or give --url");
    }
    Long target = samples > 1 || p95 != null ? (p95 == null ? 200L : p95) : null;
    List<ServiceHealth> results;
    try (RuntimeExec inService = stack == null ? null : new RuntimeExec(runtime, stack.projectDir(), stack.name());
        Probes probes = new Probes(new ServiceExec(stack, inService))) {
      results = ServiceHealth.measure(probes, targets, samples, perProbe, target);
    }
    Map<String, Diagnosis> diagnoses = new LinkedHashMap<>();
    for (ServiceHealth h : results) {
      if (h.healthy()) continue;
      ProbeResult f = h.firstFailure();
      DiagnosisContext ctx = stack == null || !stack.services().containsKey(h.service()) ? DiagnosisContext.EMPTY : DiagnosisContext.of(stack, h.service());
      Diagnosis d = ProbeDiagnosis.of(h.service(), h.problem(), f == null ? null : f.excerpt(), ctx);
      if (d != null) diagnoses.put(h.service(), d);
    }
    String name = stack == null ? "adhoc" : stack.name();
    switch (format) {
      case json -> console.result(json(name, results, diagnoses));
      case junit -> console.result(junit(name, results, diagnoses));
      default -> console.result(text(results, diagnoses, console));
    }
    return results.stream().allMatch(ServiceHealth::healthy) ? ExitCode.OK : ExitCode.FAILED;
  }

  /** The project, or null when only --url targets are given and no compose file is here. */
  private Stack loadStack(Map<String, URI> urlMap) {
    boolean onlyUrls = !urlMap.isEmpty() && project.positionals.isEmpty() && project.files.isEmpty() && project.projectDirectory == null;
    try {
      return Loader.load(project.toLoadOptionsWithServices());
    } catch (UserError e) {
      if (onlyUrls) return null;
      throw e;
    }
  }

  static Map<String, URI> urls(List<String> given) {
    Map<String, URI> out = new LinkedHashMap<>();
    for (String u : given) {
      String service = null;
      String url = u;
      int eq = u.indexOf('=');
      if (eq > 0 && !u.substring(0, eq).contains("/") && !u.substring(0, eq).contains(":")) {
        service = u.substring(0, eq);
        url = u.substring(eq + 1);
      }
      URI uri;
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw UserError.input("--url " + u + ": not a URL (" + e.getMessage() + ")");
      }
      if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw UserError.input("--url " + u + ": give an http:// or https:// URL with a host, e.g. http://127.0.0.1:8080/healthz");
      }
      out.put(service == null ? HealthTarget.label(uri) : service, uri);
    }
    return out;
  }

  static Duration duration(String option, String text) {
    Duration d = null;
    try {
      d = dev.flotilla.load.ShortSyntax.duration(text);
    } catch (IllegalArgumentException e) {
      // reported below
    }
    if (d == null || d.toMillis() <= 0) throw UserError.input(option + " " + text + ": give a duration like 500ms, 2s or 1m");
    return d;
  }

  // ---------------------------------------------------------------- text

  static String text(List<ServiceHealth> results, Map<String, Diagnosis> diagnoses, Console console) {
    boolean sampled = results.stream().anyMatch(h -> h.samples().size() > 1);
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"SERVICE", "ENDPOINT", "RESULT", "STATUS", sampled ? "P95" : "LATENCY"});
    for (ServiceHealth h : results) {
      ProbeResult shown = h.firstFailure() != null ? h.firstFailure() : h.last();
      String endpoint = h.skipped() ? "-" : h.target().probe().describe();
      String status = shown == null ? "-" : shown.status() != null ? String.valueOf(shown.status()) : shown.exitCode() != null ? "exit " + shown.exitCode() : "-";
      String latency = shown == null ? "-" : Latency.ceilMillis(sampled ? h.p95Nanos() : shown.latencyNanos()) + " ms";
      String result = h.result() + (h.samples().size() > 1 && h.failures() > 0 ? " (" + h.failures() + "/" + h.samples().size() + ")" : "");
      rows.add(new String[] {h.service(), endpoint, result, status, latency});
    }
    int[] w = new int[5];
    for (String[] r : rows) for (int i = 0; i < 5; i++) w[i] = Math.max(w[i], r[i].length());
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < rows.size(); i++) {
      String[] r = rows.get(i);
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < 5; c++) {
        String cell = pad(r[c], c == 4 ? 0 : w[c]);
        if (i == 0) cell = console.paint("1", cell);
        else if (c == 2) cell = console.paint(colour(results.get(i - 1)), cell);
        line.append(cell).append(c == 4 ? "" : "  ");
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    for (ServiceHealth h : results) {
      if (h.healthy()) continue;
      Diagnosis d = diagnoses.get(h.service());
      sb.append('\n').append(console.paint("1", h.service())).append(": ").append(h.problem()).append('\n');
      ProbeResult f = h.firstFailure();
      if (f != null && f.excerpt() != null) sb.append("  answer: ").append(f.excerpt()).append('\n');
      if (d != null) {
        sb.append("  cause:  ").append(d.code()).append(' ').append(d.cause()).append('\n');
        sb.append("  try:    ").append(d.fix()).append('\n');
      }
    }
    for (ServiceHealth h : results) {
      if (h.skipped()) sb.append('\n').append(h.service()).append(": ").append(console.paint("2", h.target().skipped())).append('\n');
    }
    long probed = results.stream().filter(h -> !h.skipped()).count();
    long healthy = results.stream().filter(h -> !h.skipped() && h.healthy()).count();
    String summary = healthy + " of " + probed + " probed services healthy" + (probed == results.size() ? "" : ", " + (results.size() - probed) + " skipped");
    sb.append('\n').append(console.paint(healthy == probed ? "32" : "31", summary));
    return sb.toString();
  }

  private static String colour(ServiceHealth h) {
    if (h.skipped()) return "2";
    if (h.healthy()) return "32";
    return h.slow() ? "33" : "31";
  }

  private static String pad(String s, int w) {
    return s.length() >= w ? s : s + " ".repeat(w - s.length());
  }

  // ---------------------------------------------------------------- json

  static String json(String projectName, List<ServiceHealth> results, Map<String, Diagnosis> diagnoses) {
    ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = m.createObjectNode();
    root.put("project", projectName);
    root.put("healthy", results.stream().allMatch(ServiceHealth::healthy));
    ArrayNode services = root.putArray("services");
    for (ServiceHealth h : results) {
      ObjectNode s = services.addObject();
      s.put("service", h.service());
      s.put("result", h.result());
      s.put("healthy", h.healthy());
      if (h.skipped()) {
        s.put("skipped", h.target().skipped());
        continue;
      }
      s.put("probe", h.target().probe().describe());
      ProbeResult shown = h.firstFailure() != null ? h.firstFailure() : h.last();
      if (shown.status() != null) s.put("status", shown.status());
      if (shown.exitCode() != null) s.put("exitCode", shown.exitCode());
      s.put("latencyMs", round(shown.latencyMillis()));
      s.put("samples", h.samples().size());
      s.put("failures", h.failures());
      if (h.samples().size() > 1 || h.p95TargetMs() != null) s.put("p95Ms", round(h.p95Nanos() / 1e6));
      if (h.p95TargetMs() != null) s.put("p95TargetMs", h.p95TargetMs());
      if (shown.failure() != ProbeResult.Failure.NONE) s.put("failure", shown.failure().name().toLowerCase(Locale.ROOT));
      if (h.problem() != null) s.put("detail", h.problem());
      if (shown.excerpt() != null) s.put("excerpt", shown.excerpt());
      Diagnosis d = diagnoses.get(h.service());
      if (d != null) {
        ObjectNode dn = s.putObject("diagnosis");
        dn.put("code", d.code());
        dn.put("signature", d.signatureId());
        dn.put("category", d.category().name().toLowerCase(Locale.ROOT));
        dn.put("severity", d.severity().name().toLowerCase(Locale.ROOT));
        dn.put("title", d.title());
        dn.put("cause", d.cause());
        dn.put("fix", d.fix());
        if (d.rule() != null) dn.put("rule", d.rule());
      }
    }
    ObjectNode summary = root.putObject("summary");
    summary.put("services", results.size());
    summary.put("healthy", results.stream().filter(h -> !h.skipped() && h.healthy()).count());
    summary.put("failed", results.stream().filter(h -> !h.healthy()).count());
    summary.put("skipped", results.stream().filter(ServiceHealth::skipped).count());
    try {
      return m.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double round(double ms) {
    return Math.round(ms * 100) / 100.0;
  }

  // ---------------------------------------------------------------- junit

  static String junit(String projectName, List<ServiceHealth> results, Map<String, Diagnosis> diagnoses) {
    long failures = results.stream().filter(h -> !h.healthy()).count();
    long skipped = results.stream().filter(ServiceHealth::skipped).count();
    double total = results.stream().flatMap(h -> h.samples().stream()).mapToDouble(ProbeResult::latencyMillis).max().orElse(0) / 1000.0;
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    sb.append("<testsuites name=\"flotilla health\" tests=\"").append(results.size()).append("\" failures=\"").append(failures).append("\">\n");
    sb.append("  <testsuite name=\"").append(xml("health." + projectName)).append("\" tests=\"").append(results.size())
        .append("\" failures=\"").append(failures).append("\" errors=\"0\" skipped=\"").append(skipped)
        .append("\" time=\"").append(String.format(Locale.ROOT, "%.3f", total)).append("\">\n");
    for (ServiceHealth h : results) {
      ProbeResult shown = h.firstFailure() != null ? h.firstFailure() : h.last();
      double secs = shown == null ? 0 : shown.latencyMillis() / 1000.0;
      sb.append("    <testcase classname=\"").append(xml("health." + projectName)).append("\" name=\"").append(xml(h.service()))
          .append("\" time=\"").append(String.format(Locale.ROOT, "%.3f", secs)).append('"');
      if (h.healthy() && !h.skipped()) {
        sb.append("/>\n");
        continue;
      }
      sb.append(">\n");
      if (h.skipped()) {
        sb.append("      <skipped message=\"").append(xml(h.target().skipped())).append("\"/>\n");
      } else {
        Diagnosis d = diagnoses.get(h.service());
        sb.append("      <failure type=\"").append(xml(d == null ? h.result() : d.code())).append("\" message=\"").append(xml(h.problem())).append("\">");
        StringBuilder body = new StringBuilder();
        if (shown != null && shown.excerpt() != null) body.append("answer: ").append(shown.excerpt()).append('\n');
        if (d != null) body.append("cause: ").append(d.cause()).append('\n').append("try: ").append(d.fix()).append('\n');
        sb.append(xml(body.toString())).append("</failure>\n");
      }
      sb.append("    </testcase>\n");
    }
    sb.append("  </testsuite>\n</testsuites>");
    return sb.toString();
  }

  static String xml(String s) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&apos;");
        default -> {
          if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') b.append(c);
        }
      }
    }
    return b.toString();
  }
}
