package dev.flotilla.report;

import dev.flotilla.check.Finding;
import dev.flotilla.check.facts.EffectiveHealthcheck;
import dev.flotilla.check.facts.Listener;
import dev.flotilla.check.facts.Listening;
import dev.flotilla.check.facts.SourceFacts;
import dev.flotilla.load.source.SourceScanner;
import dev.flotilla.model.EnvVar;
import dev.flotilla.model.Instruction;
import dev.flotilla.model.PortBinding;
import dev.flotilla.model.Route;
import dev.flotilla.model.Service;
import dev.flotilla.model.ServiceSources;
import dev.flotilla.model.Severity;
import dev.flotilla.model.SourceFile;
import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.Stack;
import dev.flotilla.model.Stage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The deployment-readiness score of seed 002's architecture-compliance checklist: per service,
 * eight areas (health endpoint, structured/centralized logging, metrics endpoint, configuration
 * from the environment, declared dependencies, declared ports, restart policy and error handling,
 * resource limits), each item PASS, FAIL or NOT_APPLICABLE (kept apart: a worker with no HTTP
 * server has no metrics endpoint to miss), minus every check finding against the service. Levels
 * are cumulative: a service holds bronze, silver or gold only when every item of that level and
 * those below passes (or does not apply) and no finding at the level's severity stands. A service
 * with nothing checkable is not scored at all, rather than scoring 100.
 */
public final class Readiness {

  public enum Status {
    PASS,
    FAIL,
    NOT_APPLICABLE
  }

  public enum Level {
    NONE,
    BRONZE,
    SILVER,
    GOLD;

    public String lower() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public enum Risk {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    public String lower() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The eight areas of the checklist, in the seed's order, with the level each belongs to. */
  public enum Area {
    HEALTH("health endpoint", Level.BRONZE),
    PORTS("ports declared", Level.BRONZE),
    RESILIENCE("restart policy and error handling", Level.BRONZE),
    CONFIGURATION("configuration from the environment", Level.SILVER),
    DEPENDENCIES("dependencies declared", Level.SILVER),
    RESOURCES("resource limits", Level.SILVER),
    LOGGING("structured, centralized logging", Level.GOLD),
    METRICS("metrics endpoint", Level.GOLD);

    public final String title;
    public final Level level;

    Area(String title, Level level) {
      this.title = title;
      this.level = level;
    }

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One checklist item for one service. */
  public record Item(String id, Area area, Level level, Status status, String evidence, String recommendation, SourceLocation location) {}

  /** An area's score: null when nothing in it applies to the service. */
  public record AreaScore(Area area, Integer score, int passed, int applicable, int findings) {}

  public record ServiceScore(
      String service,
      Integer score,
      Level level,
      Risk risk,
      List<Item> items,
      List<AreaScore> areas,
      List<Finding> findings,
      List<String> deviations,
      List<String> recommendations,
      String unscored) {

    public boolean scored() {
      return score != null;
    }
  }

  public record Report(Integer score, Level level, Risk risk, List<ServiceScore> services) {
    public boolean scored() {
      return score != null;
    }
  }

  /** Finding penalties, by severity. */
  static int penalty(Severity s) {
    return switch (s) {
      case CRITICAL -> 25;
      case HIGH -> 12;
      case MEDIUM -> 5;
      case LOW -> 1;
    };
  }

  private Readiness() {}

  public static Report assess(Stack stack, List<Finding> findings) {
    List<ServiceScore> out = new ArrayList<>();
    Map<String, ServiceSources> sources = SourceFacts.of(stack);
    for (Service s : stack.services().values()) {
      if (!stack.isActive(s)) continue;
      List<Finding> mine = findings.stream().filter(f -> s.name().equals(f.service())).toList();
      out.add(assess(stack, s, sources.get(s.name()), mine));
    }
    List<ServiceScore> scored = out.stream().filter(ServiceScore::scored).toList();
    Integer overall = scored.isEmpty() ? null : (int) Math.round(scored.stream().mapToInt(ServiceScore::score).average().orElse(0));
    Level level = scored.isEmpty() ? Level.NONE : scored.stream().map(ServiceScore::level).min(Enum::compareTo).orElse(Level.NONE);
    Risk risk = out.stream().map(ServiceScore::risk).max(Enum::compareTo).orElse(Risk.LOW);
    List<Finding> projectWide = findings.stream().filter(f -> f.service() == null || !stack.services().containsKey(f.service())).toList();
    for (Finding f : projectWide) risk = max(risk, riskOf(f.severity()));
    if (scored.isEmpty()) risk = max(risk, Risk.MEDIUM);
    return new Report(overall, level, risk, List.copyOf(out));
  }

  static ServiceScore assess(Stack stack, Service s, ServiceSources src, List<Finding> findings) {
    List<Item> items = new ArrayList<>();
    items.add(health(s, src));
    items.add(ports(s));
    items.add(restart(s));
    items.add(errorHandling(src));
    items.add(configuration(s, src));
    items.add(dependencies(stack, s, src, findings));
    items.add(resources(s));
    items.add(logging(s, src));
    items.add(metrics(s, src));

    int applicable = 0;
    int passed = 0;
    for (Item i : items) {
      if (i.status() == Status.NOT_APPLICABLE) continue;
      applicable++;
      if (i.status() == Status.PASS) passed++;
    }
    int penalty = findings.stream().mapToInt(f -> penalty(f.severity())).sum();

    List<AreaScore> areas = new ArrayList<>();
    for (Area a : Area.values()) {
      List<Item> in = items.stream().filter(i -> i.area() == a && i.status() != Status.NOT_APPLICABLE).toList();
      List<Finding> fs = findings.stream().filter(f -> areaOf(f) == a).toList();
      if (in.isEmpty() && fs.isEmpty()) {
        areas.add(new AreaScore(a, null, 0, 0, 0));
        continue;
      }
      int p = (int) in.stream().filter(i -> i.status() == Status.PASS).count();
      int base = in.isEmpty() ? 100 : Math.round(100f * p / in.size());
      int pen = fs.stream().mapToInt(f -> penalty(f.severity())).sum();
      areas.add(new AreaScore(a, Math.max(0, base - pen), p, in.size(), fs.size()));
    }

    List<String> deviations = new ArrayList<>();
    Set<String> recommendations = new LinkedHashSet<>();
    for (Item i : items) {
      if (i.status() == Status.FAIL) {
        deviations.add(i.area().title + ": " + i.evidence());
        if (i.recommendation() != null) recommendations.add(i.recommendation());
      }
    }
    for (Finding f : findings) {
      deviations.add(f.code() + " " + f.severity().lower() + ": " + f.message()
          + (f.location().known() ? " (" + f.location().display(stack.projectDir()) + ")" : ""));
      if (f.remedy() != null && !f.remedy().isBlank()) recommendations.add(f.code() + ": " + f.remedy());
    }

    Integer score;
    String unscored = null;
    if (applicable == 0 && findings.isEmpty()) {
      score = null;
      unscored = "nothing checkable: no healthcheck, ports, restart policy, limits, environment or source to judge";
    } else {
      int checklist = applicable == 0 ? 100 : Math.round(100f * passed / applicable);
      score = Math.max(0, Math.min(100, checklist - penalty));
    }
    Level level = score == null ? Level.NONE : level(items, findings);
    Risk risk = score == null ? Risk.MEDIUM : Risk.LOW;
    for (Finding f : findings) risk = max(risk, riskOf(f.severity()));
    if (score != null) {
      if (score < 40) risk = max(risk, Risk.CRITICAL);
      else if (score < 60) risk = max(risk, Risk.HIGH);
      else if (score < 80) risk = max(risk, Risk.MEDIUM);
    }
    return new ServiceScore(s.name(), score, level, risk, List.copyOf(items), List.copyOf(areas), List.copyOf(findings),
        List.copyOf(deviations), List.copyOf(recommendations), unscored);
  }

  /**
   * The highest level whose items (and those of the levels below) all pass or do not apply, with no
   * finding at its severity (CRITICAL blocks bronze, HIGH silver, MEDIUM gold) and no HIGH finding in
   * one of its areas.
   */
  static Level level(List<Item> items, List<Finding> findings) {
    Level held = Level.NONE;
    for (Level l : List.of(Level.BRONZE, Level.SILVER, Level.GOLD)) {
      Severity blocking = switch (l) {
        case BRONZE -> Severity.CRITICAL;
        case SILVER -> Severity.HIGH;
        default -> Severity.MEDIUM;
      };
      boolean itemsOk = items.stream().filter(i -> i.level() == l).noneMatch(i -> i.status() == Status.FAIL);
      // a HIGH finding in an area of this level (a crash at start is resilience, bronze) blocks it too
      boolean findingsOk = findings.stream().noneMatch(f -> f.severity().atLeast(blocking)
          || (f.severity().atLeast(Severity.HIGH) && areaOf(f).level.compareTo(l) <= 0));
      if (!itemsOk || !findingsOk) break;
      held = l;
    }
    return held;
  }

  static Area areaOf(Finding f) {
    String c = f.code();
    if (c.startsWith("HLT")) return Area.HEALTH;
    if (c.startsWith("PRT")) return Area.PORTS;
    if (c.startsWith("RES") || c.startsWith("PRF")) return Area.RESOURCES;
    if (c.startsWith("CFG") || c.startsWith("SEC")) return Area.CONFIGURATION;
    if (c.startsWith("DEP") || c.equals("COD002") || c.equals("COD004") || c.equals("COD005")) return Area.DEPENDENCIES;
    return Area.RESILIENCE; // build and code failures: the service does not start or crashes
  }

  private static Risk riskOf(Severity s) {
    return switch (s) {
      case CRITICAL -> Risk.CRITICAL;
      case HIGH -> Risk.HIGH;
      case MEDIUM -> Risk.MEDIUM;
      case LOW -> Risk.LOW;
    };
  }

  private static Risk max(Risk a, Risk b) {
    return a.ordinal() >= b.ordinal() ? a : b;
  }

  // ---------------------------------------------------------------- checklist items

  private static Item item(String id, Area a, Status st, String evidence, String rec, SourceLocation at) {
    return new Item(id, a, a.level, st, evidence, st == Status.FAIL ? rec : null, at == null ? SourceLocation.UNKNOWN : at);
  }

  static Item health(Service s, ServiceSources src) {
    var hc = EffectiveHealthcheck.of(s);
    boolean probe = s.settings() != null && s.settings().health() != null;
    if (hc.isPresent() && !hc.get().disabled()) {
      return item("health", Area.HEALTH, Status.PASS, "healthcheck " + String.join(" ", hc.get().test()), null, hc.get().location());
    }
    if (probe) return item("health", Area.HEALTH, Status.PASS, "x-flotilla health probe", null, s.settings().health().location());
    String route = healthRoute(s, src);
    String evidence = route == null ? "no healthcheck and no health endpoint"
        : "the service defines " + route + " but no healthcheck calls it";
    return item("health", Area.HEALTH, Status.FAIL, evidence,
        "add a healthcheck (or x-flotilla.health) that calls " + (route == null ? "a /health endpoint" : route), s.location());
  }

  private static String healthRoute(Service s, ServiceSources src) {
    for (String p : routePaths(s, src)) {
      String l = p.toLowerCase(Locale.ROOT);
      if (l.matches(".*/(health|healthz|healthcheck|live|livez|ready|readyz|ping)(/.*)?")) return p;
    }
    return null;
  }

  static Item ports(Service s) {
    Set<Integer> declared = new LinkedHashSet<>();
    for (PortBinding p : s.ports()) declared.add(p.target());
    for (var e : s.expose()) {
      try {
        declared.add(Integer.parseInt(e.value().split("[/-]")[0]));
      } catch (NumberFormatException ex) {
        // a range or variable: not comparable
      }
    }
    for (Listener l : Listening.exposed(s)) declared.add(l.port());
    List<Listener> listens = Listening.of(s).listeners().stream().filter(l -> l.confidence().allowsHigh()).toList();
    if (listens.isEmpty()) {
      if (declared.isEmpty()) return item("ports", Area.PORTS, Status.NOT_APPLICABLE, "listens on no known port", null, s.location());
      return item("ports", Area.PORTS, Status.PASS, "declares " + declared, null, s.location());
    }
    boolean host = "host".equals(s.networkMode());
    List<String> missing = new ArrayList<>();
    for (Listener l : listens) if (!declared.contains(l.port()) && !host) missing.add(String.valueOf(l.port()));
    if (missing.isEmpty()) {
      return item("ports", Area.PORTS, Status.PASS, "listens on " + listens.stream().map(l -> String.valueOf(l.port())).distinct().toList()
          + (host ? " (host network)" : ", declared"), null, s.location());
    }
    return item("ports", Area.PORTS, Status.FAIL, "listens on " + String.join(", ", missing) + " but neither ports, expose nor EXPOSE declare it",
        "declare the port (expose: or EXPOSE, or ports: to publish it)", listens.get(0).location());
  }

  static Item restart(Service s) {
    String r = s.restart() == null ? null : s.restart().value();
    Object deploy = s.other().get("deploy");
    boolean policy = deploy instanceof Map<?, ?> d && d.get("restart_policy") != null;
    if (policy || (r != null && !r.equals("no"))) {
      return item("restart", Area.RESILIENCE, Status.PASS, "restart: " + (r == null ? "deploy.restart_policy" : r), null,
          s.restart() == null ? s.location() : s.restart().location());
    }
    return item("restart", Area.RESILIENCE, Status.FAIL, "no restart policy: a crash leaves the service down",
        "set restart: unless-stopped (or on-failure)", s.location());
  }

  static Item errorHandling(ServiceSources src) {
    if (src == null || !src.hasSource()) return item("error-handling", Area.RESILIENCE, Status.NOT_APPLICABLE, "no application source here", null, null);
    for (SourceFile f : src.files()) {
      if (f.traits().contains("error-handler")) return item("error-handling", Area.RESILIENCE, Status.PASS, "exception handler in " + name(f), null, null);
    }
    for (SourceFile f : src.files()) {
      if (f.traits().contains("try-except")) return item("error-handling", Area.RESILIENCE, Status.PASS, "errors handled in " + name(f), null, null);
    }
    return item("error-handling", Area.RESILIENCE, Status.FAIL, "no exception handler and no try/except in the source",
        "handle errors: an exception handler (FastAPI exception_handler, Flask errorhandler, Express error middleware)", null);
  }

  static Item configuration(Service s, ServiceSources src) {
    boolean env = !s.environment().isEmpty() || !s.envFiles().isEmpty();
    boolean reads = src != null && src.files().stream().anyMatch(f -> f.traits().contains("reads-env"));
    if (env || reads) {
      return item("configuration", Area.CONFIGURATION, Status.PASS,
          reads ? "the source reads its configuration from the environment" : "configured through environment", null, s.location());
    }
    if (src != null && src.hasSource()) {
      return item("configuration", Area.CONFIGURATION, Status.FAIL, "the source reads nothing from the environment and the service sets none",
          "read settings (URLs, credentials, ports) from environment variables", s.location());
    }
    return item("configuration", Area.CONFIGURATION, Status.NOT_APPLICABLE, "no environment and no source", null, null);
  }

  static Item dependencies(Stack stack, Service s, ServiceSources src, List<Finding> findings) {
    Set<String> referenced = new LinkedHashSet<>();
    for (EnvVar e : s.environment().values()) {
      if (e.value() == null) continue;
      for (String other : stack.services().keySet()) {
        if (other.equals(s.name())) continue;
        String v = e.value();
        if (v.contains("://" + other + ":") || v.contains("://" + other + "/") || v.endsWith("://" + other) || v.contains("@" + other + ":")
            || v.contains("@" + other + "/") || v.equals(other) || v.startsWith(other + ":")) referenced.add(other);
      }
    }
    List<String> undeclared = referenced.stream().filter(r -> !s.dependsOn().containsKey(r)).toList();
    boolean codeMissing = findings.stream().anyMatch(f -> f.code().equals("COD002") || f.code().equals("COD004")) ;
    boolean noManifest = src != null && src.hasSource() && src.present().isEmpty() && src.manifests().isEmpty();
    if (!undeclared.isEmpty()) {
      return item("dependencies", Area.DEPENDENCIES, Status.FAIL, "uses " + undeclared + " without depends_on",
          "add depends_on (with condition: service_healthy) for " + String.join(", ", undeclared), s.location());
    }
    if (noManifest) {
      return item("dependencies", Area.DEPENDENCIES, Status.FAIL, "the source has no dependency manifest",
          "declare the service's packages in requirements.txt / pyproject.toml / package.json", s.location());
    }
    if (codeMissing) {
      return item("dependencies", Area.DEPENDENCIES, Status.FAIL, "the code imports packages its image does not have",
          "declare every imported package in the manifest the image installs", s.location());
    }
    if (referenced.isEmpty() && s.dependsOn().isEmpty() && (src == null || !src.hasSource())) {
      return item("dependencies", Area.DEPENDENCIES, Status.NOT_APPLICABLE, "depends on nothing", null, null);
    }
    return item("dependencies", Area.DEPENDENCIES, Status.PASS,
        s.dependsOn().isEmpty() ? "dependencies declared" : "depends_on " + s.dependsOn().keySet(), null, s.location());
  }

  static Item resources(Service s) {
    if (s.resources() != null && s.resources().hasMemoryLimit()) {
      return item("resources", Area.RESOURCES, Status.PASS, "memory limit " + (s.resources().memoryLimitBytes() / (1024 * 1024)) + " MiB", null,
          s.resources().location());
    }
    return item("resources", Area.RESOURCES, Status.FAIL, "no memory limit", "set deploy.resources.limits.memory", s.location());
  }

  static Item logging(Service s, ServiceSources src) {
    Object logging = s.other().get("logging");
    if (logging instanceof Map<?, ?> m && m.get("driver") != null) {
      return item("logging", Area.LOGGING, Status.PASS, "logging driver " + m.get("driver"), null, s.location());
    }
    EnvVar fmt = s.environment().get("LOG_FORMAT");
    if (fmt == null) fmt = s.environment().get("LOG_JSON");
    if (fmt != null && fmt.value() != null && fmt.value().toLowerCase(Locale.ROOT).matches("json|true|1|ecs|logfmt")) {
      return item("logging", Area.LOGGING, Status.PASS, fmt.name() + "=" + fmt.value(), null, fmt.location());
    }
    if (src != null) {
      for (SourceFile f : src.files()) {
        if (f.traits().contains("structured-logging") || f.traits().contains("logging-config")) {
          return item("logging", Area.LOGGING, Status.PASS, "structured logging configured in " + name(f), null, null);
        }
      }
      if (src.hasSource()) {
        return item("logging", Area.LOGGING, Status.FAIL, "logs are unstructured text (no JSON formatter, logging config or log driver)",
            "log JSON to stdout (python-json-logger, structlog, pino) or set a logging driver", s.location());
      }
    }
    return item("logging", Area.LOGGING, Status.NOT_APPLICABLE, "no application source and no logging configuration", null, null);
  }

  static Item metrics(Service s, ServiceSources src) {
    for (String p : routePaths(s, src)) {
      if (p.toLowerCase(Locale.ROOT).matches(".*/metrics/?")) return item("metrics", Area.METRICS, Status.PASS, "serves " + p, null, null);
    }
    if (src != null) {
      for (SourceFile f : src.files()) {
        if (f.traits().contains("metrics")) return item("metrics", Area.METRICS, Status.PASS, "exports metrics (" + name(f) + ")", null, null);
      }
    }
    if (s.labels().keySet().stream().anyMatch(k -> k.startsWith("prometheus.io/"))) {
      return item("metrics", Area.METRICS, Status.PASS, "prometheus.io labels", null, s.location());
    }
    boolean serves = !Listening.of(s).listeners().isEmpty() && src != null && src.hasSource();
    if (serves || (src != null && !routePaths(s, src).isEmpty())) {
      return item("metrics", Area.METRICS, Status.FAIL, "serves HTTP but exposes no metrics endpoint",
          "expose /metrics (prometheus-client, prom-client)", s.location());
    }
    return item("metrics", Area.METRICS, Status.NOT_APPLICABLE, "no application source to instrument", null, null);
  }

  /** Route paths from source, plus the files a static server ({@code httpd -h DIR}) serves. */
  static List<String> routePaths(Service s, ServiceSources src) {
    List<String> out = new ArrayList<>();
    if (src == null) return out;
    for (Route r : src.routes()) out.add(r.path());
    List<String> argv = SourceScanner.unwrap(src.entry().argv());
    int httpd = -1;
    for (int i = 0; i < argv.size(); i++) if (argv.get(i).endsWith("httpd")) httpd = i;
    if (httpd >= 0) {
      String root = src.entry().workdir();
      for (int i = httpd; i + 1 < argv.size(); i++) if (argv.get(i).equals("-h")) root = argv.get(i + 1);
      String prefix = root.startsWith("/") ? root : (src.entry().workdir().endsWith("/") ? src.entry().workdir() : src.entry().workdir() + "/") + root;
      if (!prefix.endsWith("/")) prefix = prefix + "/";
      for (String f : src.layout().keySet()) if (f.startsWith(prefix)) out.add("/" + f.substring(prefix.length()));
    }
    return out;
  }

  private static String name(SourceFile f) {
    return f.file() == null ? f.imagePath() : f.file().getFileName().toString();
  }

  static List<Instruction> instructions(Service s) {
    List<Instruction> out = new ArrayList<>();
    if (s.build() == null || s.build().parsed() == null) return out;
    for (Stage st : s.build().parsed().stages()) out.addAll(st.instructions());
    return out;
  }

  static Map<String, Object> unused() {
    return new LinkedHashMap<>();
  }
}
