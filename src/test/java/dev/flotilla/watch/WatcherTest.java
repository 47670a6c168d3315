package dev.flotilla.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.probe.Probe;
import dev.flotilla.probe.ProbeResult;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The trigger thresholds, exactly: each fires at its threshold and not one probe before. */
class WatcherTest {
  static Probe probe(String service) {
    return new Probe.Http(service, URI.create("http://127.0.0.1:19700/" + service), 200, null, Duration.ofSeconds(1));
  }

  static ProbeResult ok(String service, long ms) {
    return new ProbeResult(probe(service), true, ProbeResult.Failure.NONE, 200, null, ms * 1_000_000, "ok", "status 200", Instant.EPOCH);
  }

  static ProbeResult ok(String service) {
    return ok(service, 10);
  }

  static ProbeResult status(String service, int code) {
    return new ProbeResult(probe(service), false, ProbeResult.Failure.WRONG_STATUS, code, null, 5_000_000, "err",
        "health probe GET http://127.0.0.1:19700/" + service + ": status " + code + ", expected 200", Instant.EPOCH);
  }

  static ProbeResult refused(String service) {
    return new ProbeResult(probe(service), false, ProbeResult.Failure.REFUSED, null, null, 1_000_000, null,
        "health probe GET http://127.0.0.1:19700/" + service + ": connection refused by 127.0.0.1:19700", Instant.EPOCH);
  }

  static Watcher watcher(Thresholds t) {
    return new Watcher(t, Map.of(), Map.of());
  }

  @Test
  void consecutiveFailuresFireAtTheThreshold() {
    Watcher w = watcher(new Thresholds(3, 50, 99, 20));
    assertThat(w.round(List.of(refused("api"))).alerts()).isEmpty();
    assertThat(w.round(List.of(refused("api"))).alerts()).isEmpty();
    Watcher.Round third = w.round(List.of(refused("api")));
    assertThat(third.alerts()).hasSize(1);
    Trigger t = third.alerts().get(0).root();
    assertThat(t.kind()).isEqualTo(Trigger.Kind.CONSECUTIVE_FAILURES);
    assertThat(t.value()).isEqualTo(3);
    assertThat(t.detail()).endsWith("connection refused by 127.0.0.1:19700 (3 failures in a row)");
    // No storm: the open incident takes the next failures silently.
    assertThat(w.round(List.of(refused("api"))).quiet()).isTrue();
    assertThat(w.round(List.of(ok("api"))).recovered()).containsExactly("api");
    // A pass resets the count.
    w.round(List.of(refused("api")));
    w.round(List.of(refused("api")));
    w.round(List.of(ok("api")));
    w.round(List.of(refused("api")));
    assertThat(w.round(List.of(refused("api"))).alerts()).isEmpty();
    assertThat(w.round(List.of(refused("api"))).alerts()).hasSize(1);
  }

  @Test
  void perServiceThresholds() {
    Watcher w = new Watcher(Thresholds.DEFAULT, Map.of("pay", new Thresholds(1, 50, 5, 20)), Map.of());
    Watcher.Round r = w.round(List.of(refused("api"), refused("pay")));
    assertThat(r.alerts()).extracting(Alert::service).containsExactly("pay");
  }

  @Test
  void errorRateFiresAboveTheLimitNotAtIt() {
    // failures set high so only the rate can fire; window 20, limit 5 %: 1 error in 20 is 5 %, 2 are 10 %.
    Watcher w = watcher(new Thresholds(100, 50, 5, 20));
    w.round(List.of(status("api", 500)));
    for (int i = 0; i < 18; i++) assertThat(w.round(List.of(ok("api"))).alerts()).isEmpty();
    // 19 probes, 1 error: the window is not full yet.
    assertThat(w.round(List.of(ok("api"))).alerts()).as("20 probes, 1 error = 5 %").isEmpty();
    Watcher.Round r = w.round(List.of(status("api", 502)));
    // The first error left the window: still 1 of 20.
    assertThat(r.alerts()).isEmpty();
    r = w.round(List.of(status("api", 503)));
    assertThat(r.alerts()).hasSize(1);
    Trigger t = r.alerts().get(0).root();
    assertThat(t.kind()).isEqualTo(Trigger.Kind.ERROR_RATE);
    assertThat(t.value()).isEqualTo(10.0);
    assertThat(t.detail()).isEqualTo("health probe GET http://127.0.0.1:19700/api: error rate 10.0 % above 5.0 % (2 of 20 probes)");
  }

  @Test
  void errorRateBeforeTheWindowIsFullDoesNotFire() {
    Watcher w = watcher(new Thresholds(100, 50, 5, 10));
    for (int i = 0; i < 9; i++) assertThat(w.round(List.of(status("api", 500))).alerts()).isEmpty();
    assertThat(w.round(List.of(status("api", 500))).alerts()).hasSize(1);
  }

  @Test
  void latencyRegressionAgainstTheFirstWindow() {
    Watcher w = watcher(new Thresholds(3, 50, 5, 20));
    for (int i = 0; i < 20; i++) assertThat(w.round(List.of(ok("api", 100))).alerts()).isEmpty();
    assertThat(w.baselineNanos("api")).isEqualTo(100_000_000L);
    // p95 of 20 is the 19th smallest: two slow probes move it.
    assertThat(w.round(List.of(ok("api", 150))).alerts()).isEmpty();
    assertThat(w.round(List.of(ok("api", 150))).alerts()).as("p95 150 ms = +50 %, not above").isEmpty();
    assertThat(w.round(List.of(ok("api", 151))).alerts()).as("p95 still 150 ms").isEmpty();
    Watcher.Round r = w.round(List.of(ok("api", 151)));
    assertThat(r.alerts()).hasSize(1);
    Trigger t = r.alerts().get(0).root();
    assertThat(t.kind()).isEqualTo(Trigger.Kind.LATENCY);
    assertThat(t.value()).isEqualTo(51.0);
    assertThat(t.detail()).isEqualTo("health probe GET http://127.0.0.1:19700/api: p95 latency 151 ms is 51 % above the baseline 100 ms");
  }

  @Test
  void latencyBaselineFromTheStoreAppliesFromTheFirstFullWindow() {
    Watcher w = watcher(new Thresholds(3, 50, 5, 4));
    w.baseline("api", 20_000_000L);
    assertThat(w.round(List.of(ok("api", 40))).alerts()).isEmpty();
    assertThat(w.round(List.of(ok("api", 40))).alerts()).isEmpty();
    assertThat(w.round(List.of(ok("api", 40))).alerts()).isEmpty();
    Watcher.Round r = w.round(List.of(ok("api", 40)));
    assertThat(r.alerts()).extracting(a -> a.root().kind()).containsExactly(Trigger.Kind.LATENCY);
    assertThat(r.alerts().get(0).root().value()).isEqualTo(100.0);
    // Back to normal: the incident closes.
    for (int i = 0; i < 3; i++) w.round(List.of(ok("api", 20)));
    assertThat(w.round(List.of(ok("api", 20))).recovered()).containsExactly("api");
  }

  @Test
  void oneRootAlertWhenADependencyFails() {
    Map<String, Set<String>> req = Map.of("postgres", Set.of(), "api", Set.of("postgres"), "web", Set.of("api", "postgres"), "cache", Set.of());
    Watcher w = new Watcher(new Thresholds(3, 50, 99, 20), Map.of(), req);
    // The results come in any order; web first.
    for (int i = 0; i < 2; i++) assertThat(w.round(List.of(refused("web"), status("api", 503), refused("postgres"), ok("cache"))).alerts()).isEmpty();
    Watcher.Round r = w.round(List.of(refused("web"), status("api", 503), refused("postgres"), ok("cache")));
    assertThat(r.alerts()).hasSize(1);
    assertThat(r.alerts().get(0).service()).isEqualTo("postgres");
    assertThat(r.alerts().get(0).affected()).containsExactly("api", "web");
    assertThat(r.folded()).extracting(Trigger::service).containsExactlyInAnyOrder("api", "web");
    // An unrelated failure is its own alert.
    w.round(List.of(refused("web"), status("api", 503), refused("postgres"), refused("cache")));
    w.round(List.of(refused("web"), status("api", 503), refused("postgres"), refused("cache")));
    Watcher.Round c = w.round(List.of(refused("web"), status("api", 503), refused("postgres"), refused("cache")));
    assertThat(c.alerts()).extracting(Alert::service).containsExactly("cache");
    // Everything recovers: the root and the independent one say so.
    Watcher.Round back = w.round(List.of(ok("web"), ok("api"), ok("postgres"), ok("cache")));
    assertThat(back.recovered()).containsExactlyInAnyOrder("postgres", "cache");
    assertThat(w.inIncident("api")).isFalse();
  }

  @Test
  void aDependentFailingLaterJoinsTheOpenIncident() {
    Map<String, Set<String>> req = Map.of("api", Set.of("postgres"));
    Watcher w = new Watcher(new Thresholds(2, 50, 99, 20), Map.of(), req);
    w.round(List.of(refused("postgres"), ok("api")));
    assertThat(w.round(List.of(refused("postgres"), ok("api"))).alerts()).extracting(Alert::service).containsExactly("postgres");
    w.round(List.of(refused("postgres"), status("api", 503)));
    Watcher.Round r = w.round(List.of(refused("postgres"), status("api", 503)));
    assertThat(r.alerts()).isEmpty();
    assertThat(r.folded()).extracting(Trigger::service).containsExactly("api");
    assertThat(w.inIncident("api")).isTrue();
  }

  @Test
  void aDependentFailingOnItsOwnAlerts() {
    Watcher w = new Watcher(new Thresholds(2, 50, 99, 20), Map.of(), Map.of("api", Set.of("postgres")));
    List<Alert> all = new ArrayList<>();
    for (int i = 0; i < 3; i++) all.addAll(w.round(List.of(ok("postgres"), status("api", 500))).alerts());
    assertThat(all).extracting(Alert::service).containsExactly("api");
  }

  @Test
  void errorRateFromTheServicesOwnCounter() {
    Watcher w = watcher(new Thresholds(100, 50, 5, 3));
    // Probes pass, but the service's own request counter has errors: 5 of 100 over 3 rounds is 5 %, not above.
    w.counters("api", 2, 40);
    assertThat(w.round(List.of(ok("api"))).alerts()).isEmpty();
    w.counters("api", 2, 30);
    assertThat(w.round(List.of(ok("api"))).alerts()).isEmpty();
    w.counters("api", 1, 30);
    assertThat(w.round(List.of(ok("api"))).alerts()).isEmpty();
    w.counters("api", 2, 40);
    assertThat(w.round(List.of(ok("api"))).alerts()).as("2+1+2 of 30+30+40").isEmpty();
    w.counters("api", 3, 40);
    Watcher.Round r = w.round(List.of(ok("api")));
    assertThat(r.alerts()).hasSize(1);
    assertThat(r.alerts().get(0).root().detail()).endsWith("error rate 5.5 % above 5.0 % (6 of 110 requests)");
  }
}
