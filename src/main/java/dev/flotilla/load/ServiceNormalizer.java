package dev.flotilla.load;

import dev.flotilla.model.Build;
import dev.flotilla.model.Dependency;
import dev.flotilla.model.DockerIgnore;
import dev.flotilla.model.Dockerfile;
import dev.flotilla.model.EnvFile;
import dev.flotilla.model.EnvVar;
import dev.flotilla.model.HealthProbe;
import dev.flotilla.model.Healthcheck;
import dev.flotilla.model.Located;
import dev.flotilla.model.LoadWarning;
import dev.flotilla.model.NetworkAttachment;
import dev.flotilla.model.PortBinding;
import dev.flotilla.model.Resources;
import dev.flotilla.model.Service;
import dev.flotilla.model.ServiceSettings;
import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.UserError;
import dev.flotilla.model.VolumeMount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns one resolved service mapping (interpolated, merged, extended, paths absolute) into the
 * model's {@link Service}, every short syntax in long form.
 */
final class ServiceNormalizer {
  /** Keys with a typed home in {@link Service}; everything else lands in {@code other}. */
  static final Set<String> TYPED =
      Set.of(
          "image", "build", "command", "entrypoint", "environment", "env_file", "ports", "expose", "volumes", "depends_on",
          "healthcheck", "networks", "network_mode", "restart", "deploy", "mem_limit", "mem_reservation", "cpus", "profiles",
          "privileged", "user", "working_dir", "container_name", "labels", "x-flotilla", "extends");

  private final Path projectDir;
  private final Map<String, String> variables;
  private final List<LoadWarning> warnings;

  ServiceNormalizer(Path projectDir, Map<String, String> variables, List<LoadWarning> warnings) {
    this.projectDir = projectDir;
    this.variables = variables;
    this.warnings = warnings;
  }

  Service service(String name, SourceLocation at, YNode.Map m) {
    String p = "services." + name;
    Located<String> image = str(m, "image");
    List<EnvFile> envFiles = envFiles(m.get("env_file"), p);
    Map<String, EnvVar> env = new LinkedHashMap<>();
    for (EnvFile f : envFiles) {
      if (!Files.isRegularFile(f.path())) {
        // not thrown: check reports it (CFG001) and StackConsistency refuses it for config and deploy
        if (f.required()) warnings.add(new LoadWarning(missingEnvFile(f), f.location()));
        continue;
      }
      EnvFileParser.parse(f.path(), variables, warnings).forEach((k, e) -> env.put(k, new EnvVar(k, e.value(), SourceLocation.of(f.path(), e.line()))));
    }
    env.putAll(environment(m.get("environment"), p));
    Map<String, String> buildArgs = new LinkedHashMap<>();
    Build build = build(m.get("build"), p, buildArgs);
    Map<String, Object> other = new LinkedHashMap<>();
    Map<String, Object> extensions = new LinkedHashMap<>();
    for (YNode.Entry e : m.entries().values()) {
      if (e.key().startsWith("x-") && !e.key().equals("x-flotilla")) extensions.put(e.key(), YNode.toPlain(e.value()));
      else if (!TYPED.contains(e.key())) other.put(e.key(), YNode.toPlain(e.value()));
    }
    YNode deploy = m.get("deploy");
    if (deploy instanceof YNode.Map dm) {
      Map<String, Object> d = new LinkedHashMap<>(YamlReader.plainMap(dm));
      if (!d.isEmpty()) other.put("deploy", d);
    }
    return new Service(
        name,
        at,
        image,
        build,
        command(m.get("command"), p + ".command"),
        command(m.get("entrypoint"), p + ".entrypoint"),
        env,
        envFiles,
        ports(m.get("ports"), p),
        expose(m.get("expose")),
        volumes(m.get("volumes"), p),
        dependsOn(m.get("depends_on"), p),
        healthcheck(m.get("healthcheck"), p),
        networks(m.get("networks")),
        text(m.get("network_mode")),
        str(m, "restart"),
        resources(m, p),
        stringList(m.get("profiles")),
        bool(m.get("privileged")),
        text(m.get("user")),
        text(m.get("working_dir")),
        text(m.get("container_name")),
        labels(m.get("labels")),
        settings(m.get("x-flotilla"), p),
        extensions,
        other);
  }

  /** The message for a required env_file that does not exist (a warning here, an error in StackConsistency). */
  static String missingEnvFile(EnvFile f) {
    return "env file " + f.raw() + " not found (create it or mark it required: false)";
  }

  // ---- scalars

  static String text(YNode n) {
    if (n instanceof YNode.Scalar s && !s.isNull()) return s.value();
    return null;
  }

  static Located<String> str(YNode.Map m, String key) {
    YNode n = m.get(key);
    String t = text(n);
    return t == null ? null : new Located<>(t, n.location());
  }

  static boolean bool(YNode n) {
    String t = text(n);
    return t != null && (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("yes") || t.equals("1"));
  }

  static List<String> stringList(YNode n) {
    List<String> out = new ArrayList<>();
    if (n instanceof YNode.Seq q) {
      for (YNode i : q.items()) {
        if (text(i) != null) out.add(text(i));
      }
    } else if (text(n) != null) {
      out.add(text(n));
    }
    return out;
  }

  static UserError bad(YNode n, String path, String what) {
    return UserError.input(n.location(), path + ": " + what);
  }

  // ---- command / environment

  static Located<List<String>> command(YNode n, String path) {
    if (n == null || n instanceof YNode.Scalar s && s.isNull()) return null;
    if (n instanceof YNode.Seq q) {
      List<String> out = new ArrayList<>();
      for (YNode i : q.items()) out.add(i instanceof YNode.Scalar s ? s.value() : String.valueOf(YNode.toPlain(i)));
      return new Located<>(List.copyOf(out), n.location());
    }
    if (n instanceof YNode.Scalar s) {
      try {
        return new Located<>(List.copyOf(ShortSyntax.shellSplit(s.value())), n.location());
      } catch (IllegalArgumentException e) {
        throw bad(n, path, e.getMessage());
      }
    }
    throw bad(n, path, "must be a string or a list of strings");
  }

  private Map<String, EnvVar> environment(YNode n, String path) {
    Map<String, EnvVar> out = new LinkedHashMap<>();
    if (n == null) return out;
    if (n instanceof YNode.Map m) {
      for (YNode.Entry e : m.entries().values()) {
        String v = e.value() instanceof YNode.Scalar s && !s.isNull() ? s.value() : null;
        if (v == null) v = variables.get(e.key());
        out.put(e.key(), new EnvVar(e.key(), v, e.keyLocation()));
      }
    } else if (n instanceof YNode.Seq q) {
      for (YNode i : q.items()) {
        String t = text(i);
        if (t == null) continue;
        int eq = t.indexOf('=');
        String k = eq < 0 ? t : t.substring(0, eq);
        String v = eq < 0 ? variables.get(k) : t.substring(eq + 1);
        out.put(k, new EnvVar(k, v, i.location()));
      }
    } else {
      throw bad(n, path + ".environment", "must be a mapping or a list of KEY=VALUE");
    }
    return out;
  }

  private List<EnvFile> envFiles(YNode n, String path) {
    List<EnvFile> out = new ArrayList<>();
    if (n == null) return out;
    List<YNode> items = n instanceof YNode.Seq q ? q.items() : List.of(n);
    for (YNode i : items) {
      if (i instanceof YNode.Scalar s && !s.isNull()) {
        out.add(new EnvFile(s.value(), resolve(s.value()), true, s.location()));
      } else if (i instanceof YNode.Map m && text(m.get("path")) != null) {
        String raw = text(m.get("path"));
        boolean required = m.get("required") == null || bool(m.get("required"));
        out.add(new EnvFile(raw, resolve(raw), required, m.location()));
      } else {
        throw bad(i, path + ".env_file", "must be a path or {path, required}");
      }
    }
    return out;
  }

  Path resolve(String raw) {
    String r = raw;
    if (r.equals("~") || r.startsWith("~/")) r = System.getProperty("user.home") + r.substring(1);
    return projectDir.resolve(r).normalize();
  }

  // ---- build

  private Build build(YNode n, String path, Map<String, String> argsOut) {
    if (n == null) return null;
    YNode.Map m = ComposeMerge.buildToMap(n);
    String ctxRaw = text(m.get("context"));
    if (ctxRaw == null) ctxRaw = ".";
    Path ctx = Paths.isRemote(ctxRaw) ? null : resolve(ctxRaw);
    String dfRaw = text(m.get("dockerfile"));
    String inline = text(m.get("dockerfile_inline"));
    Path df = null;
    if (inline == null && ctx != null) df = ctx.resolve(dfRaw == null ? "Dockerfile" : dfRaw).normalize();
    Map<String, Located<String>> args = new LinkedHashMap<>();
    YNode a = m.get("args");
    if (a != null) {
      for (YNode.Entry e : ComposeMerge.toMap(a).entries().values()) {
        String v = e.value() instanceof YNode.Scalar s && !s.isNull() ? s.value() : variables.get(e.key());
        if (v == null) continue;
        args.put(e.key(), new Located<>(v, e.keyLocation()));
        argsOut.put(e.key(), v);
      }
    }
    Located<String> target = str(m, "target");
    Dockerfile parsed = null;
    if (inline != null) {
      parsed = DockerfileParser.parse(projectDir.resolve("<dockerfile_inline:" + path + ">"), inline, argsOut);
    } else if (df != null && Files.isRegularFile(df)) {
      try {
        parsed = DockerfileParser.parse(df, YamlReader.readText(df), argsOut);
      } catch (UserError e) {
        warnings.add(new LoadWarning("cannot read Dockerfile: " + e.getMessage(), new SourceLocation(df, 0, 0)));
      }
    }
    DockerIgnore ignore = null;
    if (ctx != null && Files.isDirectory(ctx)) {
      try {
        ignore = DockerIgnoreParser.forBuild(ctx, df);
      } catch (UserError e) {
        warnings.add(new LoadWarning("cannot read .dockerignore: " + e.getMessage(), e.location()));
      }
    }
    return new Build(ctxRaw, ctx, dfRaw, df, inline, args, target, n.location(), parsed, ignore);
  }

  // ---- ports / expose

  private List<PortBinding> ports(YNode n, String path) {
    List<PortBinding> out = new ArrayList<>();
    if (!(n instanceof YNode.Seq q)) {
      if (n != null && !(n instanceof YNode.Scalar s && s.isNull())) throw bad(n, path + ".ports", "must be a list");
      return out;
    }
    for (YNode i : q.items()) {
      if (i instanceof YNode.Scalar s) {
        try {
          for (ShortSyntax.Port p : ShortSyntax.ports(s.value())) out.add(new PortBinding(p.target(), p.published(), p.hostIp(), p.protocol(), null, s.location()));
        } catch (IllegalArgumentException e) {
          throw bad(i, path + ".ports", e.getMessage());
        }
      } else if (i instanceof YNode.Map m) {
        String t = text(m.get("target"));
        if (t == null) throw bad(i, path + ".ports", "a long-syntax port needs target");
        String pub = text(m.get("published"));
        String proto = text(m.get("protocol"));
        String ip = text(m.get("host_ip"));
        String mode = text(m.get("mode"));
        try {
          int[] tr = ShortSyntax.range(t, t);
          if (pub == null || pub.isEmpty()) {
            for (int k = tr[0]; k <= tr[1]; k++) out.add(new PortBinding(k, null, ip, proto == null ? "tcp" : proto, mode, m.location()));
          } else {
            int[] pr = ShortSyntax.range(pub, pub);
            for (int k = 0; k <= tr[1] - tr[0]; k++) {
              out.add(new PortBinding(tr[0] + k, Math.min(pr[0] + k, pr[1]), ip, proto == null ? "tcp" : proto, mode, m.location()));
            }
          }
        } catch (IllegalArgumentException e) {
          throw bad(i, path + ".ports", e.getMessage());
        }
      }
    }
    return out;
  }

  private static List<Located<String>> expose(YNode n) {
    List<Located<String>> out = new ArrayList<>();
    if (n instanceof YNode.Seq q) for (YNode i : q.items()) if (text(i) != null) out.add(new Located<>(text(i), i.location()));
    return out;
  }

  // ---- volumes

  private List<VolumeMount> volumes(YNode n, String path) {
    List<VolumeMount> out = new ArrayList<>();
    if (!(n instanceof YNode.Seq q)) return out;
    for (YNode i : q.items()) {
      if (i instanceof YNode.Scalar s) {
        ShortSyntax.Volume v;
        try {
          v = ShortSyntax.volume(s.value());
        } catch (IllegalArgumentException e) {
          throw bad(i, path + ".volumes", e.getMessage());
        }
        boolean ro = v.mode() != null && List.of(v.mode().split(",")).contains("ro");
        if (v.type().equals("bind")) out.add(new VolumeMount(VolumeMount.Type.BIND, v.source(), resolve(v.source()), v.target(), ro, s.location()));
        else out.add(new VolumeMount(VolumeMount.Type.VOLUME, v.source(), null, v.target(), ro, s.location()));
      } else if (i instanceof YNode.Map m) {
        String type = text(m.get("type"));
        String source = text(m.get("source"));
        String target = text(m.get("target"));
        if (type == null) type = source != null && ShortSyntax.isPath(source) ? "bind" : "volume";
        VolumeMount.Type t;
        try {
          t = VolumeMount.Type.valueOf(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          YNode tn = m.get("type") == null ? m : m.get("type");
          throw bad(tn, path + ".volumes", "unknown volume type '" + type + "' (use bind, volume, tmpfs, npipe or cluster)");
        }
        Path host = t == VolumeMount.Type.BIND && source != null ? resolve(source) : null;
        out.add(new VolumeMount(t, source, host, target, bool(m.get("read_only")), m.location()));
      }
    }
    return out;
  }

  // ---- depends_on, networks

  private static Map<String, Dependency> dependsOn(YNode n, String path) {
    Map<String, Dependency> out = new LinkedHashMap<>();
    if (n == null) return out;
    if (n instanceof YNode.Seq q) {
      for (YNode i : q.items()) {
        if (text(i) != null) out.put(text(i), new Dependency(text(i), Dependency.Condition.SERVICE_STARTED, false, true, false, i.location()));
      }
    } else if (n instanceof YNode.Map m) {
      for (YNode.Entry e : m.entries().values()) {
        Dependency.Condition c = Dependency.Condition.SERVICE_STARTED;
        boolean restart = false;
        boolean required = true;
        if (e.value() instanceof YNode.Map d) {
          String cond = text(d.get("condition"));
          if (cond != null) {
            try {
              c = Dependency.Condition.parse(cond);
            } catch (IllegalArgumentException ex) {
              throw bad(d.get("condition"), path + ".depends_on." + e.key() + ".condition",
                  "unknown condition '" + cond + "' (use service_started, service_healthy or service_completed_successfully)");
            }
          }
          restart = bool(d.get("restart"));
          required = d.get("required") == null || bool(d.get("required"));
        }
        out.put(e.key(), new Dependency(e.key(), c, restart, required, false, e.keyLocation()));
      }
    } else {
      throw bad(n, path + ".depends_on", "must be a list of services or a mapping");
    }
    return out;
  }

  private static Map<String, NetworkAttachment> networks(YNode n) {
    Map<String, NetworkAttachment> out = new LinkedHashMap<>();
    if (n == null) return out;
    for (YNode.Entry e : ComposeMerge.namesToMap(n).entries().values()) {
      List<String> aliases = e.value() instanceof YNode.Map m ? stringList(m.get("aliases")) : List.of();
      out.put(e.key(), new NetworkAttachment(e.key(), aliases, e.keyLocation()));
    }
    return out;
  }

  private static Map<String, String> labels(YNode n) {
    Map<String, String> out = new LinkedHashMap<>();
    if (n == null) return out;
    for (YNode.Entry e : ComposeMerge.toMap(n).entries().values()) {
      out.put(e.key(), text(e.value()) == null ? "" : text(e.value()));
    }
    return out;
  }

  // ---- healthcheck

  private static Healthcheck healthcheck(YNode n, String path) {
    if (!(n instanceof YNode.Map m)) return null;
    String p = path + ".healthcheck";
    boolean disabled = bool(m.get("disable"));
    List<String> test = new ArrayList<>();
    YNode t = m.get("test");
    if (t instanceof YNode.Seq q) {
      for (YNode i : q.items()) test.add(text(i) == null ? "" : text(i));
    } else if (text(t) != null) {
      test.add("CMD-SHELL");
      test.add(text(t));
    }
    if (!test.isEmpty() && test.get(0).equals("NONE")) disabled = true;
    if (disabled) test = new ArrayList<>(List.of("NONE"));
    if (!test.isEmpty() && !List.of("CMD", "CMD-SHELL", "NONE").contains(test.get(0))) {
      throw bad(t, p + ".test", "a test list starts with CMD, CMD-SHELL or NONE (got '" + test.get(0) + "')");
    }
    return new Healthcheck(
        List.copyOf(test),
        dur(m.get("interval"), p + ".interval"),
        dur(m.get("timeout"), p + ".timeout"),
        m.get("retries") == null || text(m.get("retries")) == null ? null : intValue(m.get("retries"), p + ".retries"),
        dur(m.get("start_period"), p + ".start_period"),
        dur(m.get("start_interval"), p + ".start_interval"),
        disabled,
        m.location());
  }

  static Duration dur(YNode n, String path) {
    String t = text(n);
    if (t == null) return null;
    try {
      return ShortSyntax.duration(t);
    } catch (IllegalArgumentException e) {
      throw bad(n, path, e.getMessage());
    }
  }

  static int intValue(YNode n, String path) {
    try {
      return Integer.parseInt(text(n).trim());
    } catch (NumberFormatException e) {
      throw bad(n, path, "must be a whole number (got '" + text(n) + "')");
    }
  }

  // ---- resources

  private static Resources resources(YNode.Map m, String path) {
    Long mem = null;
    Double cpu = null;
    Long memRes = null;
    Double cpuRes = null;
    SourceLocation at = SourceLocation.UNKNOWN;
    if (m.get("deploy") instanceof YNode.Map d && d.get("resources") instanceof YNode.Map r) {
      at = r.location();
      if (r.get("limits") instanceof YNode.Map l) {
        mem = size(l.get("memory"), path + ".deploy.resources.limits.memory");
        cpu = cpus(l.get("cpus"), path + ".deploy.resources.limits.cpus");
      }
      if (r.get("reservations") instanceof YNode.Map l) {
        memRes = size(l.get("memory"), path + ".deploy.resources.reservations.memory");
        cpuRes = cpus(l.get("cpus"), path + ".deploy.resources.reservations.cpus");
      }
    }
    if (mem == null && m.get("mem_limit") != null) {
      mem = size(m.get("mem_limit"), path + ".mem_limit");
      at = m.keyLocation("mem_limit");
    }
    if (memRes == null && m.get("mem_reservation") != null) memRes = size(m.get("mem_reservation"), path + ".mem_reservation");
    if (cpu == null && m.get("cpus") != null) {
      cpu = cpus(m.get("cpus"), path + ".cpus");
      if (!at.known()) at = m.keyLocation("cpus");
    }
    if (mem == null && cpu == null && memRes == null && cpuRes == null) return Resources.NONE;
    return new Resources(mem, cpu, memRes, cpuRes, at);
  }

  static Long size(YNode n, String path) {
    String t = text(n);
    if (t == null) return null;
    try {
      return ShortSyntax.bytes(t);
    } catch (IllegalArgumentException e) {
      throw bad(n, path, e.getMessage());
    }
  }

  static Double cpus(YNode n, String path) {
    String t = text(n);
    if (t == null) return null;
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw bad(n, path, "must be a number of CPUs like 0.5 (got '" + t + "')");
    }
  }

  // ---- x-flotilla

  private ServiceSettings settings(YNode n, String path) {
    if (!(n instanceof YNode.Map m)) return ServiceSettings.NONE;
    String p = path + ".x-flotilla";
    HealthProbe health = null;
    if (m.get("health") instanceof YNode.Map h) health = probe(h, p + ".health");
    ServiceSettings.Process process = null;
    if (m.get("process") instanceof YNode.Map pm) {
      Located<List<String>> cmd = command(pm.get("command"), p + ".process.command");
      String wd = text(pm.get("working_dir"));
      Map<String, String> env = new LinkedHashMap<>();
      if (pm.get("environment") != null) {
        for (YNode.Entry e : ComposeMerge.toMap(pm.get("environment")).entries().values()) env.put(e.key(), text(e.value()) == null ? "" : text(e.value()));
      }
      process = new ServiceSettings.Process(cmd == null ? List.of() : cmd.value(), wd == null ? projectDir : resolve(wd), env, pm.location());
    }
    return new ServiceSettings(health, process, YamlReader.plainMap(m));
  }

  static HealthProbe probe(YNode.Map h, String path) {
    Duration timeout = dur(h.get("timeout"), path + ".timeout");
    if (timeout == null) timeout = Duration.ofSeconds(2);
    String url = text(h.get("url"));
    if (url != null) {
      int expect = h.get("expect") == null ? 200 : intValue(h.get("expect"), path + ".expect");
      return new HealthProbe(HealthProbe.Kind.HTTP, url, expect, text(h.get("body")), null, 0, List.of(), timeout, h.location());
    }
    String tcp = text(h.get("tcp"));
    if (tcp != null) {
      int colon = tcp.lastIndexOf(':');
      String host = colon < 0 ? "127.0.0.1" : tcp.substring(0, colon);
      try {
        int port = Integer.parseInt(colon < 0 ? tcp : tcp.substring(colon + 1));
        return new HealthProbe(HealthProbe.Kind.TCP, null, 0, null, host, port, List.of(), timeout, h.location());
      } catch (NumberFormatException e) {
        throw bad(h.get("tcp"), path + ".tcp", "write host:port (got '" + tcp + "')");
      }
    }
    if (h.get("exec") != null) {
      Located<List<String>> cmd = command(h.get("exec"), path + ".exec");
      return new HealthProbe(HealthProbe.Kind.EXEC, null, 0, null, null, 0, cmd == null ? List.of() : cmd.value(), timeout, h.location());
    }
    throw bad(h, path, "a health probe needs url, tcp or exec");
  }
}
