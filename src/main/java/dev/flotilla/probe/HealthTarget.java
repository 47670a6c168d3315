package dev.flotilla.probe;

import dev.flotilla.model.Service;
import dev.flotilla.model.Stack;
import dev.flotilla.model.UserError;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to probe for one service, or why it cannot be probed ({@code probe} null, {@code skipped}
 * says why). Built from a project's services, re-aimed at a remote host, or given as URLs.
 */
public record HealthTarget(String service, Probe probe, String skipped) {

  /**
   * The targets of {@code services} (all when empty) of a stack. With {@code host}, probes are
   * re-aimed at that host's published ports ({@link Probe#remote}); {@code urls} maps a service
   * (or, for services not in the stack, a label) to a URL that replaces its probe.
   */
  public static List<HealthTarget> of(Stack stack, List<String> services, String host, Map<String, URI> urls) {
    List<HealthTarget> out = new ArrayList<>();
    Map<String, URI> rest = new LinkedHashMap<>(urls);
    if (stack != null) {
      List<String> names = services.isEmpty() ? stack.activeServices().stream().map(Service::name).toList() : services;
      for (String name : names) {
        Service s = stack.services().get(name);
        if (s == null) {
          throw UserError.input("no service '" + name + "' in project '" + stack.name() + "' (services: "
              + String.join(", ", stack.services().keySet()) + ")");
        }
        URI u = rest.remove(name);
        if (u != null) {
          out.add(new HealthTarget(name, new Probe.Http(name, u, 200, null, Probe.forService(s).map(Probe::timeout).orElse(null)), null));
          continue;
        }
        Optional<Probe> p = host == null ? Probe.forService(s) : Probe.remote(s, host);
        out.add(p.map(x -> new HealthTarget(name, x, null)).orElseGet(() -> new HealthTarget(name, null,
            host == null ? "no probe: add x-flotilla.health or a healthcheck"
                : "nothing to probe at " + host + ": publish a port or add x-flotilla.health")));
      }
    } else if (!services.isEmpty()) {
      throw UserError.input("service names need a project: no compose file here (give PATH, or only --url)");
    }
    rest.forEach((label, u) -> out.add(new HealthTarget(label, new Probe.Http(label, u, 200, null, null), null)));
    return out;
  }

  /** A label for a URL given without a service name: its host and port. */
  public static String label(URI u) {
    return u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + (u.getRawPath() == null || u.getRawPath().length() <= 1 ? "" : u.getRawPath());
  }
}
