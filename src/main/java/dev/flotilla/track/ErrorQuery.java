package dev.flotilla.track;

import dev.flotilla.model.Severity;
import java.time.Instant;
import java.util.Set;

/**
 * Which tracked errors to list. Null fields do not filter; {@code statuses} empty means all;
 * {@code since} filters on last seen; {@code severities} empty means all. {@code project} null
 * lists every project of the store.
 */
public record ErrorQuery(
    String project, Set<ErrorStatus> statuses, String service, Instant since, Set<Severity> severities, int limit) {

  public ErrorQuery {
    statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
    severities = severities == null ? Set.of() : Set.copyOf(severities);
    limit = limit <= 0 ? 1000 : limit;
  }

  public static ErrorQuery all(String project) {
    return new ErrorQuery(project, Set.of(), null, null, Set.of(), 0);
  }

  public static ErrorQuery unresolved(String project) {
    return new ErrorQuery(project, Set.of(ErrorStatus.OPEN, ErrorStatus.REGRESSION), null, null, Set.of(), 0);
  }
}
