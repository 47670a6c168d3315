package dev.flotilla.plan;

import dev.flotilla.model.Dependency;
import dev.flotilla.model.SourceLocation;

/**
 * {@code from} needs {@code to} before it starts. Declared edges come from {@code depends_on};
 * inferred ones from an environment value of {@code from} that points at {@code to}
 * ({@code reason} says which variable and how).
 */
public record Edge(String from, String to, boolean inferred, Dependency.Condition condition, String reason, SourceLocation location) {

  public String describe() {
    return from + " → " + to + (inferred ? " (inferred: " + reason + ")" : " (" + condition.spec() + ")");
  }
}
