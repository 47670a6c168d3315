package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.facts.Listener;
import dev.flotilla.check.facts.Listening;
import dev.flotilla.check.facts.ProcessCommand;
import dev.flotilla.check.facts.ServicePorts;
import dev.flotilla.check.facts.Shell;
import dev.flotilla.model.Category;
import dev.flotilla.model.HealthProbe;
import dev.flotilla.model.Healthcheck;
import dev.flotilla.model.Instruction;
import dev.flotilla.model.PortBinding;
import dev.flotilla.model.Service;
import dev.flotilla.model.Severity;
import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.Stack;
import dev.flotilla.model.Stage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@RuleInfo(
    code = "HLT002",
    severity = Severity.HIGH,
    category = Category.NETWORK,
    title = "Health check on a port the service does not listen on",
    explanation = "A compose `healthcheck` runs inside the container, so its URL must use the port the process listens on "
        + "there — not the host port from `ports`. An `x-flotilla.health` probe runs from the host, so it must use a "
        + "published host port. A probe on the wrong port marks a working service unhealthy forever: dependants never "
        + "start, and deploys wait for their timeout before failing.",
    example = "services:\n  ai-pattern:\n    ports: [\"8034:8020\"]\n    healthcheck:\n"
        + "      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost:8034/health\"]   # inside, it is 8020",
    fix = "Probe the container port in `healthcheck`, and a published host port in `x-flotilla.health`.")
public final class HealthcheckPort implements Rule {

  private static final Pattern URL = Pattern.compile("https?://(localhost|127\\.0\\.0\\.1|0\\.0\\.0\\.0|\\[::1]|\\$\\{?HOSTNAME}?)(?::(\\d+))?(?=[/\"'\\s]|$)");
  private static final Pattern PORT_FLAG = Pattern.compile("\\b(pg_isready|redis-cli|mysqladmin|nc|mongosh|mongo)\\b[^|;&]*?(?:-p|--port)[ =]?(\\d+)");
  private static final Pattern NC = Pattern.compile("\\bnc\\s+(?:-\\w+\\s+)*(?:localhost|127\\.0\\.0\\.1)\\s+(\\d+)");

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    for (Service s : stack.services().values()) {
      String nm = s.networkMode();
      if (nm != null && (nm.startsWith("service:") || nm.startsWith("container:"))) continue;
      ServicePorts l = Listening.of(s);
      Healthcheck hc = s.healthcheck();
      if (hc != null && !hc.disabled()) {
        probePorts(String.join(" ", hc.command()), ProcessCommand.of(s).env())
            .forEach(p -> inside(s, l, p, hc.location(), "healthcheck", out));
      } else if (hc == null) {
        for (Stage st : ProcessCommand.stageChain(s)) {
          for (Instruction i : st.all("HEALTHCHECK")) {
            probePorts(i.raw(), ProcessCommand.of(s).env()).forEach(p -> inside(s, l, p, i.location(), "HEALTHCHECK", out));
          }
        }
      }
      HealthProbe probe = s.settings() == null ? null : s.settings().health();
      if (probe != null) fromHost(s, l, probe, out);
    }
    return out;
  }

  /** Ports a health command talks to on the container itself. */
  static List<Integer> probePorts(String command, Map<String, String> env) {
    String c = command;
    if (c.contains("$")) {
      String e = Shell.expand(c, env);
      if (e != null) c = e;
    }
    List<Integer> ports = new ArrayList<>();
    Matcher m = URL.matcher(c);
    while (m.find()) {
      if (m.group(2) != null) ports.add(Integer.parseInt(m.group(2)));
      else ports.add(c.regionMatches(m.start(), "https", 0, 5) ? 443 : 80);
    }
    Matcher f = PORT_FLAG.matcher(c);
    while (f.find()) ports.add(Integer.parseInt(f.group(2)));
    Matcher n = NC.matcher(c);
    while (n.find()) ports.add(Integer.parseInt(n.group(1)));
    return ports;
  }

  private void inside(Service s, ServicePorts l, int port, SourceLocation at, String what, List<Finding> out) {
    if (!l.known() || l.listeners().isEmpty() || l.listensOn(port)) return;
    boolean fromProcess = !"EXPOSE".equals(l.program());
    PortBinding viaHost = null;
    for (PortBinding b : s.ports()) if (b.published() != null && b.published() == port && b.target() != port) viaHost = b;
    Severity sev = viaHost != null || (fromProcess && l.certain()) ? Severity.HIGH : Severity.MEDIUM;
    Listener main = l.listeners().get(0);
    String msg = what + " probes port " + port + " inside the container, but " + (fromProcess ? l.program() : "the image") + " listens on "
        + l.describe() + (viaHost != null ? " (" + port + " is the published host port; inside it is " + viaHost.target() + ")" : "");
    Finding.Builder f = finding(s.name(), msg, at).severity(sev)
        .related(main.location(), "listens on " + main.port() + " (" + main.evidence() + ")")
        .remedy("probe port " + (viaHost != null ? viaHost.target() : main.port()));
    if (viaHost != null) f.related(viaHost.location(), "published here");
    out.add(f.build());
  }

  private void fromHost(Service s, ServicePorts l, HealthProbe probe, List<Finding> out) {
    Integer port = null;
    if (probe.kind() == HealthProbe.Kind.HTTP && probe.url() != null) {
      Matcher m = Pattern.compile("^https?://([^/:]+|\\[[^]]+])(?::(\\d+))?").matcher(probe.url());
      if (!m.find()) return;
      port = m.group(2) != null ? Integer.parseInt(m.group(2)) : probe.url().startsWith("https") ? 443 : 80;
    } else if (probe.kind() == HealthProbe.Kind.TCP && probe.port() > 0) {
      port = probe.port();
    }
    if (port == null) return;
    Set<Integer> published = new LinkedHashSet<>();
    for (PortBinding b : s.ports()) if (b.published() != null) published.add(b.published());
    boolean hostNet = "host".equals(s.networkMode());
    if (!hostNet && published.contains(port)) return;
    if ((hostNet || s.settings().process() != null) && (!l.known() || l.listensOn(port))) return;
    if (!hostNet && published.isEmpty() && s.settings().process() != null) return;
    PortBinding byTarget = null;
    for (PortBinding b : s.ports()) if (b.target() == port && b.published() != null) byTarget = b;
    String msg;
    Severity sev;
    if (hostNet) {
      if (!l.known() || l.listeners().isEmpty()) return;
      msg = "x-flotilla health probes port " + port + ", but the service (host network) listens on " + l.describe();
      sev = l.certain() ? Severity.HIGH : Severity.MEDIUM;
    } else if (byTarget != null) {
      msg = "x-flotilla health probes port " + port + " from the host, but that is the container port; it is published as " + byTarget.published();
      sev = Severity.HIGH;
    } else if (published.isEmpty()) {
      msg = "x-flotilla health probes port " + port + " from the host, but the service publishes no port";
      sev = Severity.HIGH;
    } else {
      msg = "x-flotilla health probes port " + port + " from the host, but the service publishes only " + published;
      sev = Severity.HIGH;
    }
    Finding.Builder f = finding(s.name(), msg, probe.location()).severity(sev)
        .remedy(byTarget != null ? "probe port " + byTarget.published() : "probe a published host port, or publish " + port);
    if (byTarget != null) f.related(byTarget.location(), "published here");
    out.add(f.build());
  }
}
