package dev.flotilla.model;

/**
 * One environment variable of a service. {@code value} is null when the variable is declared
 * without a value (compose passes the shell's value through, or leaves it unset).
 */
public record EnvVar(String name, String value, SourceLocation location) {
  public boolean hasValue() {
    return value != null;
  }
}
