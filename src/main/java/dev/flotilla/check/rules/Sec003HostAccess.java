package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.facts.ProjectText;
import dev.flotilla.model.Category;
import dev.flotilla.model.Service;
import dev.flotilla.model.Severity;
import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.Stack;
import dev.flotilla.model.VolumeMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

@RuleInfo(
    code = "SEC003",
    severity = Severity.HIGH,
    category = Category.SECURITY,
    title = "Docker socket or sensitive host path mounted; privileged mode",
    explanation = "Mounting /var/run/docker.sock hands the container root on the host: anyone who gets code "
        + "execution in it can start a privileged container that mounts /. ':ro' does not help, the API still "
        + "accepts every call. privileged: true, cap_add: ALL or SYS_ADMIN, and mounts of /, /etc, /root, /proc, "
        + "/sys, /var/lib/docker or ~/.ssh do much the same. Tools that genuinely need the socket (Traefik, "
        + "cAdvisor, Portainer, Watchtower…) are reported at MEDIUM: put a docker-socket-proxy in front of them.",
    example = "services:\n  agent:\n    image: example/agent\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n    privileged: true",
    fix = "Drop the mount or privilege; give the container only the capability it needs (cap_add: [NET_ADMIN]); "
        + "put tecnativa/docker-socket-proxy between the tool and the socket, allowing only the API calls it uses.")
public final class Sec003HostAccess implements Rule {

  static final Set<String> SOCKETS = Set.of("/var/run/docker.sock", "/run/docker.sock", "/var/run/containerd/containerd.sock",
      "/run/containerd/containerd.sock", "/var/run/podman/podman.sock", "/run/podman/podman.sock");

  static final Set<String> SENSITIVE = Set.of("/", "/etc", "/root", "/proc", "/sys", "/boot", "/dev", "/var/lib/docker", "/var/run",
      "/run", "/home", "/usr", "/lib", "/bin", "/sbin", "/var/lib/kubelet");

  /** Images whose job needs host access; reported at MEDIUM. */
  static final List<String> HOST_TOOLS = List.of("traefik", "cadvisor", "portainer", "watchtower", "docker-socket-proxy",
      "promtail", "dozzle", "node-exporter", "telegraf", "datadog", "fluent-bit", "vector", "grafana/agent", "alloy",
      "autoheal", "nginx-proxy", "docker-gen", "filebeat", "metricbeat", "sysdig", "falco");

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    for (Service s : stack.services().values()) {
      boolean tool = hostTool(s);
      for (VolumeMount v : s.volumes()) {
        if (v.type() != VolumeMount.Type.BIND) continue;
        String src = v.source() == null ? "" : v.source();
        String host = v.hostPath() == null ? src : v.hostPath().toString();
        String norm = host.length() > 1 && host.endsWith("/") ? host.substring(0, host.length() - 1) : host;
        if (SOCKETS.contains(norm)) {
          Finding.Builder b = finding(s.name(), s.name() + " mounts the container engine socket " + norm
                  + (v.readOnly() ? " (':ro' does not restrict the API)" : "") + ": it controls the host as root", v.location())
              .remedy("remove the mount, or put a docker-socket-proxy in front that allows only the calls " + s.name() + " needs");
          if (tool) b.severity(Severity.MEDIUM);
          out.add(b.build());
        } else if (SENSITIVE.contains(norm) || sensitiveHome(src)) {
          Finding.Builder b = finding(s.name(), s.name() + " mounts the sensitive host path " + src + (v.readOnly() ? " read-only" : " read-write"),
                  v.location())
              .remedy("mount only the files the container needs, read-only");
          if (tool || v.readOnly()) b.severity(Severity.MEDIUM);
          out.add(b.build());
        }
      }
      if (s.privileged()) {
        SourceLocation at = ProjectText.findKey(s.location(), "privileged").orElse(s.location());
        Finding.Builder b = finding(s.name(), s.name() + " runs privileged: every device and capability of the host", at)
            .remedy("remove privileged: true and add only the capabilities needed (cap_add)");
        if (tool) b.severity(Severity.MEDIUM);
        out.add(b.build());
      }
      Object caps = s.other().get("cap_add");
      if (caps instanceof List<?> l) {
        for (Object c : l) {
          String cap = String.valueOf(c).toUpperCase(Locale.ROOT).replace("CAP_", "");
          if (cap.equals("ALL") || cap.equals("SYS_ADMIN") || cap.equals("SYS_PTRACE") || cap.equals("SYS_MODULE")) {
            SourceLocation at = ProjectText.findKey(s.location(), "cap_add").orElse(s.location());
            Finding.Builder b = finding(s.name(), s.name() + " adds capability " + cap + ", close to privileged mode", at)
                .remedy("add only the narrow capability needed");
            if (tool) b.severity(Severity.MEDIUM);
            out.add(b.build());
          }
        }
      }
      for (String key : List.of("pid", "ipc")) {
        if ("host".equals(String.valueOf(s.other().get(key)))) {
          SourceLocation at = ProjectText.findKey(s.location(), key).orElse(s.location());
          out.add(finding(s.name(), s.name() + " shares the host's " + key + " namespace (" + key + ": host)", at)
              .severity(Severity.MEDIUM)
              .remedy("remove " + key + ": host unless the container must see host processes")
              .build());
        }
      }
    }
    return out;
  }

  private static boolean sensitiveHome(String src) {
    String s = src.replace("${HOME}", "~").replace("$HOME", "~");
    return s.startsWith("~/.ssh") || s.startsWith("~/.aws") || s.startsWith("~/.docker") || s.startsWith("~/.kube")
        || s.startsWith("~/.gnupg") || s.equals("~") || s.contains("/.ssh") && !s.startsWith(".");
  }

  private static boolean hostTool(Service s) {
    String image = s.imageName() == null ? s.name() : s.imageName();
    String l = image.toLowerCase(Locale.ROOT);
    return HOST_TOOLS.stream().anyMatch(l::contains);
  }
}
