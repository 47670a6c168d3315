package dev.flotilla.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one model of a compose project. {@code services} holds every service of every profile, in
 * file order; {@code activeProfiles} says which are enabled, so a check can still report a problem
 * in a profile-gated service while a deploy only starts active ones.
 */
public record Stack(
    String name,
    Path projectDir,
    List<Path> files,
    Map<String, Service> services,
    Map<String, NetworkDef> networks,
    Map<String, VolumeDef> volumes,
    Map<String, Object> secrets,
    Map<String, Object> configs,
    Set<String> activeProfiles,
    ProjectSettings settings,
    Map<String, String> variables,
    List<LoadWarning> warnings) {

  public Optional<Service> service(String serviceName) {
    return Optional.ofNullable(services.get(serviceName));
  }

  /** A service is active when it has no profiles or one of its profiles is enabled. */
  public boolean isActive(Service s) {
    return s.profiles().isEmpty()
        || activeProfiles.contains("*")
        || s.profiles().stream().anyMatch(activeProfiles::contains);
  }

  public List<Service> activeServices() {
    return services.values().stream().filter(this::isActive).toList();
  }
}
