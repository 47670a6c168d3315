package dev.flotilla.track;

import java.util.Locale;

/**
 * Where an error stands in the resolution workflow. A resolved error that happens again becomes a
 * {@code REGRESSION}: open again, and flagged, so it is not mistaken for a new problem.
 */
public enum ErrorStatus {
  OPEN,
  RESOLVED,
  REGRESSION;

  /** Open and regression errors both still need someone. */
  public boolean unresolved() {
    return this != RESOLVED;
  }

  public String lower() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ErrorStatus parse(String text) {
    return valueOf(text.trim().toUpperCase(Locale.ROOT));
  }
}
