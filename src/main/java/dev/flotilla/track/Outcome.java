package dev.flotilla.track;

import java.util.Locale;

/** How a deployment or a phase ended; {@code RUNNING} until it does. */
public enum Outcome {
  RUNNING,
  SUCCEEDED,
  FAILED,
  ROLLED_BACK,
  CANCELLED,
  SKIPPED;

  public String lower() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Outcome parse(String text) {
    return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
  }
}
