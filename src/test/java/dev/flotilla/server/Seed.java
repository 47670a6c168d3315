package dev.flotilla.server;

import dev.flotilla.model.Category;
import dev.flotilla.model.Severity;
import dev.flotilla.track.CheckFinding;
import dev.flotilla.track.CheckRun;
import dev.flotilla.track.Event;
import dev.flotilla.track.HealthSample;
import dev.flotilla.track.NewDeployment;
import dev.flotilla.track.NewError;
import dev.flotilla.track.Outcome;
import dev.flotilla.track.ReadinessScore;
import dev.flotilla.track.Store;
import java.time.Instant;
import java.util.List;

/** A recorded deployment of a small platform, through the store's own API, as {@code flotilla up} would write it. */
final class Seed {
  static final String SCRIPT_LINE = "<script>document.title='pwned'</script> GET /healthz 500";

  final long deploymentId;
  final long errorId;
  final long scriptErrorId;

  Seed(Store store, String project) {
    Instant t0 = Instant.now().minusSeconds(120);
    String details = "{\"edges\":[{\"from\":\"api\",\"to\":\"postgres\"},{\"from\":\"api\",\"to\":\"redis\",\"inferred\":true,\"reason\":\"REDIS_URL\"},"
        + "{\"from\":\"web\",\"to\":\"api\"}]}";
    deploymentId = store.startDeployment(new NewDeployment(project, "staging", "alice", "docker", t0, details));
    List<List<String>> phases = List.of(List.of("postgres", "redis"), List.of("api"), List.of("web"));
    Instant t = t0;
    for (int i = 0; i < phases.size(); i++) {
      long phase = store.startPhase(deploymentId, i, phases.get(i), t);
      for (String s : phases.get(i)) {
        store.recordEvent(new Event(0, deploymentId, project, t.plusMillis(100), "alice", "service.start", "started", s, null));
        store.recordHealth(new HealthSample(0, deploymentId, project, s, t.plusMillis(1500 + i * 300L), true, 12L + i, 200,
            "GET http://127.0.0.1:90" + (10 + i) + "/healthz", null));
      }
      t = t.plusSeconds(3);
      store.finishPhase(phase, Outcome.SUCCEEDED, t, null);
    }
    store.finishDeployment(deploymentId, Outcome.SUCCEEDED, t, null);
    errorId = store.recordError(NewError.builder(project, "DEP004", Severity.HIGH, Category.NETWORK,
            "api cannot reach postgres at localhost:5432: connection refused")
        .deployment(deploymentId).service("api").environment("staging").stage("health")
        .cause("The container points at localhost for a sibling service.").fix("Use the service name: postgres:5432.")
        .evidence("psycopg2.OperationalError: could not connect to server: Connection refused\n\tIs the server running on host \"localhost\"")
        .build()).errorId();
    scriptErrorId = store.recordError(NewError.builder(project, "HLT001", Severity.CRITICAL, Category.CONFIGURATION,
            "web healthcheck failed: " + SCRIPT_LINE)
        .deployment(deploymentId).service("web").environment("staging").stage("health")
        .evidence(SCRIPT_LINE + "\n<img src=x onerror=alert(1)>")
        .build()).errorId();
    store.recordCheckRun(new CheckRun(0, project, Instant.now().minusSeconds(300), "alice", "0.1.0",
        List.of(new CheckFinding("HLT001", Severity.HIGH, Category.CONFIGURATION, "web", "healthcheck calls curl, which the image lacks",
            "compose.yaml", 14, 7)),
        List.of(new ReadinessScore("api", 92, "A", null, null), new ReadinessScore("web", 64, "C", null, null)), null));
  }
}
