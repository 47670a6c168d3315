package dev.flotilla.cli;

import java.util.Locale;

/** Small number formats shared by health and watch output. */
final class HealthFormat {
  private HealthFormat() {}

  /** 50 → "50", 5.5 → "5.5". */
  static String pct(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }
}
