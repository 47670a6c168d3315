package dev.flotilla.server;

import dev.flotilla.server.ReadModel.FeedRow;
import dev.flotilla.track.Deployment;
import dev.flotilla.track.Outcome;
import dev.flotilla.track.Phase;
import dev.flotilla.track.Store;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.javalin.config.JavalinConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /metrics} in Prometheus text format. Deploy phase durations, time to healthy and
 * rollbacks are recorded as each deployment finishes (seen in the store's audit trail, whichever
 * process wrote it), plus the last {@value #BACKFILL} deployments at start; errors and probe
 * latencies as their rows arrive; open errors are counted in the store at most every
 * {@value #OPEN_ERRORS_SECONDS} seconds.
 */
public final class Metrics implements FlotillaServer.Module {
  private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);
  static final int BACKFILL = 200;
  static final int OPEN_ERRORS_SECONDS = 10;

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Store store;
  private final ReadModel read;
  private final MultiGauge openErrors;
  private final Set<Long> recordedDeployments = ConcurrentHashMap.newKeySet();
  private volatile long openErrorsAt;

  public Metrics(Store store, ReadModel read, IntSupplier sseClients) {
    this.store = store;
    this.read = read;
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    Gauge.builder("flotilla_sse_clients", sseClients::getAsInt).description("Open /api/events connections").register(registry);
    openErrors = MultiGauge.builder("flotilla_open_errors").description("Unresolved tracked errors (open or regression)").register(registry);
  }

  @Override
  public void register(JavalinConfig config) {
    try {
      for (Deployment d : store.deployments(null, null, BACKFILL)) deploymentFinished(d.id());
    } catch (RuntimeException e) {
      LOG.warn("cannot backfill deployment metrics: {}", e.toString());
    }
    config.routes.get("/metrics", ctx -> {
      refreshOpenErrors();
      ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
      ctx.result(registry.scrape());
    });
  }

  PrometheusMeterRegistry registry() {
    return registry;
  }

  private void refreshOpenErrors() {
    long now = System.currentTimeMillis();
    if (now - openErrorsAt < OPEN_ERRORS_SECONDS * 1000L) return;
    openErrorsAt = now;
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (Object[] r : read.openErrorsByCategoryAndCode()) {
      rows.add(MultiGauge.Row.of(Tags.of("project", (String) r[0], "category", (String) r[1], "code", (String) r[2]), (Long) r[3]));
    }
    openErrors.register(rows, true);
  }

  /** A raw row of the live feed. */
  void row(FeedRow r) {
    Map<String, Object> d = r.data();
    switch (r.table()) {
      case "error" -> Counter.builder("flotilla_errors")
          .description("Error occurrences recorded")
          .tags("project", str(d.get("project")), "category", str(d.get("category")), "code", str(d.get("code")), "severity", str(d.get("severity")))
          .register(registry).increment();
      case "health" -> {
        Object latency = d.get("latencyMs");
        if (latency instanceof Long ms) {
          Timer.builder("flotilla_probe_latency")
              .description("Health probe latency")
              .tags("project", str(d.get("project")), "service", str(d.get("service")), "ok", String.valueOf(d.get("ok")))
              .publishPercentileHistogram()
              .minimumExpectedValue(Duration.ofMillis(1))
              .maximumExpectedValue(Duration.ofSeconds(30))
              .register(registry).record(Duration.ofMillis(ms));
        }
      }
      case "event" -> {
        Object action = d.get("action");
        if ("deploy.finish".equals(action) && d.get("deploymentId") instanceof Long id) deploymentFinished(id);
      }
      default -> { }
    }
  }

  /** Records a finished deployment's phase durations, its services' time to healthy and a rollback. Once per deployment. */
  void deploymentFinished(long id) {
    if (!recordedDeployments.add(id)) return;
    Deployment d = store.deployment(id).orElse(null);
    if (d == null || d.outcome() == Outcome.RUNNING) {
      recordedDeployments.remove(id);
      return;
    }
    for (Phase p : store.phases(id)) {
      if (p.startedAt() == null || p.endedAt() == null) continue;
      Timer.builder("flotilla_deploy_phase_duration")
          .description("Duration of one deploy phase")
          .tags("project", d.project(), "phase", Integer.toString(p.index() + 1), "outcome", p.outcome().lower())
          .publishPercentileHistogram()
          .minimumExpectedValue(Duration.ofMillis(10))
          .maximumExpectedValue(Duration.ofMinutes(30))
          .register(registry).record(Duration.between(p.startedAt(), p.endedAt()));
    }
    if (d.durationMs() != null) {
      Timer.builder("flotilla_deploy_duration")
          .description("Duration of a whole deployment")
          .tags("project", d.project(), "outcome", d.outcome().lower())
          .register(registry).record(Duration.ofMillis(d.durationMs()));
    }
    Api.timesToHealthy(store, id).forEach((service, ms) -> Timer.builder("flotilla_time_to_healthy")
        .description("From the start of a service's phase to its first healthy probe")
        .tags("project", d.project(), "service", service)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(10))
        .maximumExpectedValue(Duration.ofMinutes(10))
        .register(registry).record(Duration.ofMillis(ms)));
    Counter rollbacks = Counter.builder("flotilla_rollbacks").description("Deployments rolled back").tags("project", d.project()).register(registry);
    if (d.outcome() == Outcome.ROLLED_BACK || d.rolledBackTo() != null) rollbacks.increment();
  }

  private static String str(Object o) {
    return o == null ? "" : o.toString();
  }
}
