package dev.flotilla.deploy;

import dev.flotilla.track.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How a deployment ended. On failure: the phase that failed, the root failures (services that
 * failed on their own), what each blocked (its dependents, never started), what else was not
 * started, whether anything was changed at all, and whether the platform was rolled back to its
 * state before the run.
 */
public record DeployResult(
    long deploymentId, Outcome outcome, int phases, int failedPhase, List<ServiceFailure> roots,
    Map<String, List<String>> blocked, List<String> notStarted, List<String> interrupted,
    boolean rolledBack, boolean changed, List<String> unchanged, List<String> started, Duration took, String rollbackProblem) {

  public boolean succeeded() {
    return outcome == Outcome.SUCCEEDED;
  }

  /** {@code postgres unhealthy → data-api, worker not started}, one line per root failure. */
  public List<String> story() {
    return roots.stream().map(f -> {
      List<String> b = blocked.getOrDefault(f.service(), List.of());
      return f.headline() + (b.isEmpty() ? "" : " → " + String.join(", ", b) + " not started");
    }).toList();
  }
}
