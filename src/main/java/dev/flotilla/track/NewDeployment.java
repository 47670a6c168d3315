package dev.flotilla.track;

import java.time.Instant;

/**
 * A deployment as it starts: which project, where ({@code environment}: development, staging,
 * production…), who started it, on which runtime (docker, kubernetes, process). {@code details}
 * is optional JSON (the plan, flags); it is redacted before it is written.
 */
public record NewDeployment(
    String project, String environment, String user, String runtime, Instant startedAt, String details) {

  public NewDeployment {
    require(project, "project");
    environment = environment == null || environment.isBlank() ? "development" : environment;
    user = user == null || user.isBlank() ? currentUser() : user;
    require(runtime, "runtime");
    startedAt = startedAt == null ? Instant.now() : startedAt;
  }

  public static NewDeployment of(String project, String environment, String runtime) {
    return new NewDeployment(project, environment, null, runtime, null, null);
  }

  /** The operating-system user, the default "who" of the audit trail. */
  public static String currentUser() {
    String u = System.getProperty("user.name");
    return u == null || u.isBlank() ? "unknown" : u;
  }

  static void require(String value, String name) {
    if (value == null || value.isBlank()) throw new IllegalArgumentException(name + " is required");
  }
}
