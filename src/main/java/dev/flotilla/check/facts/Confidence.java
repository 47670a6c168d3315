package dev.flotilla.check.facts;

/**
 * How sure a derived fact is. Rules may report HIGH or CRITICAL only on {@link #STATED} or
 * {@link #DEFAULT} facts: a {@link #GUESS} never becomes a HIGH finding.
 */
public enum Confidence {
  /** Written in the project: a {@code --port 8000} argument, a {@code listen 8080;} line. */
  STATED,
  /** The documented default of a program identified with certainty (uvicorn without --port: 8000). */
  DEFAULT,
  /** Inferred from weaker evidence: EXPOSE, a PORT variable a Node process may read, a framework guess. */
  GUESS;

  public boolean allowsHigh() {
    return this != GUESS;
  }

  /** The weaker of two confidences. */
  public Confidence min(Confidence other) {
    return ordinal() >= other.ordinal() ? this : other;
  }
}
