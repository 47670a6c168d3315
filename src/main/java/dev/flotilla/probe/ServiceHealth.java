package dev.flotilla.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A service's health over one or more probes: healthy when every sample passed and, when a p95
 * target is set, the p95 latency of the samples is within it. {@code samples} is empty for a
 * target that was skipped.
 */
public record ServiceHealth(HealthTarget target, List<ProbeResult> samples, Long p95TargetMs) {

  /**
   * Probes every target {@code samples} times: each round probes all targets at once, rounds one
   * after another (so one service's samples do not queue behind each other).
   */
  public static List<ServiceHealth> measure(Probes probes, List<HealthTarget> targets, int samples, Duration timeout, Long p95TargetMs) {
    List<Probe> list = targets.stream().filter(t -> t.probe() != null).map(HealthTarget::probe).toList();
    List<List<ProbeResult>> byProbe = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) byProbe.add(new ArrayList<>());
    for (int round = 0; round < Math.max(1, samples); round++) {
      List<ProbeResult> results = probes.sweep(list, timeout);
      for (int i = 0; i < results.size(); i++) byProbe.get(i).add(results.get(i));
    }
    List<ServiceHealth> out = new ArrayList<>();
    int i = 0;
    for (HealthTarget t : targets) {
      out.add(new ServiceHealth(t, t.probe() == null ? List.of() : List.copyOf(byProbe.get(i++)), p95TargetMs));
    }
    return out;
  }

  public boolean skipped() {
    return target.probe() == null;
  }

  public String service() {
    return target.service();
  }

  /** The last sample (the one a single probe produced). */
  public ProbeResult last() {
    return samples.isEmpty() ? null : samples.get(samples.size() - 1);
  }

  /** The first failed sample, or null. */
  public ProbeResult firstFailure() {
    for (ProbeResult r : samples) if (!r.ok()) return r;
    return null;
  }

  public long failures() {
    return samples.stream().filter(r -> !r.ok()).count();
  }

  /** p95 over the samples, in nanoseconds. */
  public long p95Nanos() {
    return Latency.p95(samples.stream().map(ProbeResult::latencyNanos).toList());
  }

  public boolean slow() {
    return p95TargetMs != null && !samples.isEmpty() && firstFailure() == null && p95Nanos() > p95TargetMs * 1_000_000L;
  }

  public boolean healthy() {
    return skipped() || (firstFailure() == null && !slow());
  }

  /** The line the catalogue diagnoses for a failure: the failed probe's, or the latency check's. */
  public String problem() {
    ProbeResult f = firstFailure();
    if (f != null) return f.detail();
    if (slow()) {
      return "health probe " + target.probe().describe() + ": p95 latency " + Latency.ceilMillis(p95Nanos()) + " ms above the " + p95TargetMs + " ms target";
    }
    return null;
  }

  /** One or two words for the table: healthy, refused, timeout, status 503, slow, skipped, … */
  public String result() {
    if (skipped()) return "skipped";
    ProbeResult f = firstFailure();
    if (f == null) return slow() ? "slow" : "healthy";
    return word(f);
  }

  public static String word(ProbeResult f) {
    return switch (f.failure()) {
      case NONE -> "healthy";
      case REFUSED -> "refused";
      case DNS -> "dns";
      case TIMEOUT -> "timeout";
      case WRONG_STATUS -> "wrong status";
      case BODY_MISMATCH -> "body mismatch";
      case EXIT_CODE -> "exit " + f.exitCode();
      case NO_RESPONSE -> "no response";
      case ERROR -> "error";
    };
  }
}
