package dev.flotilla.watch;

import dev.flotilla.probe.Latency;
import dev.flotilla.probe.ProbeResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The trigger logic of {@code flotilla watch}, pure: fed one round of probe results at a time, it
 * says which thresholds were crossed and which alerts to raise. No clock, no I/O.
 *
 * <p>Each service has at most one open incident: its first trigger raises an alert, later
 * triggers join it, and it closes when the service is healthy again (a passing probe, error rate
 * and latency back within bounds). A trigger of a service whose requirement (from the plan's
 * dependency graph) is failing joins the requirement's incident as an affected service: postgres
 * down is one alert, not one per service behind it.
 */
public final class Watcher {
  /** What one round produced: new alerts, triggers folded into open incidents, services recovered. */
  public record Round(List<Alert> alerts, List<Trigger> folded, List<String> recovered) {
    public boolean quiet() {
      return alerts.isEmpty() && folded.isEmpty() && recovered.isEmpty();
    }
  }

  private static final class State {
    final Thresholds t;
    final Deque<ProbeResult> window = new ArrayDeque<>();
    /** Error counts from a metrics counter: per round, {errors, total}; used instead of probe errors when present. */
    final Deque<long[]> counterWindow = new ArrayDeque<>();
    int consecutive;
    Long baselineNanos;
    boolean baselineFromStore;
    boolean failuresArmed = true;
    boolean latencyArmed = true;
    boolean errorRateArmed = true;
    /** The service whose incident this one belongs to (itself when it is a root), or null. */
    String incident;
    final List<String> affected = new ArrayList<>();
    ProbeResult last;

    State(Thresholds t) {
      this.t = t;
    }
  }

  private final Map<String, State> states = new LinkedHashMap<>();
  private final Map<String, Set<String>> requirements;
  private final Thresholds defaults;
  private final Map<String, Thresholds> perService;

  /**
   * @param requirements every service each service needs, directly or not ({@code Plan.requirementsOf})
   */
  public Watcher(Thresholds defaults, Map<String, Thresholds> perService, Map<String, Set<String>> requirements) {
    this.defaults = defaults;
    this.perService = Map.copyOf(perService);
    this.requirements = Map.copyOf(requirements);
  }

  private State state(String service) {
    return states.computeIfAbsent(service, s -> new State(perService.getOrDefault(s, defaults)));
  }

  /** Sets a service's latency baseline (p95 at the last successful deploy); otherwise the first full window sets it. */
  public void baseline(String service, long p95Nanos) {
    State s = state(service);
    s.baselineNanos = p95Nanos;
    s.baselineFromStore = true;
  }

  public Long baselineNanos(String service) {
    State s = states.get(service);
    return s == null ? null : s.baselineNanos;
  }

  /** For services that expose a request counter: errors and total requests since the last round. */
  public void counters(String service, long errorsDelta, long totalDelta) {
    State s = state(service);
    s.counterWindow.addLast(new long[] {Math.max(0, errorsDelta), Math.max(0, totalDelta)});
    while (s.counterWindow.size() > s.t.window()) s.counterWindow.removeFirst();
  }

  /** True while the service is part of an open incident (its own or as affected). */
  public boolean inIncident(String service) {
    State s = states.get(service);
    return s != null && s.incident != null;
  }

  /** Feeds one round of results (one per service) and returns what it triggered. */
  public Round round(List<ProbeResult> results) {
    // Requirements before the services that need them, so a root opens its incident first.
    List<ProbeResult> ordered = new ArrayList<>(results);
    ordered.sort(Comparator.comparingInt(r -> requirements.getOrDefault(r.service(), Set.of()).size()));
    Map<String, List<Trigger>> fired = new LinkedHashMap<>();
    for (ProbeResult r : ordered) {
      State s = state(r.service());
      s.last = r;
      s.window.addLast(r);
      while (s.window.size() > s.t.window()) s.window.removeFirst();
      fired.put(r.service(), evaluate(r.service(), s, r));
    }
    List<Alert> alerts = new ArrayList<>();
    List<Trigger> folded = new ArrayList<>();
    Map<String, Trigger> rootTriggers = new HashMap<>();
    for (ProbeResult r : ordered) {
      String name = r.service();
      State s = states.get(name);
      for (Trigger t : fired.get(name)) {
        if (s.incident != null) {
          folded.add(t);
          continue;
        }
        String root = failingRequirement(name);
        if (root != null) {
          State rs = states.get(root);
          String rootOfRoot = rs.incident != null ? rs.incident : root;
          s.incident = rootOfRoot;
          State top = states.get(rootOfRoot);
          if (!top.affected.contains(name)) top.affected.add(name);
          folded.add(t);
          continue;
        }
        s.incident = name;
        rootTriggers.put(name, t);
      }
    }
    // Alerts after the round, so dependents that fell in the same round are listed with their root.
    for (ProbeResult r : ordered) {
      Trigger t = rootTriggers.get(r.service());
      if (t != null) alerts.add(new Alert(t, states.get(r.service()).affected));
    }
    List<String> recovered = new ArrayList<>();
    for (ProbeResult r : ordered) {
      State s = states.get(r.service());
      if (s.incident != null && recoveredNow(r.service(), s)) {
        String root = s.incident;
        s.incident = null;
        if (root.equals(r.service())) {
          recovered.add(r.service());
          s.affected.clear();
        } else {
          State rs = states.get(root);
          if (rs != null) rs.affected.remove(r.service());
        }
      }
    }
    return new Round(alerts, folded, recovered);
  }

  /** A requirement of {@code service} that is failing now (its incident is open or its last probe failed), deepest first. */
  private String failingRequirement(String service) {
    Set<String> reqs = requirements.getOrDefault(service, Set.of());
    List<String> down = new ArrayList<>();
    for (String r : reqs) {
      State rs = states.get(r);
      if (rs != null && (rs.incident != null || (rs.last != null && !rs.last.ok()))) down.add(r);
    }
    if (down.isEmpty()) return null;
    // The root is the one whose own requirements are all up.
    for (String d : down) {
      Set<String> dr = new LinkedHashSet<>(requirements.getOrDefault(d, Set.of()));
      dr.retainAll(down);
      if (dr.isEmpty()) return d;
    }
    return down.get(0);
  }

  private boolean recoveredNow(String service, State s) {
    if (s.last == null || !s.last.ok()) return false;
    if (s.incident != null && !s.incident.equals(service)) {
      State root = states.get(s.incident);
      // A dependent recovers with its root, or on its own once it answers again.
      return root == null || root.incident == null || (root.last != null && root.last.ok());
    }
    return errorRate(s) <= s.t.errorRatePct() && !latencyHigh(s);
  }

  private List<Trigger> evaluate(String name, State s, ProbeResult r) {
    List<Trigger> out = new ArrayList<>();
    Thresholds t = s.t;
    // 1. consecutive failures: fires once when the count reaches the threshold, re-arms on a pass.
    if (r.ok()) {
      s.consecutive = 0;
      s.failuresArmed = true;
    } else {
      s.consecutive++;
      if (s.consecutive >= t.failures() && s.failuresArmed) {
        s.failuresArmed = false;
        out.add(new Trigger(name, Trigger.Kind.CONSECUTIVE_FAILURES, s.consecutive, t.failures(),
            r.detail() + " (" + s.consecutive + " failures in a row)", r, r.at()));
      }
    }
    // 2. baseline: the first full window with mostly passing probes, unless the store gave one.
    if (s.baselineNanos == null && s.window.size() >= t.window()) {
      List<Long> ok = okLatencies(s);
      if (ok.size() * 2 >= s.window.size()) s.baselineNanos = Latency.p95(ok);
    }
    // 3. latency: p95 of the passing probes of a full window against the baseline.
    if (latencyHigh(s)) {
      if (s.latencyArmed) {
        s.latencyArmed = false;
        long p95 = Latency.p95(okLatencies(s));
        double pct = increasePct(p95, s.baselineNanos);
        out.add(new Trigger(name, Trigger.Kind.LATENCY, pct, t.latencyIncreasePct(),
            "health probe " + r.probe().describe() + ": p95 latency " + Latency.ceilMillis(p95) + " ms is " + (long) Math.floor(pct)
                + " % above the baseline " + Latency.ceilMillis(s.baselineNanos) + " ms",
            r, r.at()));
      }
    } else if (s.window.size() >= t.window()) {
      s.latencyArmed = true;
    }
    // 4. error rate over a full window: probe errors, or the service's own request counter.
    double rate = errorRate(s);
    if (rate > t.errorRatePct()) {
      if (s.errorRateArmed) {
        s.errorRateArmed = false;
        out.add(new Trigger(name, Trigger.Kind.ERROR_RATE, rate, t.errorRatePct(),
            "health probe " + r.probe().describe() + ": error rate " + fmt(rate) + " % above " + fmt(t.errorRatePct()) + " % (" + errorCounts(s) + ")",
            r, r.at()));
      }
    } else if (windowFull(s)) {
      s.errorRateArmed = true;
    }
    return out;
  }

  private static List<Long> okLatencies(State s) {
    List<Long> ok = new ArrayList<>();
    for (ProbeResult x : s.window) if (x.ok()) ok.add(x.latencyNanos());
    return ok;
  }

  private static boolean latencyHigh(State s) {
    if (s.baselineNanos == null || s.window.size() < s.t.window()) return false;
    // The window that set the baseline is not compared with itself.
    List<Long> ok = okLatencies(s);
    if (ok.size() * 2 < s.window.size()) return false;
    return increasePct(Latency.p95(ok), s.baselineNanos) > s.t.latencyIncreasePct();
  }

  static double increasePct(long now, long baseline) {
    if (baseline <= 0) baseline = 1;
    return (now - baseline) * 100.0 / baseline;
  }

  private static boolean windowFull(State s) {
    return !s.counterWindow.isEmpty() ? s.counterWindow.size() >= s.t.window() : s.window.size() >= s.t.window();
  }

  /** Percent of errors in a full window, or 0 while the window fills. */
  private static double errorRate(State s) {
    if (!windowFull(s)) return 0;
    long[] c = counts(s);
    return c[1] == 0 ? 0 : c[0] * 100.0 / c[1];
  }

  private static long[] counts(State s) {
    if (!s.counterWindow.isEmpty()) {
      long e = 0, n = 0;
      for (long[] x : s.counterWindow) {
        e += x[0];
        n += x[1];
      }
      return new long[] {e, n};
    }
    long e = s.window.stream().filter(ProbeResult::isError).count();
    return new long[] {e, s.window.size()};
  }

  private static String errorCounts(State s) {
    long[] c = counts(s);
    return c[0] + " of " + c[1] + (s.counterWindow.isEmpty() ? " probes" : " requests");
  }

  static String fmt(double pct) {
    return String.format(Locale.ROOT, "%.1f", pct);
  }

  /** The services seen so far. */
  public Set<String> services() {
    return states.keySet();
  }
}
