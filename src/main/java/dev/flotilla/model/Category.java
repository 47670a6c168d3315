package dev.flotilla.model;

import java.util.Locale;

/** Error categories of seed 002, plus build and code. */
public enum Category {
  CONFIGURATION,
  DEPENDENCY,
  RESOURCE,
  NETWORK,
  SECURITY,
  PERFORMANCE,
  BUILD,
  CODE;

  public String lower() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Category parse(String text) {
    return valueOf(text.trim().toUpperCase(Locale.ROOT));
  }
}
