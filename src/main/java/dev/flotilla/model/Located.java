package dev.flotilla.model;

/** A value together with where it was written. */
public record Located<T>(T value, SourceLocation location) {
  public static <T> Located<T> unknown(T value) {
    return new Located<>(value, SourceLocation.UNKNOWN);
  }
}
