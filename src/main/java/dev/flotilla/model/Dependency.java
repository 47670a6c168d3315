package dev.flotilla.model;

import java.util.Locale;

/**
 * An edge of the dependency graph: {@code depends_on} (declared) or a service named in another's
 * environment value (inferred).
 */
public record Dependency(
    String service, Condition condition, boolean restart, boolean required, boolean inferred, SourceLocation location) {

  public enum Condition {
    SERVICE_STARTED,
    SERVICE_HEALTHY,
    SERVICE_COMPLETED_SUCCESSFULLY;

    public String spec() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Condition parse(String text) {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    }
  }
}
