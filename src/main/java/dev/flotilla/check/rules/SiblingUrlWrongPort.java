package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Fix;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.facts.ComposeText;
import dev.flotilla.check.facts.EnvReference;
import dev.flotilla.check.facts.EnvReferences;
import dev.flotilla.check.facts.Hosts;
import dev.flotilla.check.facts.Listener;
import dev.flotilla.check.facts.Listening;
import dev.flotilla.check.facts.ServicePorts;
import dev.flotilla.model.Category;
import dev.flotilla.model.PortBinding;
import dev.flotilla.model.Service;
import dev.flotilla.model.Severity;
import dev.flotilla.model.Stack;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

@RuleInfo(
    code = "PRT005",
    severity = Severity.HIGH,
    category = Category.NETWORK,
    title = "URL to a sibling service on a port it does not listen on",
    explanation = "Inside the compose network a service is reached at its container port, not at the host port compose "
        + "publishes. `http://data-api:8034` where data-api is `8034:8020` — or simply a stale port after a renumbering — "
        + "gives 'connection refused' at run time, usually only on the code path that makes the call.",
    example = "services:\n  data-api:\n    ports: [\"8034:8020\"]\n    command: uvicorn main:app --host 0.0.0.0 --port 8020\n"
        + "  ingest:\n    environment:\n      DATA_API_URL: http://data-api:8034   # 8034 is the host port",
    fix = "Use the port the sibling listens on inside the network (the container port, 8020 above). "
        + "flotilla check --fix rewrites the URL when the port is known for sure.",
    fixable = true)
public final class SiblingUrlWrongPort implements Rule {

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    Map<String, String> names = Hosts.names(stack);
    for (Service s : stack.services().values()) {
      for (EnvReference r : EnvReferences.of(s)) {
        if (r.port() == null) continue;
        Optional<String> target = Hosts.serviceFor(names, r.host());
        if (target.isEmpty()) continue;
        Service t = stack.services().get(target.get());
        if (t == null || (t.networkMode() != null && t.networkMode().startsWith("service:"))) continue;
        check(s, r, t).ifPresent(out::add);
      }
    }
    return out;
  }

  private Optional<Finding> check(Service s, EnvReference r, Service t) {
    int port = r.port();
    ServicePorts l = Listening.of(t);
    boolean fromProcess = l.known() && !"EXPOSE".equals(l.program());
    Set<Integer> declared = new LinkedHashSet<>();
    for (PortBinding b : t.ports()) declared.add(b.target());
    declared.addAll(PortTriangle.composeExpose(t));
    for (Listener e : Listening.exposed(t)) declared.add(e.port());
    if (fromProcess && l.listeners().isEmpty()) return Optional.empty();
    Set<Integer> listening = fromProcess ? l.ports() : declared;
    if (listening.isEmpty() || listening.contains(port)) return Optional.empty();

    PortBinding viaHost = null;
    for (PortBinding b : t.ports()) {
      if (b.published() != null && b.published() == port && b.target() != port) viaHost = b;
    }
    Integer right = viaHost != null ? Integer.valueOf(viaHost.target()) : listening.size() == 1 ? listening.iterator().next() : null;
    Severity sev;
    if (viaHost != null || (fromProcess && l.certain())) sev = Severity.HIGH;
    else sev = Severity.MEDIUM;
    String what = (r.portVariable() != null ? r.variable() + "/" + r.portVariable() : r.variable())
        + (r.portExplicit() ? "" : " (no port: the " + r.scheme() + " default)");
    StringBuilder msg = new StringBuilder(what + " reaches '" + t.name() + "' on port " + port + ", but inside the network it listens on "
        + (fromProcess ? l.describe() : String.join(", ", listening.stream().map(String::valueOf).toList()) + " (declared)"));
    if (viaHost != null) msg.append("; ").append(port).append(" is its published host port, which containers do not use");
    Finding.Builder f = finding(s.name(), msg.toString(), r.portVariable() != null ? r.portLocation() : r.location()).severity(sev);
    if (viaHost != null) f.related(viaHost.location(), "published " + port + " → container " + viaHost.target() + " here");
    if (fromProcess) f.related(l.listeners().get(0).location(), t.name() + " listens on " + l.listeners().get(0).port() + " (" + l.listeners().get(0).evidence() + ")");
    if (right != null) {
      f.remedy("use " + r.host() + ":" + right);
      if (r.portExplicit() && r.portVariable() == null && !r.fromDockerfile()) {
        ComposeText.replaceUnique(r.location(), 2, r.host() + ":" + port, r.host() + ":" + right)
            .ifPresent(e -> f.fix(new Fix("point " + r.variable() + " at " + r.host() + ":" + right, List.of(e))));
      }
    } else {
      f.remedy("use one of the ports " + t.name() + " listens on: " + listening);
    }
    return Optional.of(f.build());
  }
}
