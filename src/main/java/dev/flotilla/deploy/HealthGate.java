package dev.flotilla.deploy;

import dev.flotilla.model.Dependency;
import dev.flotilla.model.Healthcheck;
import dev.flotilla.model.Service;
import dev.flotilla.model.Stack;
import dev.flotilla.runtime.Instance;
import dev.flotilla.runtime.InstanceState;
import dev.flotilla.runtime.Runtime;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Waits until a started instance is proven healthy: {@code consecutive} good probes in a row, with
 * failures during {@code startPeriod} forgiven. It fails as soon as the instance exits, is
 * OOM-killed or restart-loops, and when it is not healthy {@code timeout} after the start period.
 *
 * <p>Cadence: http and tcp probes (a loopback request each) run every 50 ms for the first 5 s, then
 * back off by half again up to every 250 ms; exec probes (a process in the instance) and instances
 * with nothing to probe back off from the start. After a good probe the next one follows after
 * {@link #CONFIRM} rather than the polling interval. The engine's state is read on the first poll,
 * at least every 250 ms while probes fail, whenever there is no probe, and once more before the
 * verdict HEALTHY (so a restart between the good probes is seen).
 */
public final class HealthGate {
  static final Duration FIRST_POLL = Duration.ofMillis(50);
  static final Duration MAX_POLL = Duration.ofMillis(250);
  /** How long cheap probes keep the first polling interval. */
  static final Duration FAST_WINDOW = Duration.ofSeconds(5);
  /** The gap between two good probes of a streak. */
  static final Duration CONFIRM = FIRST_POLL;
  /** The longest the engine's state goes unread while probes fail. */
  static final Duration INSPECT_EVERY = Duration.ofMillis(250);

  /** How one service is gated. */
  public record Settings(Duration startPeriod, Duration timeout, int consecutive, boolean completionIsSuccess, Duration minUptime) {
    /** A service with nothing to probe counts as healthy once it has run this long. */
    public static final Duration DEFAULT_MIN_UPTIME = Duration.ofSeconds(1);

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    /**
     * From the service's {@code x-flotilla} ({@code start_timeout}, {@code start_period},
     * {@code consecutive}), else the project's {@code x-flotilla}, else its compose healthcheck
     * (start period; timeout = start period + interval × retries + 30 s), else the defaults.
     */
    public static Settings of(Stack stack, Service s) {
      Map<String, Object> own = s.settings() == null ? Map.of() : s.settings().raw();
      Map<String, Object> project = stack.settings() == null ? Map.of() : stack.settings().raw();
      Healthcheck hc = s.healthcheck() != null && !s.healthcheck().disabled() ? s.healthcheck() : null;
      Duration start = first(own.get("start_period"), project.get("start_period"));
      if (start == null) start = hc == null ? Duration.ZERO : hc.startPeriodOrDefault();
      Duration timeout = first(own.get("start_timeout"), project.get("start_timeout"));
      if (timeout == null) {
        timeout = hc == null ? DEFAULT_TIMEOUT
            : hc.intervalOrDefault().multipliedBy(Math.max(1, hc.retriesOrDefault())).plus(Duration.ofSeconds(30));
      }
      Object c = own.getOrDefault("consecutive", project.get("consecutive"));
      int consecutive = 2;
      if (c != null) {
        try {
          consecutive = Math.max(1, Integer.parseInt(c.toString().trim()));
        } catch (NumberFormatException e) {
          consecutive = 2;
        }
      }
      boolean oneShot = stack.services().values().stream().anyMatch(o -> {
        Dependency d = o.dependsOn().get(s.name());
        return d != null && d.condition() == Dependency.Condition.SERVICE_COMPLETED_SUCCESSFULLY;
      });
      Duration minUptime = first(own.get("min_uptime"), project.get("min_uptime"));
      return new Settings(start, timeout, consecutive, oneShot, minUptime == null ? DEFAULT_MIN_UPTIME : minUptime);
    }

    private static Duration first(Object a, Object b) {
      Duration d = Durations.parse(a);
      return d != null ? d : Durations.parse(b);
    }
  }

  /** How the gate ended. */
  public enum Verdict {
    HEALTHY,
    COMPLETED,
    EXITED,
    OOM_KILLED,
    RESTART_LOOP,
    TIMEOUT,
    GONE,
    CANCELLED
  }

  /** The gate's answer with the state and the last probe when it ended. */
  public record Result(Verdict verdict, InstanceState state, ProbeOutcome lastProbe, ProbeOutcome lastFailedProbe, Duration took, int probes) {
    public boolean passed() {
      return verdict == Verdict.HEALTHY || verdict == Verdict.COMPLETED;
    }
  }

  private final Runtime runtime;
  private final HealthProber prober;

  public HealthGate(Runtime runtime, HealthProber prober) {
    this.runtime = runtime;
    this.prober = prober;
  }

  public Result await(Service service, Instance instance, Settings settings, BooleanSupplier cancelled, Consumer<ProbeOutcome> onProbe) {
    long t0 = System.nanoTime();
    long graceEnd = t0 + settings.startPeriod().toNanos();
    long deadline = graceEnd + settings.timeout().toNanos();
    boolean onlyRunning = prober.describe(service) == null;
    boolean cheap = !onlyRunning && prober.cheap(service);
    Duration interval = FIRST_POLL;
    int streak = 0;
    int probes = 0;
    int initialRestarts = -1;
    InstanceState st = null;
    long inspectedAt = 0;
    ProbeOutcome last = null;
    ProbeOutcome lastFailed = null;
    while (true) {
      if (cancelled.getAsBoolean()) return new Result(Verdict.CANCELLED, null, last, lastFailed, since(t0), probes);
      boolean confirming = streak > 0 && streak < settings.consecutive();
      if (st == null || onlyRunning || !st.running() || (!confirming && System.nanoTime() - inspectedAt >= INSPECT_EVERY.toNanos())) {
        st = runtime.inspect(instance);
        inspectedAt = System.nanoTime();
        if (initialRestarts < 0 && st.exists()) initialRestarts = st.restartCount();
        Verdict v = ended(st, initialRestarts, settings);
        if (v != null) return new Result(v, st, last, lastFailed, since(t0), probes);
      }
      if (st.running()) {
        ProbeOutcome p = prober.probe(service, instance);
        probes++;
        last = p;
        onProbe.accept(p);
        if (p.ok() && onlyRunning && System.nanoTime() - t0 < settings.minUptime().toNanos()) {
          // nothing to probe: running long enough is the only evidence
        } else if (p.ok()) {
          if (++streak >= settings.consecutive()) {
            // one more look at the engine: the good probes must not straddle a crash and a restart
            st = runtime.inspect(instance);
            inspectedAt = System.nanoTime();
            Verdict v = ended(st, initialRestarts, settings);
            if (v != null) return new Result(v, st, last, lastFailed, since(t0), probes);
            if (st.running() && !st.restarting()) return new Result(Verdict.HEALTHY, st, p, lastFailed, since(t0), probes);
            streak = 0;
          }
        } else {
          streak = 0;
          lastFailed = p;
        }
      }
      long now = System.nanoTime();
      if (now > deadline) return new Result(Verdict.TIMEOUT, runtime.inspect(instance), last, lastFailed, since(t0), probes);
      Duration pause = streak > 0 && streak < settings.consecutive() ? CONFIRM : interval;
      try {
        // a poll loop, not a wait for luck: the next look at the engine and the probe
        Thread.sleep(Math.min(pause.toMillis(), Math.max(1, (deadline - now) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Result(Verdict.CANCELLED, null, last, lastFailed, since(t0), probes);
      }
      if (!cheap || System.nanoTime() - t0 >= FAST_WINDOW.toNanos()) {
        interval = interval.multipliedBy(3).dividedBy(2);
        if (interval.compareTo(MAX_POLL) > 0) interval = MAX_POLL;
      }
    }
  }

  /** The verdict the engine's state forces, or null while the instance may still become healthy. */
  private static Verdict ended(InstanceState st, int initialRestarts, Settings settings) {
    if (!st.exists()) return Verdict.GONE;
    if (st.oomKilled()) return Verdict.OOM_KILLED;
    int restarts = st.restartCount() - Math.max(0, initialRestarts);
    if (restarts >= 2 || (st.restarting() && restarts >= 1)) return Verdict.RESTART_LOOP;
    if (st.exited()) {
      boolean done = settings.completionIsSuccess() && st.exitCode() != null && st.exitCode() == 0;
      return done ? Verdict.COMPLETED : Verdict.EXITED;
    }
    return null;
  }

  private static Duration since(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0);
  }
}
