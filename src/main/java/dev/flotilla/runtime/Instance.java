package dev.flotilla.runtime;

import java.time.Instant;
import java.util.Map;

/**
 * One running or stopped instance of a service: a container or a local process. {@code id} is the
 * engine's handle (container id, or the instance name for processes); {@code configHash} is the
 * hash of the service configuration it was created from.
 */
public record Instance(
    String id, String name, String project, String service, String configHash, String image,
    boolean running, String status, Instant created, Map<String, String> labels) {

  /** True for an instance kept aside by a deploy in progress (renamed, see {@code Labels.PREVIOUS_SUFFIX}). */
  public boolean keptAside() {
    return name.contains(Labels.PREVIOUS_SUFFIX);
  }
}
