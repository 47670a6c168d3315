package dev.flotilla.model;

import java.util.Locale;

/** Severities of seed 002's tracking scheme; ordered from most to least severe. */
public enum Severity {
  CRITICAL("error"),
  HIGH("error"),
  MEDIUM("warning"),
  LOW("note");

  private final String sarifLevel;

  Severity(String sarifLevel) {
    this.sarifLevel = sarifLevel;
  }

  public String sarifLevel() {
    return sarifLevel;
  }

  /** True when this severity is at least as severe as {@code threshold}. */
  public boolean atLeast(Severity threshold) {
    return ordinal() <= threshold.ordinal();
  }

  public static Severity parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown severity '" + text + "' (use critical, high, medium or low)");
    }
  }

  public String lower() {
    return name().toLowerCase(Locale.ROOT);
  }
}
