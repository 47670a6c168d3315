package dev.flotilla.track;

import dev.flotilla.model.Category;
import dev.flotilla.model.Severity;
import java.time.Instant;

/**
 * An error as it happens, with every field of seed 002's tracking table. {@code fingerprint}
 * groups repeats into one tracked error (the diagnose classifier's template fingerprint); when
 * null the store derives one from service, code and the message with numbers, ids, addresses and
 * paths masked. {@code evidence} is the log excerpt kept for this occurrence. {@code cause} and
 * {@code fix} are the diagnosis. Every text field is redacted before it is written.
 */
public record NewError(
    Long deploymentId,
    String project,
    Instant at,
    String service,
    String environment,
    String stage,
    String code,
    Severity severity,
    Category category,
    String message,
    String stackTrace,
    String userImpact,
    String businessImpact,
    String cause,
    String fix,
    String fingerprint,
    String evidence) {

  public NewError {
    NewDeployment.require(project, "project");
    NewDeployment.require(code, "error code");
    if (severity == null) throw new IllegalArgumentException("severity is required");
    if (category == null) throw new IllegalArgumentException("category is required");
    if (message == null) message = "";
    at = at == null ? Instant.now() : at;
  }

  public static Builder builder(String project, String code, Severity severity, Category category, String message) {
    return new Builder(project, code, severity, category, message);
  }

  /** Fills the optional fields by name. */
  public static final class Builder {
    private final String project;
    private final String code;
    private final Severity severity;
    private final Category category;
    private final String message;
    private Long deploymentId;
    private Instant at;
    private String service;
    private String environment;
    private String stage;
    private String stackTrace;
    private String userImpact;
    private String businessImpact;
    private String cause;
    private String fix;
    private String fingerprint;
    private String evidence;

    Builder(String project, String code, Severity severity, Category category, String message) {
      this.project = project;
      this.code = code;
      this.severity = severity;
      this.category = category;
      this.message = message;
    }

    public Builder deployment(Long id) { this.deploymentId = id; return this; }
    public Builder at(Instant t) { this.at = t; return this; }
    public Builder service(String s) { this.service = s; return this; }
    public Builder environment(String e) { this.environment = e; return this; }
    public Builder stage(String s) { this.stage = s; return this; }
    public Builder stackTrace(String s) { this.stackTrace = s; return this; }
    public Builder userImpact(String s) { this.userImpact = s; return this; }
    public Builder businessImpact(String s) { this.businessImpact = s; return this; }
    public Builder cause(String s) { this.cause = s; return this; }
    public Builder fix(String s) { this.fix = s; return this; }
    public Builder fingerprint(String s) { this.fingerprint = s; return this; }
    public Builder evidence(String s) { this.evidence = s; return this; }

    public NewError build() {
      return new NewError(deploymentId, project, at, service, environment, stage, code, severity, category,
          message, stackTrace, userImpact, businessImpact, cause, fix, fingerprint, evidence);
    }
  }
}
