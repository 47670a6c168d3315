package dev.flotilla.track;

import java.time.Instant;
import java.util.List;

/**
 * One run of {@code flotilla check} (or {@code score}) and its findings; {@code id} is 0 before
 * it is recorded. Counts per severity are derived from the findings when recorded.
 */
public record CheckRun(
    long id,
    String project,
    Instant at,
    String user,
    String toolVersion,
    List<CheckFinding> findings,
    List<ReadinessScore> scores,
    String details) {

  public CheckRun {
    findings = findings == null ? List.of() : List.copyOf(findings);
    scores = scores == null ? List.of() : List.copyOf(scores);
    at = at == null ? Instant.now() : at;
    user = user == null ? NewDeployment.currentUser() : user;
  }

  public static CheckRun of(String project, List<CheckFinding> findings, List<ReadinessScore> scores) {
    return new CheckRun(0, project, Instant.now(), null, null, findings, scores, null);
  }
}
