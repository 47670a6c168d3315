package dev.flotilla.probe;

import java.util.Arrays;
import java.util.Collection;

/** Latency percentiles by the nearest-rank method: p95 of 20 samples is the 19th smallest. */
public final class Latency {
  private Latency() {}

  /** The {@code pct} percentile (0 < pct ≤ 100) of the values, or 0 when there are none. */
  public static long percentile(Collection<Long> values, double pct) {
    if (values.isEmpty()) return 0;
    long[] v = values.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(v);
    int rank = (int) Math.ceil(pct / 100.0 * v.length);
    return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
  }

  public static long p95(Collection<Long> values) {
    return percentile(values, 95);
  }

  /** Whole milliseconds, rounded up so that a non-zero latency never prints as 0. */
  public static long ceilMillis(long nanos) {
    return (nanos + 999_999) / 1_000_000;
  }
}
