package dev.flotilla.load;

import dev.flotilla.model.Build;
import dev.flotilla.model.Dependency;
import dev.flotilla.model.EnvVar;
import dev.flotilla.model.Healthcheck;
import dev.flotilla.model.Located;
import dev.flotilla.model.NetworkAttachment;
import dev.flotilla.model.NetworkDef;
import dev.flotilla.model.PortBinding;
import dev.flotilla.model.Resources;
import dev.flotilla.model.Service;
import dev.flotilla.model.Stack;
import dev.flotilla.model.VolumeDef;
import dev.flotilla.model.VolumeMount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The resolved project in the compose specification's long form, as {@code docker compose config}
 * prints it: ports as objects, depends_on as a map with condition, environment as a map, build
 * as an object with an absolute context. Keys of a service are sorted, like Docker's output.
 */
public final class ComposeWriter {
  private ComposeWriter() {}

  /** Only active services (those of enabled profiles), like {@code docker compose config}. */
  public static Map<String, Object> project(Stack stack) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("name", stack.name());
    Map<String, Object> services = new TreeMap<>();
    boolean usesDefault = false;
    for (Service s : stack.activeServices()) {
      services.put(s.name(), service(s));
      if (s.networks().isEmpty() && s.networkMode() == null || s.networks().containsKey("default")) usesDefault = true;
    }
    root.put("services", services);
    Map<String, Object> nets = new TreeMap<>();
    for (NetworkDef n : stack.networks().values()) nets.put(key(stack.networks(), n), network(stack, n));
    if (usesDefault && !nets.containsKey("default")) nets.put("default", new LinkedHashMap<>(Map.of("name", stack.name() + "_default")));
    if (!nets.isEmpty()) root.put("networks", nets);
    Map<String, Object> vols = new TreeMap<>();
    for (Map.Entry<String, VolumeDef> e : stack.volumes().entrySet()) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("name", e.getValue().external() || !e.getValue().name().equals(e.getKey()) ? e.getValue().name() : stack.name() + "_" + e.getKey());
      if (e.getValue().driver() != null) v.put("driver", e.getValue().driver());
      if (e.getValue().external()) v.put("external", true);
      vols.put(e.getKey(), v);
    }
    if (!vols.isEmpty()) root.put("volumes", vols);
    if (!stack.secrets().isEmpty()) root.put("secrets", stack.secrets());
    if (!stack.configs().isEmpty()) root.put("configs", stack.configs());
    if (!stack.settings().raw().isEmpty()) root.put("x-flotilla", stack.settings().raw());
    return root;
  }

  private static String key(Map<String, NetworkDef> all, NetworkDef n) {
    for (Map.Entry<String, NetworkDef> e : all.entrySet()) if (e.getValue() == n) return e.getKey();
    return n.name();
  }

  private static Map<String, Object> network(Stack stack, NetworkDef n) {
    Map<String, Object> m = new LinkedHashMap<>();
    String k = key(stack.networks(), n);
    m.put("name", n.external() || !n.name().equals(k) ? n.name() : stack.name() + "_" + k);
    if (n.driver() != null) m.put("driver", n.driver());
    if (n.external()) m.put("external", true);
    return m;
  }

  public static Map<String, Object> service(Service s) {
    Map<String, Object> m = new TreeMap<>();
    for (Map.Entry<String, Object> e : s.other().entrySet()) m.put(e.getKey(), e.getValue());
    m.putAll(s.extensions());
    if (!s.settings().raw().isEmpty()) m.put("x-flotilla", s.settings().raw());
    if (s.image() != null) m.put("image", s.image().value());
    if (s.build() != null) m.put("build", build(s.build()));
    if (s.command() != null) m.put("command", s.command().value());
    if (s.entrypoint() != null) m.put("entrypoint", s.entrypoint().value());
    if (!s.environment().isEmpty()) {
      Map<String, Object> env = new TreeMap<>();
      for (EnvVar v : s.environment().values()) env.put(v.name(), v.value());
      m.put("environment", env);
    }
    if (!s.envFiles().isEmpty()) {
      List<Object> files = new ArrayList<>();
      for (var f : s.envFiles()) {
        Map<String, Object> ef = new LinkedHashMap<>();
        ef.put("path", f.path().toString());
        ef.put("required", f.required());
        files.add(ef);
      }
      m.put("env_file", files);
    }
    if (!s.ports().isEmpty()) {
      List<Object> ports = new ArrayList<>();
      for (PortBinding p : s.ports()) {
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("mode", p.mode() == null ? "ingress" : p.mode());
        if (p.hostIp() != null) pm.put("host_ip", p.hostIp());
        pm.put("target", p.target());
        if (p.published() != null) pm.put("published", String.valueOf(p.published()));
        pm.put("protocol", p.protocol());
        ports.add(pm);
      }
      m.put("ports", ports);
    }
    if (!s.expose().isEmpty()) m.put("expose", s.expose().stream().map(Located::value).toList());
    if (!s.volumes().isEmpty()) {
      List<Object> vols = new ArrayList<>();
      for (VolumeMount v : s.volumes()) {
        Map<String, Object> vm = new LinkedHashMap<>();
        vm.put("type", v.type().lower());
        if (v.type() == VolumeMount.Type.BIND && v.hostPath() != null) vm.put("source", v.hostPath().toString());
        else if (v.source() != null) vm.put("source", v.source());
        vm.put("target", v.target());
        if (v.readOnly()) vm.put("read_only", true);
        if (v.type() == VolumeMount.Type.BIND) vm.put("bind", new LinkedHashMap<>(Map.of("create_host_path", true)));
        if (v.type() == VolumeMount.Type.VOLUME) vm.put("volume", new LinkedHashMap<>());
        vols.add(vm);
      }
      m.put("volumes", vols);
    }
    if (!s.dependsOn().isEmpty()) {
      Map<String, Object> deps = new TreeMap<>();
      for (Dependency d : s.dependsOn().values()) {
        Map<String, Object> dm = new LinkedHashMap<>();
        dm.put("condition", d.condition().spec());
        dm.put("required", d.required());
        if (d.restart()) dm.put("restart", true);
        deps.put(d.service(), dm);
      }
      m.put("depends_on", deps);
    }
    if (s.healthcheck() != null) m.put("healthcheck", healthcheck(s.healthcheck()));
    if (!s.networks().isEmpty()) {
      Map<String, Object> nets = new TreeMap<>();
      for (NetworkAttachment n : s.networks().values()) {
        nets.put(n.network(), n.aliases().isEmpty() ? null : new LinkedHashMap<>(Map.of("aliases", n.aliases())));
      }
      m.put("networks", nets);
    } else if (s.networkMode() == null) {
      Map<String, Object> nets = new TreeMap<>();
      nets.put("default", null);
      m.put("networks", nets);
    }
    if (s.networkMode() != null) m.put("network_mode", s.networkMode());
    if (s.restart() != null) m.put("restart", s.restart().value());
    Resources r = s.resources();
    if (r != null && r != Resources.NONE) {
      @SuppressWarnings("unchecked")
      Map<String, Object> deploy = m.get("deploy") instanceof Map<?, ?> d ? new LinkedHashMap<>((Map<String, Object>) d) : new LinkedHashMap<>();
      Map<String, Object> res = new LinkedHashMap<>();
      if (r.memoryLimitBytes() != null || r.cpuLimit() != null) {
        Map<String, Object> lim = new LinkedHashMap<>();
        if (r.cpuLimit() != null) lim.put("cpus", r.cpuLimit());
        if (r.memoryLimitBytes() != null) lim.put("memory", r.memoryLimitBytes());
        res.put("limits", lim);
      }
      if (r.memoryReservationBytes() != null || r.cpuReservation() != null) {
        Map<String, Object> resv = new LinkedHashMap<>();
        if (r.cpuReservation() != null) resv.put("cpus", r.cpuReservation());
        if (r.memoryReservationBytes() != null) resv.put("memory", r.memoryReservationBytes());
        res.put("reservations", resv);
      }
      deploy.put("resources", res);
      m.put("deploy", deploy);
    }
    if (!s.profiles().isEmpty()) m.put("profiles", s.profiles());
    if (s.privileged()) m.put("privileged", true);
    if (s.user() != null) m.put("user", s.user());
    if (s.workingDir() != null) m.put("working_dir", s.workingDir());
    if (s.containerName() != null) m.put("container_name", s.containerName());
    if (!s.labels().isEmpty()) m.put("labels", new TreeMap<>(s.labels()));
    return m;
  }

  private static Map<String, Object> build(Build b) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("context", b.context() == null ? b.contextRaw() : b.context().toString());
    if (b.dockerfileInline() != null) m.put("dockerfile_inline", b.dockerfileInline());
    else m.put("dockerfile", b.dockerfileRaw() == null ? "Dockerfile" : b.dockerfileRaw());
    if (!b.args().isEmpty()) {
      Map<String, Object> args = new TreeMap<>();
      b.args().forEach((k, v) -> args.put(k, v.value()));
      m.put("args", args);
    }
    if (b.target() != null) m.put("target", b.target().value());
    return m;
  }

  private static Map<String, Object> healthcheck(Healthcheck h) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (h.disabled()) {
      m.put("disable", true);
      return m;
    }
    m.put("test", h.test());
    if (h.timeout() != null) m.put("timeout", goDuration(h.timeout()));
    if (h.interval() != null) m.put("interval", goDuration(h.interval()));
    if (h.retries() != null) m.put("retries", h.retries());
    if (h.startPeriod() != null) m.put("start_period", goDuration(h.startPeriod()));
    if (h.startInterval() != null) m.put("start_interval", goDuration(h.startInterval()));
    return m;
  }

  /** Go's time.Duration text: 1m30s, 500ms, 2h0m0s. */
  public static String goDuration(Duration d) {
    long nanos = d.toNanos();
    if (nanos == 0) return "0s";
    if (nanos < 1_000_000_000L) {
      if (nanos % 1_000_000 == 0) return (nanos / 1_000_000) + "ms";
      if (nanos % 1_000 == 0) return (nanos / 1_000) + "µs";
      return nanos + "ns";
    }
    long h = d.toHours();
    long min = d.toMinutesPart();
    double sec = d.toSecondsPart() + d.toNanosPart() / 1e9;
    String secText = sec == Math.floor(sec) ? String.valueOf((long) sec) : String.valueOf(sec).replaceAll("0+$", "");
    if (h > 0) return h + "h" + min + "m" + secText + "s";
    if (min > 0) return min + "m" + secText + "s";
    return secText + "s";
  }
}
