package dev.flotilla.watch;

import dev.flotilla.diagnose.Diagnosis;
import dev.flotilla.diagnose.DiagnosisContext;
import dev.flotilla.model.Category;
import dev.flotilla.model.Severity;
import dev.flotilla.probe.HealthTarget;
import dev.flotilla.probe.Latency;
import dev.flotilla.probe.Probe;
import dev.flotilla.probe.ProbeDiagnosis;
import dev.flotilla.probe.ProbeResult;
import dev.flotilla.probe.Probes;
import dev.flotilla.track.Deployment;
import dev.flotilla.track.Event;
import dev.flotilla.track.HealthSample;
import dev.flotilla.track.NewError;
import dev.flotilla.track.Outcome;
import dev.flotilla.track.Store;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The loop of {@code flotilla watch}: every interval, probe every target at once, record the
 * samples, feed the {@link Watcher}, and for each alert record the error with its diagnosis,
 * tell the listener, post the webhook and, when asked, roll the service back. Runs until
 * {@link #stop()}, a number of rounds, or a duration.
 */
public final class WatchLoop {
  /** What the loop reports as it goes; the CLI prints it. */
  public interface Listener {
    default void round(int n, List<ProbeResult> results, Watcher.Round round) {}

    default void alert(Alert alert, Diagnosis diagnosis) {}

    default void recovered(String service) {}

    default void rolledBack(String service, String what, String failure) {}

    default void warning(String text) {}
  }

  /** Everything the loop needs; store, webhook and rollback may be null. */
  public record Config(
      String project,
      List<HealthTarget> targets,
      Duration interval,
      Duration probeTimeout,
      Store store,
      Webhook webhook,
      Rollback rollback,
      Map<String, WatchSettings.Metrics> metrics,
      Function<String, DiagnosisContext> context) {}

  private final Config config;
  private final Probes probes;
  private final Watcher watcher;
  private final Listener listener;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Map<String, RequestCounter> counters = new LinkedHashMap<>();
  private Long deploymentId;
  private int rounds;
  private int alerts;

  public WatchLoop(Config config, Probes probes, Watcher watcher, Listener listener) {
    this.config = config;
    this.probes = probes;
    this.watcher = watcher;
    this.listener = listener;
    if (!config.metrics().isEmpty()) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
      config.metrics().forEach((svc, m) -> counters.put(svc, new RequestCounter(m.url(), m.counter(), http)));
    }
  }

  /**
   * Latency baselines from the store: per service, the p95 of the passing samples recorded for the
   * last successful deployment (while it ran), when there are at least 5. Returns the services set.
   */
  public List<String> baselinesFromStore() {
    List<String> set = new ArrayList<>();
    if (config.store() == null) return set;
    Deployment good = null;
    for (Deployment d : config.store().deployments(config.project(), null, 50)) {
      if (d.outcome() == Outcome.SUCCEEDED) {
        good = d;
        break;
      }
    }
    if (good == null) return set;
    List<HealthSample> samples = config.store().healthSamples(good.id());
    for (HealthTarget t : config.targets()) {
      List<Long> ok = new ArrayList<>();
      for (HealthSample s : samples) {
        if (!s.service().equals(t.service()) || !s.ok() || s.latencyMs() == null) continue;
        if (good.finishedAt() != null && s.at().isAfter(good.finishedAt())) continue;
        ok.add(s.latencyMs() * 1_000_000L);
      }
      if (ok.size() >= 5) {
        watcher.baseline(t.service(), Latency.p95(ok));
        set.add(t.service());
      }
    }
    return set;
  }

  /** Runs until stopped, {@code maxRounds} (0: no limit) or {@code maxDuration} (null: none). Returns the alerts raised. */
  public int run(int maxRounds, Duration maxDuration) {
    if (config.store() != null) deploymentId = config.store().latestDeployment(config.project()).map(Deployment::id).orElse(null);
    List<Probe> list = config.targets().stream().filter(t -> t.probe() != null).map(HealthTarget::probe).toList();
    long end = maxDuration == null ? Long.MAX_VALUE : System.nanoTime() + maxDuration.toNanos();
    try {
      while (stopped.getCount() > 0) {
        long start = System.nanoTime();
        oneRound(list);
        if (maxRounds > 0 && rounds >= maxRounds) break;
        long next = start + config.interval().toNanos();
        long wait = Math.min(next, end) - System.nanoTime();
        if (System.nanoTime() >= end) break;
        if (wait > 0 && stopped.await(wait, TimeUnit.NANOSECONDS)) break;
        if (System.nanoTime() >= end) break;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return alerts;
  }

  /** Ends {@link #run} after the round in progress (the shutdown hook calls it on Ctrl-C). */
  public void stop() {
    stopped.countDown();
  }

  public int rounds() {
    return rounds;
  }

  private void oneRound(List<Probe> list) {
    for (Map.Entry<String, RequestCounter> c : counters.entrySet()) {
      long[] d = c.getValue().delta();
      if (d != null) watcher.counters(c.getKey(), d[0], d[1]);
    }
    List<ProbeResult> results = probes.sweep(list, config.probeTimeout());
    rounds++;
    record(results);
    Watcher.Round r = watcher.round(results);
    listener.round(rounds, results, r);
    for (Alert a : r.alerts()) alert(a);
    for (String s : r.recovered()) {
      listener.recovered(s);
      event("watch.recovered", "succeeded", s, s + " is healthy again");
      if (config.webhook() != null) post(Payloads.recovered(config.project(), s, Instant.now()));
    }
  }

  private void record(List<ProbeResult> results) {
    if (config.store() == null) return;
    for (ProbeResult p : results) {
      try {
        config.store().recordHealth(new HealthSample(0, deploymentId, config.project(), p.service(), p.at(), p.ok(),
            Latency.ceilMillis(p.latencyNanos()), p.status(), p.probe().describe(), p.ok() ? null : p.detail()));
      } catch (RuntimeException e) {
        listener.warning("could not record a health sample of " + p.service() + ": " + e.getMessage());
      }
    }
  }

  private void alert(Alert a) {
    alerts++;
    Trigger t = a.root();
    DiagnosisContext ctx = config.context() == null ? DiagnosisContext.EMPTY : config.context().apply(t.service());
    Diagnosis d = ProbeDiagnosis.of(t.service(), t.detail(), t.evidence() == null ? null : t.evidence().excerpt(), ctx);
    if (config.store() != null) {
      try {
        NewError.Builder b = NewError.builder(config.project(), d == null ? "HLT906" : d.code(),
            d == null ? Severity.HIGH : d.severity(), d == null ? Category.DEPENDENCY : d.category(), t.detail())
            .deployment(deploymentId).at(t.at()).service(t.service()).stage("watch")
            .evidence(t.evidence() == null ? null : t.evidence().excerpt());
        if (d != null) b.cause(d.cause()).fix(d.fix());
        if (!a.affected().isEmpty()) b.userImpact("also failing behind it: " + String.join(", ", a.affected()));
        config.store().recordError(b.build());
      } catch (RuntimeException e) {
        listener.warning("could not record the alert for " + t.service() + ": " + e.getMessage());
      }
    }
    listener.alert(a, d);
    event("watch.alert", "failed", t.service(), t.kind().lower() + ": " + t.detail());
    String rolled = null;
    String failure = null;
    if (config.rollback() != null) {
      try {
        rolled = config.rollback().rollback(t.service());
      } catch (Exception e) {
        failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      }
      listener.rolledBack(t.service(), rolled, failure);
      event("watch.rollback", failure == null ? "succeeded" : "failed", t.service(), failure == null ? rolled : "rollback failed: " + failure);
    }
    if (config.webhook() != null) post(Payloads.alert(config.project(), a, d, rolled, failure));
  }

  private void event(String action, String outcome, String service, String message) {
    if (config.store() == null) return;
    try {
      config.store().recordEvent(Event.of(deploymentId, config.project(), action, outcome, service, Payloads.message(message)));
    } catch (RuntimeException e) {
      listener.warning("could not record an event: " + e.getMessage());
    }
  }

  private void post(String json) {
    String problem = config.webhook().post(json);
    if (problem != null) listener.warning(problem);
  }
}
