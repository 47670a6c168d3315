package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.facts.EffectiveHealthcheck;
import dev.flotilla.check.facts.ProjectText;
import dev.flotilla.model.Category;
import dev.flotilla.model.Service;
import dev.flotilla.model.Severity;
import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.Stack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

@RuleInfo(
    code = "HLT005",
    severity = Severity.LOW,
    category = Category.PERFORMANCE,
    title = "healthcheck timing that makes deploys slow or flaky",
    explanation = "Docker runs the first probe one interval after start (or start_interval during "
        + "start_period). An interval of 30 s or more without start_interval makes every dependent wait at "
        + "least that long on every deploy (LOW). A timeout at least as long as the interval means a slow probe "
        + "runs into the next one (MEDIUM). A slow starter (JVM, Elasticsearch, Keycloak, Kafka) without "
        + "start_period whose retries × interval is under a minute is marked unhealthy before it has started (MEDIUM).",
    example = "services:\n  api:\n    healthcheck:\n      test: [\"CMD\", \"wget\", \"-q\", \"--spider\", \"http://localhost:8080/health\"]\n      interval: 60s",
    fix = "Probe often while starting and rarely afterwards: interval: 30s, start_period: 60s, start_interval: 2s, "
        + "timeout: 5s.")
public final class Hlt005HealthcheckTiming implements Rule {

  static final Set<String> SLOW = Set.of("elasticsearch", "opensearch", "keycloak", "kafka", "cp-kafka", "zookeeper", "sonarqube",
      "jenkins", "mssql", "oracle", "cassandra", "neo4j", "solr", "nexus", "artifactory", "confluence", "jira", "wildfly", "tomcat");

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    for (Service s : stack.services().values()) {
      Optional<EffectiveHealthcheck> ohc = EffectiveHealthcheck.of(s);
      if (ohc.isEmpty() || !ohc.get().runs()) continue;
      EffectiveHealthcheck hc = ohc.get();
      Duration interval = hc.intervalOrDefault();
      SourceLocation at = at(hc, "interval");
      if (interval.compareTo(Duration.ofSeconds(30)) >= 0 && hc.startInterval() == null) {
        out.add(finding(s.name(),
                "healthcheck interval " + fmt(interval) + (hc.interval() == null ? " (Docker's default)" : "")
                    + " without start_interval: " + s.name() + " cannot be healthy before " + fmt(interval) + " and its dependents wait",
                at)
            .remedy("add start_period and a short start_interval (start_interval: 2s), or lower the interval")
            .build());
      }
      if (hc.timeoutOrDefault().compareTo(interval) >= 0 && (hc.timeout() != null || hc.interval() != null)) {
        out.add(finding(s.name(),
                "healthcheck timeout " + fmt(hc.timeoutOrDefault()) + " is not shorter than its interval " + fmt(interval)
                    + ": a slow probe runs into the next one",
                at(hc, "timeout"))
            .severity(Severity.MEDIUM)
            .remedy("make the timeout well below the interval (timeout: 5s)")
            .build());
      }
      if (slowStarter(s) && (hc.startPeriod() == null || hc.startPeriod().isZero())) {
        Duration budget = interval.multipliedBy(hc.retriesOrDefault());
        if (budget.compareTo(Duration.ofSeconds(60)) < 0) {
          out.add(finding(s.name(),
                  s.name() + " starts slowly but its healthcheck has no start_period: after " + hc.retriesOrDefault() + " × "
                      + fmt(interval) + " = " + fmt(budget) + " it is marked unhealthy before it is up",
                  at)
              .severity(Severity.MEDIUM)
              .remedy("add start_period: 60s (and start_interval: 2s)")
              .build());
        }
      }
    }
    return out;
  }

  private static SourceLocation at(EffectiveHealthcheck hc, String key) {
    if (hc.fromDockerfile()) return hc.location();
    return ProjectText.findInMap(hc.location(), key).orElse(hc.location());
  }

  static boolean slowStarter(Service s) {
    String image = s.imageName() == null ? "" : s.imageName().toLowerCase(Locale.ROOT);
    String base = s.buildStage().map(st -> st.baseImage() == null ? "" : st.baseImage().toLowerCase(Locale.ROOT)).orElse("");
    for (String ref : List.of(image, base)) {
      if (ref.isEmpty()) continue;
      String name = ref.replaceAll("[:@].*$", "");
      name = name.substring(name.lastIndexOf('/') + 1);
      if (SLOW.contains(name)) return true;
      if (name.contains("temurin") || name.contains("openjdk") || name.contains("corretto") || name.equals("maven")
          || name.contains("gradle") || name.contains("distroless/java") || ref.contains("distroless/java")) return true;
    }
    List<String> cmd = s.command() == null ? List.of() : s.command().value();
    return cmd != null && String.join(" ", cmd).contains("java -jar");
  }

  static String fmt(Duration d) {
    if (d.toMillis() % 1000 != 0) return d.toMillis() + "ms";
    long sec = d.getSeconds();
    return sec % 60 == 0 && sec >= 60 ? (sec / 60) + "m" : sec + "s";
  }
}
