package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.facts.Confidence;
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
import java.util.Set;

@RuleInfo(
    code = "PRT002",
    severity = Severity.HIGH,
    category = Category.NETWORK,
    title = "The port triangle disagrees: listening port, EXPOSE and ports target",
    explanation = "Three places name a service's port: what the process listens on (its start command, config or source "
        + "default), the Dockerfile's `EXPOSE`, and the container side of compose `ports`. When `ports` maps to a port "
        + "nothing listens on, the container runs but every request gets 'connection refused' or 'empty reply' — the "
        + "seed's 'port conflicts in Dockerfiles' across twenty services. A wrong `EXPOSE` misleads the next person and "
        + "every tool that reads it.",
    example = "# Dockerfile\nEXPOSE 8000\nCMD [\"uvicorn\", \"main:app\", \"--host\", \"0.0.0.0\", \"--port\", \"8020\"]\n"
        + "# compose.yaml\n    ports: [\"9015:8000\"]   # nothing listens on 8000",
    fix = "Make the three agree: change the `ports` target (or the `--port`), and `EXPOSE` the port the process listens on.")
public final class PortTriangle implements Rule {

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    for (Service s : stack.services().values()) {
      if (s.networkMode() != null && !s.networkMode().startsWith("bridge") && !s.networkMode().equals("default")) continue;
      ServicePorts l = Listening.of(s);
      List<Listener> exposed = Listening.exposed(s);
      boolean fromProcess = l.known() && !"EXPOSE".equals(l.program());
      if (fromProcess && l.listeners().isEmpty()) {
        for (PortBinding b : tcp(s)) {
          out.add(finding(s.name(), "ports maps container port " + b.target() + ", but " + l.program() + " listens on no port", b.location())
              .severity(Severity.MEDIUM)
              .remedy("remove the ports entry, or run a process that serves it")
              .build());
        }
        continue;
      }
      if (fromProcess) {
        Listener main = l.listeners().get(0);
        for (PortBinding b : tcp(s)) {
          if (l.listensOn(b.target())) continue;
          Finding.Builder f = finding(s.name(),
                  "ports maps container port " + b.target() + ", but " + l.program() + " listens on " + l.describe()
                      + " (" + main.evidence() + ")", b.location())
              .related(main.location(), "the process's port comes from here")
              .remedy("map to the listening port: \"" + (b.published() == null ? "" : b.published() + ":") + main.port() + "\"");
          if (l.confidence() == Confidence.GUESS) f.severity(Severity.LOW);
          out.add(f.build());
        }
        if (l.certain()) {
          for (Listener e : exposed) {
            if (l.listensOn(e.port())) continue;
            out.add(finding(s.name(), e.evidence() + ", but " + l.program() + " listens on " + l.describe() + " (" + main.evidence() + ")", e.location())
                .severity(Severity.MEDIUM)
                .related(main.location(), "the process's port comes from here")
                .related(s.location(), "service '" + s.name() + "'")
                .remedy("EXPOSE " + main.port())
                .build());
          }
        }
        continue;
      }
      // No knowledge of the process: EXPOSE and compose expose against the ports targets.
      Set<Integer> declared = new LinkedHashSet<>();
      for (Listener e : exposed) declared.add(e.port());
      declared.addAll(composeExpose(s));
      if (declared.isEmpty()) continue;
      for (PortBinding b : tcp(s)) {
        if (declared.contains(b.target())) continue;
        Finding.Builder f = finding(s.name(),
                "ports maps container port " + b.target() + ", but the image only declares " + declared + " (EXPOSE/expose)", b.location())
            .severity(Severity.MEDIUM)
            .remedy("map to a declared port, or fix EXPOSE to name the port the process listens on");
        if (!exposed.isEmpty()) f.related(exposed.get(0).location(), exposed.get(0).evidence());
        out.add(f.build());
      }
    }
    return out;
  }

  static List<PortBinding> tcp(Service s) {
    return s.ports().stream().filter(b -> b.protocol() == null || b.protocol().equalsIgnoreCase("tcp")).toList();
  }

  static Set<Integer> composeExpose(Service s) {
    Set<Integer> out = new LinkedHashSet<>();
    for (var e : s.expose()) {
      String v = e.value();
      if (v.endsWith("/udp")) continue;
      v = v.replaceFirst("/tcp$", "");
      Integer p = Listening.parsePort(v);
      if (p != null) out.add(p);
    }
    return out;
  }
}
