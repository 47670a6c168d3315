package dev.flotilla.testing;

import dev.flotilla.model.Build;
import dev.flotilla.model.Dependency;
import dev.flotilla.model.EnvVar;
import dev.flotilla.model.HealthProbe;
import dev.flotilla.model.Healthcheck;
import dev.flotilla.model.Located;
import dev.flotilla.model.PortBinding;
import dev.flotilla.model.ProjectSettings;
import dev.flotilla.model.Resources;
import dev.flotilla.model.Service;
import dev.flotilla.model.ServiceSettings;
import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.Stack;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds {@link Stack}s by hand for unit tests that must not depend on the loader. */
public final class TestStacks {
  private TestStacks() {}

  public static final class S {
    final String name;
    String image;
    Build build;
    List<String> command;
    final Map<String, EnvVar> env = new LinkedHashMap<>();
    final List<PortBinding> ports = new ArrayList<>();
    final List<Located<String>> expose = new ArrayList<>();
    final Map<String, Dependency> deps = new LinkedHashMap<>();
    Healthcheck healthcheck;
    String networkMode;
    HealthProbe probe;
    ServiceSettings.Process process;
    Map<String, Object> raw = new LinkedHashMap<>();
    final Map<String, String> labels = new LinkedHashMap<>();

    S(String name) {
      this.name = name;
    }

    public S image(String i) { image = i; return this; }
    public S build(Path context) {
      build = new Build(context.toString(), context, "Dockerfile", context.resolve("Dockerfile"), null, Map.of(), null, SourceLocation.UNKNOWN, null, null);
      return this;
    }
    public S command(String... c) { command = List.of(c); return this; }
    public S env(String k, String v) { env.put(k, new EnvVar(k, v, SourceLocation.of(Path.of("compose.yaml"), 1))); return this; }
    public S port(int published, int target) { ports.add(new PortBinding(target, published, "127.0.0.1", "tcp", null, SourceLocation.UNKNOWN)); return this; }
    public S expose(int p) { expose.add(Located.unknown(String.valueOf(p))); return this; }
    public S dependsOn(String other) {
      deps.put(other, new Dependency(other, Dependency.Condition.SERVICE_HEALTHY, false, true, false, SourceLocation.of(Path.of("compose.yaml"), 2)));
      return this;
    }
    public S hostNetwork() { networkMode = "host"; return this; }
    public S healthcheck(String shell, Duration interval, Duration startPeriod) {
      healthcheck = new Healthcheck(List.of("CMD-SHELL", shell), interval, Duration.ofSeconds(2), 3, startPeriod, null, false, SourceLocation.UNKNOWN);
      return this;
    }
    public S http(String url) { probe = new HealthProbe(HealthProbe.Kind.HTTP, url, 200, null, null, 0, List.of(), Duration.ofSeconds(1), SourceLocation.UNKNOWN); return this; }
    public S tcp(int port) { probe = new HealthProbe(HealthProbe.Kind.TCP, null, 0, null, "127.0.0.1", port, List.of(), Duration.ofSeconds(1), SourceLocation.UNKNOWN); return this; }
    public S process(Path cwd, String... cmd) { process = new ServiceSettings.Process(List.of(cmd), cwd, Map.of(), SourceLocation.UNKNOWN); return this; }
    public S setting(String k, Object v) { raw.put(k, v); return this; }

    public Service toService() {
      return new Service(name, SourceLocation.of(Path.of("compose.yaml"), 1), image == null ? null : Located.unknown(image), build,
          command == null ? null : Located.unknown(command), null, env, List.of(), ports, expose, List.of(), deps, healthcheck,
          Map.of(), networkMode, null, Resources.NONE, List.of(), false, null, null, null, labels,
          new ServiceSettings(probe, process, raw), Map.of(), Map.of());
    }
  }

  public static S service(String name) {
    return new S(name);
  }

  public static Stack stack(String name, Path dir, S... services) {
    return stack(name, dir, List.of(), services);
  }

  public static Stack stack(String name, Path dir, List<List<String>> phases, S... services) {
    Map<String, Service> m = new LinkedHashMap<>();
    for (S s : services) m.put(s.name, s.toService());
    ProjectSettings settings = new ProjectSettings(phases, SourceLocation.of(Path.of("compose.yaml"), 1), null, Map.of());
    return new Stack(name, dir, List.of(dir.resolve("compose.yaml")), m, Map.of(), Map.of(), Map.of(), Map.of(), Set.of(), settings, Map.of(), List.of());
  }

  /**
   * A project of one service, {@code app}, run by the process runtime as {@code sh -c COMMAND},
   * written to {@code dir/compose.yaml} and loaded. {@code serviceLine} is added to the service
   * (say a {@code restart:} policy), {@code flotillaLine} to its {@code x-flotilla} (say a health URL);
   * either may be empty.
   */
  public static Stack processApp(Path dir, String project, String command, String serviceLine, String flotillaLine) throws java.io.IOException {
    java.nio.file.Files.writeString(dir.resolve("compose.yaml"), """
        name: PROJECT
        services:
          app:
            image: busybox
            SERVICE_LINE
            x-flotilla:
              process: { command: [sh, -c, "CMD"] }
              FLOTILLA_LINE
        """.replace("PROJECT", project).replace("CMD", command).replace("SERVICE_LINE", serviceLine).replace("FLOTILLA_LINE", flotillaLine));
    return dev.flotilla.load.Loader.load(dev.flotilla.load.LoadOptions.ofDirectory(dir));
  }
}
