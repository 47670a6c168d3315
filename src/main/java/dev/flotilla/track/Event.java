package dev.flotilla.track;

import java.time.Instant;

/**
 * One entry of the audit trail: who ({@code actor}) did what ({@code action}, e.g.
 * {@code deploy.start}, {@code service.start}, {@code rollback}, {@code error.resolve}), when,
 * with what outcome, to which service. {@code details} is JSON, redacted before it is written.
 * {@code id} is 0 and {@code deploymentId} may be null for an event not yet recorded / not tied to
 * a deployment.
 */
public record Event(
    long id,
    Long deploymentId,
    String project,
    Instant at,
    String actor,
    String action,
    String outcome,
    String service,
    String details) {

  /** An event to record now, by the current user. */
  public static Event of(Long deploymentId, String project, String action, String outcome, String service, String details) {
    return new Event(0, deploymentId, project, Instant.now(), NewDeployment.currentUser(), action, outcome, service, details);
  }
}
