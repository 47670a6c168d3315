package dev.flotilla.track;

import java.time.Instant;

/** A recorded check run without its findings: when, by whom, how many per severity. */
public record CheckRunSummary(
    long id, String project, Instant at, String user, String toolVersion, int critical, int high, int medium, int low) {

  public int total() {
    return critical + high + medium + low;
  }
}
