package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Fix;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.facts.ComposeText;
import dev.flotilla.check.facts.EnvReference;
import dev.flotilla.check.facts.EnvReferences;
import dev.flotilla.check.facts.Hosts;
import dev.flotilla.check.facts.Listening;
import dev.flotilla.check.facts.ServicePorts;
import dev.flotilla.check.facts.WellKnownImages;
import dev.flotilla.model.Category;
import dev.flotilla.model.PortBinding;
import dev.flotilla.model.Service;
import dev.flotilla.model.Severity;
import dev.flotilla.model.Stack;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

@RuleInfo(
    code = "DEP004",
    severity = Severity.HIGH,
    category = Category.NETWORK,
    title = "Container told to reach a sibling service at localhost",
    explanation = "Inside a container, `localhost` and `127.0.0.1` are the container itself, not the host and not the other "
        + "services. A URL that worked while everything ran on a laptop (`postgres://…@localhost:5432/app`) gives "
        + "'connection refused' once each part runs in its own container — the seed's 'services tried to connect to "
        + "localhost instead of container hostnames'. Services with `network_mode: host` (or sharing another's network) "
        + "are left alone: there localhost is right.",
    example = "services:\n  api:\n    environment:\n      DATABASE_URL: postgres://app:secret@localhost:5432/app\n  postgres:\n    image: postgres:16",
    fix = "Use the sibling's service name and its container port (`postgres:5432`). `flotilla check --fix` rewrites the host.",
    fixable = true)
public final class LocalhostForSibling implements Rule {

  private record Candidate(Service service, int port, boolean viaPublished) {}

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    for (Service s : stack.services().values()) {
      if (Hosts.sharesNetwork(s)) continue;
      Set<String> seen = new HashSet<>();
      for (EnvReference r : EnvReferences.of(s)) {
        boolean zero = "0.0.0.0".equals(r.host()) && r.kind() != EnvReference.Kind.HOST;
        if ((!r.loopback() && !zero) || r.port() == null) continue;
        ServicePorts own = Listening.of(s);
        if (own.listensOn(r.port())) continue; // the service calling itself
        if (!seen.add(r.variable() + "|" + r.port())) continue;
        List<Candidate> c = candidates(stack, s, r);
        if (c.isEmpty()) {
          if (own.certain()) {
            out.add(finding(s.name(), r.variable() + " points at " + r.host() + ":" + r.port() + ", but inside this container nothing listens "
                    + "there (" + own.program() + " listens on " + own.describe() + ") and no service of the project serves it", r.location())
                .severity(Severity.MEDIUM)
                .remedy("point it at the service that serves port " + r.port() + ", by its service name")
                .build());
          }
          continue;
        }
        if (c.size() > 1) {
          out.add(finding(s.name(), r.variable() + " points at " + r.host() + ":" + r.port() + ", which inside the container is the container itself; "
                  + "port " + r.port() + " is served by " + String.join(", ", c.stream().map(x -> "'" + x.service.name() + "'").toList()), r.location())
              .remedy("use the service name of the one meant, e.g. " + c.get(0).service.name() + ":" + c.get(0).port)
              .build());
          continue;
        }
        Candidate t = c.get(0);
        ServicePorts tl = Listening.of(t.service);
        Severity sev = t.viaPublished || tl.certain() ? Severity.HIGH : Severity.MEDIUM;
        String target = t.service.name() + ":" + t.port;
        Finding.Builder f = finding(s.name(), r.variable() + " points at " + r.host() + ":" + r.port() + ", which inside the container is the "
                + "container itself; the sibling '" + t.service.name() + "' is reached as " + target, r.location())
            .severity(sev)
            .related(t.service.location(), "service '" + t.service.name() + "'")
            .remedy("use " + target);
        if (!r.fromDockerfile() && r.portVariable() == null) {
          String oldText = r.portExplicit() ? hostText(r) + ":" + r.port() : hostText(r);
          String newText = r.portExplicit() || t.port != r.port() ? target : t.service.name();
          if (!r.portExplicit() && t.port != r.port()) newText = target;
          ComposeText.replaceUnique(r.location(), 2, oldText, newText)
              .ifPresent(e -> f.fix(new Fix("point " + r.variable() + " at " + target, List.of(e))));
        } else if (r.kind() == EnvReference.Kind.HOST && !r.fromDockerfile() && t.port == r.port()) {
          ComposeText.replaceUnique(r.location(), 1, hostText(r), t.service.name())
              .ifPresent(e -> f.fix(new Fix("point " + r.variable() + " at " + t.service.name(), List.of(e))));
        }
        out.add(f.build());
      }
    }
    return out;
  }

  private static String hostText(EnvReference r) {
    return r.value().substring(r.hostStart(), r.hostEnd());
  }

  /** Siblings serving the port: by listening port, by published host port, else by the URL scheme's image family. */
  private static List<Candidate> candidates(Stack stack, Service self, EnvReference r) {
    int port = r.port();
    List<Candidate> byPublished = new ArrayList<>();
    List<Candidate> byListening = new ArrayList<>();
    for (Service t : stack.services().values()) {
      if (t == self) continue;
      for (PortBinding b : t.ports()) {
        if (b.published() != null && b.published() == port) byPublished.add(new Candidate(t, b.target(), true));
      }
      if (Listening.of(t).listensOn(port)) byListening.add(new Candidate(t, port, false));
    }
    if (!byListening.isEmpty()) return byListening;
    if (!byPublished.isEmpty()) return byPublished;
    String family = r.schemeFamily();
    if (family == null) return List.of();
    List<Candidate> byFamily = new ArrayList<>();
    for (Service t : stack.services().values()) {
      if (t == self) continue;
      String img = t.builds() ? null : t.imageName();
      var e = WellKnownImages.lookup(img);
      if (e.isPresent() && Integer.valueOf(port).equals(EnvReferences.defaultPort(family)) && e.get().ports().get(0).equals(EnvReferences.defaultPort(family))) {
        byFamily.add(new Candidate(t, e.get().ports().get(0), false));
      }
    }
    return byFamily;
  }
}
