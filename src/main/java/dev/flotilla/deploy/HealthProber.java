package dev.flotilla.deploy;

import dev.flotilla.model.Service;
import dev.flotilla.runtime.Instance;

/**
 * Probes one service instance once: its {@code x-flotilla.health} probe, else its compose
 * healthcheck run by Flotilla itself, else whether it is running. Null when the service has
 * nothing to probe but its running state.
 */
public interface HealthProber {
  ProbeOutcome probe(Service service, Instance instance);

  /** What {@link #probe} checks for this service, for reports ({@code GET http://…}, {@code exec …}); null when only running state counts. */
  String describe(Service service);

  /**
   * Whether a probe of this service is cheap enough to repeat every 50 ms during start-up (an http
   * or tcp request, not a process started in the instance).
   */
  default boolean cheap(Service service) {
    return false;
  }
}
