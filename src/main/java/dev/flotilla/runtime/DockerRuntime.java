package dev.flotilla.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.flotilla.model.Healthcheck;
import dev.flotilla.model.PortBinding;
import dev.flotilla.model.Service;
import dev.flotilla.model.Stack;
import dev.flotilla.model.UserError;
import dev.flotilla.model.VolumeMount;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The Docker Engine API over its socket ({@code DOCKER_HOST} honoured) through docker-java. The
 * client does not negotiate an API version, so {@link #connect()} reads {@code /version} and pins
 * the lower of the daemon's and the client's newest (1.44): engines 20.10 (1.41) and newer work.
 */
public final class DockerRuntime implements Runtime {
  static final RemoteApiVersion CLIENT_MAX = RemoteApiVersion.VERSION_1_44;

  private final DockerClient client;
  private final DockerClientConfig config;
  private final String host;
  private final String apiVersion;

  private DockerRuntime(DockerClient client, DockerClientConfig config, String host, String apiVersion) {
    this.client = client;
    this.config = config;
    this.host = host;
    this.apiVersion = apiVersion;
  }

  /** Connects to the engine and pins the API version; an unreachable engine is exit 3. */
  public static DockerRuntime connect() {
    DockerClientConfig probe = DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withApiVersion(RemoteApiVersion.UNKNOWN_VERSION).build();
    String host = String.valueOf(probe.getDockerHost());
    String daemonApi;
    try (DockerClient c = client(probe, Duration.ofSeconds(10))) {
      daemonApi = c.versionCmd().exec().getApiVersion();
    } catch (Exception e) {
      throw UserError.unreachable("the Docker engine at " + host + " is unreachable (" + rootMessage(e)
          + "); start it, or point DOCKER_HOST at a running engine", e);
    }
    RemoteApiVersion daemon = RemoteApiVersion.parseConfigWithDefault(daemonApi);
    RemoteApiVersion pinned = daemon.isGreater(CLIENT_MAX) || !daemon.isGreaterOrEqual(RemoteApiVersion.VERSION_1_24) ? CLIENT_MAX : daemon;
    DockerClientConfig cfg = DefaultDockerClientConfig.createDefaultConfigBuilder().withApiVersion(pinned).build();
    return new DockerRuntime(client(cfg, null), cfg, host, pinned.getVersion());
  }

  private static DockerClient client(DockerClientConfig cfg, Duration responseTimeout) {
    ApacheDockerHttpClient.Builder b = new ApacheDockerHttpClient.Builder()
        .dockerHost(cfg.getDockerHost()).sslConfig(cfg.getSSLConfig()).maxConnections(64)
        .connectionTimeout(Duration.ofSeconds(5));
    if (responseTimeout != null) b.responseTimeout(responseTimeout);
    return DockerClientImpl.getInstance(cfg, b.build());
  }

  public String apiVersion() {
    return apiVersion;
  }

  @Override
  public String name() {
    return "docker";
  }

  @Override
  public void ping() {
    try {
      client.pingCmd().exec();
    } catch (Exception e) {
      throw UserError.unreachable("the Docker engine at " + host + " is unreachable (" + rootMessage(e) + ")", e);
    }
  }

  @Override
  public void warmUp() {
    try {
      var mapper = config.getObjectMapper();
      HostConfig hc = HostConfig.newHostConfig().withNetworkMode("host").withRestartPolicy(RestartPolicy.noRestart())
          .withBinds(new Bind("/tmp", new Volume("/tmp"), AccessMode.ro)).withPortBindings(new Ports());
      mapper.writeValueAsBytes(client.createContainerCmd("busybox").withName("warm-up").withLabels(Map.of("a", "b")).withEnv(List.of("A=b"))
          .withCmd(List.of("true")).withHostConfig(hc).withHealthcheck(new HealthCheck().withTest(List.of("NONE"))));
      mapper.readValue("{\"Id\":\"x\",\"Warnings\":[]}", com.github.dockerjava.api.command.CreateContainerResponse.class);
      mapper.readValue("{\"Id\":\"x\",\"State\":{\"Running\":true,\"Health\":{}},\"Config\":{},\"HostConfig\":{},\"NetworkSettings\":{}}",
          InspectContainerResponse.class);
    } catch (Exception | LinkageError e) {
      // only a warm-up
    }
    try {
      client.inspectContainerCmd("flotilla-warm-up-" + ProcessHandle.current().pid()).exec(); // answered 404: the request path
    } catch (Exception e) {
      // expected: there is no such container
    }
  }

  // ---------------------------------------------------------------- images

  /** The tag compose gives a built image without {@code image:}. */
  static String builtTag(Stack stack, Service s) {
    return s.imageName() != null ? s.imageName() : stack.name() + "_" + s.name();
  }

  @Override
  public Image prepare(Stack stack, Service s, Consumer<String> log) {
    if (s.build() != null) return build(stack, s, log);
    String ref = s.imageName();
    if (ref == null) throw new RuntimeFailure(s.name(), "build", s.name() + " has neither image nor build", null, List.of(), null);
    try {
      return new Image(ref, client.inspectImageCmd(ref).exec().getId());
    } catch (NotFoundException e) {
      // Only what is not present locally is pulled.
      try {
        client.pullImageCmd(ref).start().awaitCompletion(120, TimeUnit.SECONDS);
        return new Image(ref, client.inspectImageCmd(ref).exec().getId());
      } catch (Exception pull) {
        throw new RuntimeFailure(s.name(), "pull", "image " + ref + " is not present and could not be pulled: " + rootMessage(pull),
            rootMessage(pull), List.of(), pull);
      }
    }
  }

  private Image build(Stack stack, Service s, Consumer<String> log) {
    var b = s.build();
    String tag = builtTag(stack, s);
    List<String> output = Collections.synchronizedList(new ArrayList<>());
    if (b.dockerfileInline() != null) {
      throw new RuntimeFailure(s.name(), "build", s.name() + ": dockerfile_inline is not supported by the docker runtime yet; write the Dockerfile to a file",
          null, List.of(), null);
    }
    if (b.context() == null || !b.context().toFile().isDirectory()) {
      throw new RuntimeFailure(s.name(), "build", s.name() + ": build context " + b.contextRaw() + " does not exist", "build context not found", List.of(), null);
    }
    try {
      BuildImageCmd cmd = client.buildImageCmd().withBaseDirectory(b.context().toFile()).withPull(false).withTags(Set.of(tag))
          .withLabels(Map.of(Labels.PROJECT, stack.name(), Labels.SERVICE, s.name()));
      if (b.dockerfile() != null) cmd.withDockerfile(b.dockerfile().toFile());
      if (b.target() != null) cmd.withTarget(b.target().value());
      b.args().forEach((k, v) -> { if (v != null && v.value() != null) cmd.withBuildArg(k, v.value()); });
      String id = cmd.exec(new BuildImageResultCallback() {
        @Override
        public void onNext(BuildResponseItem item) {
          String text = item.getStream() != null ? item.getStream() : item.getErrorDetail() != null ? item.getErrorDetail().getMessage() : null;
          if (text != null) {
            for (String line : text.split("\n")) {
              if (line.isBlank()) continue;
              output.add(line.stripTrailing());
              log.accept(line.stripTrailing());
            }
          }
          super.onNext(item);
        }
      }).awaitImageId(15, TimeUnit.MINUTES);
      return new Image(tag, id.startsWith("sha256:") ? id : "sha256:" + id);
    } catch (Exception e) {
      String msg = rootMessage(e);
      List<String> out;
      synchronized (output) {
        out = List.copyOf(output);
      }
      throw new RuntimeFailure(s.name(), "build", "build of " + s.name() + " failed: " + msg, msg, out, e);
    }
  }

  @Override
  public Image pin(Image image, long deploymentId) {
    String repo = image.ref().replaceFirst(":[^:/]+$", "");
    String tag = "flotilla-" + deploymentId;
    try {
      client.tagImageCmd(image.id(), repo, tag).exec();
      return new Image(repo + ":" + tag, image.id());
    } catch (DockerException e) {
      return image;
    }
  }

  // ---------------------------------------------------------------- containers

  @Override
  public Instance create(Stack stack, Service s, Image image, String configHash) {
    String name = Runtime.canonicalName(stack.name(), s.name());
    Map<String, String> labels = new LinkedHashMap<>(s.labels());
    labels.putAll(Labels.of(stack.name(), s.name(), configHash, stack.projectDir().toString(),
        stack.files().stream().map(Object::toString).collect(Collectors.joining(","))));
    try {
      CreateContainerCmd cmd = client.createContainerCmd(image.ref()).withName(name).withLabels(labels)
          .withEnv(ServiceEnv.resolve(stack, s).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
      if (s.command() != null) cmd.withCmd(s.command().value());
      if (s.entrypoint() != null) cmd.withEntrypoint(s.entrypoint().value().isEmpty() ? List.of("") : s.entrypoint().value());
      if (s.user() != null) cmd.withUser(s.user());
      if (s.workingDir() != null) cmd.withWorkingDir(s.workingDir());
      HostConfig hc = HostConfig.newHostConfig();
      String network = s.networkMode();
      if (network == null) {
        network = ensureNetwork(stack.name() + "_default", stack.name(), "default");
        cmd.withAliases(s.name());
      }
      hc.withNetworkMode(network);
      if (!"host".equals(network)) {
        Ports ports = new Ports();
        List<ExposedPort> exposed = new ArrayList<>();
        for (PortBinding p : s.ports()) {
          ExposedPort ep = "udp".equalsIgnoreCase(p.protocol()) ? ExposedPort.udp(p.target()) : ExposedPort.tcp(p.target());
          exposed.add(ep);
          ports.bind(ep, p.published() == null ? Ports.Binding.empty()
              : p.hostIp() == null || p.hostIp().isEmpty() ? Ports.Binding.bindPort(p.published()) : Ports.Binding.bindIpAndPort(p.hostIp(), p.published()));
        }
        if (!exposed.isEmpty()) {
          cmd.withExposedPorts(exposed);
          hc.withPortBindings(ports);
        }
      }
      List<Bind> binds = new ArrayList<>();
      Map<String, String> tmpfs = new LinkedHashMap<>();
      for (VolumeMount v : s.volumes()) {
        AccessMode mode = v.readOnly() ? AccessMode.ro : AccessMode.rw;
        switch (v.type()) {
          case BIND -> binds.add(new Bind(v.hostPath().toString(), new Volume(v.target()), mode));
          case VOLUME -> {
            if (v.source() == null || v.source().isEmpty()) binds.add(new Bind(null, new Volume(v.target())));
            else binds.add(new Bind(ensureVolume(stack, v.source()), new Volume(v.target()), mode));
          }
          case TMPFS -> tmpfs.put(v.target(), "");
          default -> { }
        }
      }
      if (!binds.isEmpty()) hc.withBinds(binds);
      if (!tmpfs.isEmpty()) hc.withTmpFs(tmpfs);
      if (s.restart() != null && s.restart().value() != null) hc.withRestartPolicy(RestartPolicy.parse(s.restart().value()));
      if (s.resources() != null) {
        if (s.resources().memoryLimitBytes() != null) hc.withMemory(s.resources().memoryLimitBytes());
        if (s.resources().memoryReservationBytes() != null) hc.withMemoryReservation(s.resources().memoryReservationBytes());
        if (s.resources().cpuLimit() != null) hc.withNanoCPUs((long) (s.resources().cpuLimit() * 1e9));
      }
      if (s.privileged()) hc.withPrivileged(true);
      cmd.withHostConfig(hc);
      if (s.healthcheck() != null) cmd.withHealthcheck(healthcheck(s.healthcheck()));
      String id = cmd.exec().getId();
      return new Instance(id, name, stack.name(), s.name(), configHash, image.ref(), false, "created", Instant.now(), labels);
    } catch (DockerException | IllegalArgumentException e) {
      throw new RuntimeFailure(s.name(), "create", "creating " + name + " failed: " + rootMessage(e), rootMessage(e), List.of(), e);
    }
  }

  private static HealthCheck healthcheck(Healthcheck h) {
    HealthCheck hc = new HealthCheck().withTest(h.disabled() ? List.of("NONE") : h.test());
    if (h.interval() != null) hc.withInterval(h.interval().toNanos());
    if (h.timeout() != null) hc.withTimeout(h.timeout().toNanos());
    if (h.retries() != null) hc.withRetries(h.retries());
    if (h.startPeriod() != null) hc.withStartPeriod(h.startPeriod().toNanos());
    return hc;
  }

  private String ensureNetwork(String name, String project, String key) {
    boolean exists = client.listNetworksCmd().withNameFilter(name).exec().stream().anyMatch(n -> n.getName().equals(name));
    if (!exists) {
      client.createNetworkCmd().withName(name)
          .withLabels(Map.of(Labels.PROJECT, project, "com.docker.compose.network", key, Labels.MANAGED_BY, "flotilla")).exec();
    }
    return name;
  }

  private String ensureVolume(Stack stack, String source) {
    var def = stack.volumes().get(source);
    if (def == null) return source; // a host path or an outside volume name
    String name = stack.name() + "_" + source;
    try {
      client.inspectVolumeCmd(name).exec();
    } catch (NotFoundException e) {
      client.createVolumeCmd().withName(name)
          .withLabels(Map.of(Labels.PROJECT, stack.name(), "com.docker.compose.volume", source, Labels.MANAGED_BY, "flotilla")).exec();
    }
    return name;
  }

  @Override
  public void start(Instance i) {
    try {
      client.startContainerCmd(i.id()).exec();
    } catch (NotModifiedException e) {
      // already running
    } catch (DockerException e) {
      throw new RuntimeFailure(i.service(), "start", "starting " + i.name() + " failed: " + rootMessage(e), rootMessage(e), List.of(), e);
    }
  }

  @Override
  public void stop(Instance i, Duration timeout) {
    try {
      client.stopContainerCmd(i.id()).withTimeout((int) Math.max(0, timeout.toSeconds())).exec();
    } catch (NotModifiedException | NotFoundException e) {
      // already stopped or gone
    } catch (DockerException e) {
      throw new RuntimeFailure(i.service(), "stop", "stopping " + i.name() + " failed: " + rootMessage(e), rootMessage(e), List.of(), e);
    }
  }

  @Override
  public void remove(Instance i) {
    try {
      client.removeContainerCmd(i.id()).withForce(true).withRemoveVolumes(false).exec();
    } catch (NotFoundException e) {
      // gone already
    } catch (DockerException e) {
      if (rootMessage(e).contains("already in progress")) return;
      throw new RuntimeFailure(i.service(), "remove", "removing " + i.name() + " failed: " + rootMessage(e), rootMessage(e), List.of(), e);
    }
  }

  @Override
  public Instance rename(Instance i, String newName) {
    try {
      client.renameContainerCmd(i.id()).withName(newName).exec();
    } catch (DockerException e) {
      throw new RuntimeFailure(i.service(), "rename", "renaming " + i.name() + " to " + newName + " failed: " + rootMessage(e), rootMessage(e), List.of(), e);
    }
    return new Instance(i.id(), newName, i.project(), i.service(), i.configHash(), i.image(), i.running(), i.status(), i.created(), i.labels());
  }

  @Override
  public InstanceState inspect(Instance i) {
    InspectContainerResponse r;
    try {
      r = client.inspectContainerCmd(i.id()).exec();
    } catch (NotFoundException e) {
      return InstanceState.gone(i.id());
    }
    var st = r.getState();
    String health = st.getHealth() == null ? null : st.getHealth().getStatus();
    Integer restarts = r.getRestartCount();
    return new InstanceState(i.id(), true, Boolean.TRUE.equals(st.getRunning()), Boolean.TRUE.equals(st.getRestarting()), st.getStatus(),
        Boolean.TRUE.equals(st.getRunning()) ? null : st.getExitCode(), Boolean.TRUE.equals(st.getOOMKilled()),
        restarts == null ? 0 : restarts, time(st.getStartedAt()), time(st.getFinishedAt()), health,
        st.getError() == null || st.getError().isEmpty() ? null : st.getError());
  }

  private static Instant time(String t) {
    if (t == null || t.isEmpty() || t.startsWith("0001-")) return null;
    try {
      return Instant.parse(t);
    } catch (RuntimeException e) {
      return null;
    }
  }

  // ---------------------------------------------------------------- logs, usage, exec

  /** Collects frames into whole lines. */
  private static final class Lines extends ResultCallback.Adapter<Frame> {
    private final Consumer<String> sink;
    private final StringBuilder partial = new StringBuilder();

    Lines(Consumer<String> sink) {
      this.sink = sink;
    }

    @Override
    public synchronized void onNext(Frame f) {
      partial.append(new String(f.getPayload(), StandardCharsets.UTF_8));
      int nl;
      while ((nl = partial.indexOf("\n")) >= 0) {
        sink.accept(partial.substring(0, nl).stripTrailing());
        partial.delete(0, nl + 1);
      }
    }

    synchronized void flush() {
      if (partial.length() > 0) sink.accept(partial.toString());
      partial.setLength(0);
    }
  }

  @Override
  public List<String> logs(Instance i, int tail) {
    List<String> out = Collections.synchronizedList(new ArrayList<>());
    try {
      var cmd = client.logContainerCmd(i.id()).withStdOut(true).withStdErr(true);
      if (tail >= 0) cmd.withTail(tail);
      Lines lines = cmd.exec(new Lines(out::add));
      lines.awaitCompletion(20, TimeUnit.SECONDS);
      lines.flush();
    } catch (NotFoundException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (out) {
      return List.copyOf(out);
    }
  }

  @Override
  public void follow(Instance i, int tail, Consumer<String> line, BooleanSupplier stop) {
    var cmd = client.logContainerCmd(i.id()).withStdOut(true).withStdErr(true).withFollowStream(true);
    if (tail >= 0) cmd.withTail(tail);
    Lines lines = cmd.exec(new Lines(line));
    try {
      while (!stop.getAsBoolean()) {
        if (lines.awaitCompletion(200, TimeUnit.MILLISECONDS)) break;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(lines);
    }
  }

  @Override
  public Optional<Usage> usage(Instance i) {
    try {
      Statistics[] got = new Statistics[1];
      var cb = client.statsCmd(i.id()).withNoStream(true).exec(new ResultCallback.Adapter<Statistics>() {
        @Override
        public void onNext(Statistics s) {
          got[0] = s;
        }
      });
      cb.awaitCompletion(5, TimeUnit.SECONDS);
      Statistics s = got[0];
      if (s == null || s.getCpuStats() == null) return Optional.empty();
      double cpu = 0;
      var now = s.getCpuStats();
      var pre = s.getPreCpuStats();
      if (pre != null && now.getCpuUsage() != null && pre.getCpuUsage() != null && now.getSystemCpuUsage() != null && pre.getSystemCpuUsage() != null) {
        long cpuDelta = now.getCpuUsage().getTotalUsage() - pre.getCpuUsage().getTotalUsage();
        long sysDelta = now.getSystemCpuUsage() - pre.getSystemCpuUsage();
        long cpus = now.getOnlineCpus() == null ? 1 : now.getOnlineCpus();
        if (sysDelta > 0 && cpuDelta > 0) cpu = (double) cpuDelta / sysDelta * cpus * 100.0;
      }
      long mem = s.getMemoryStats() == null || s.getMemoryStats().getUsage() == null ? 0 : s.getMemoryStats().getUsage();
      long limit = s.getMemoryStats() == null || s.getMemoryStats().getLimit() == null ? 0 : s.getMemoryStats().getLimit();
      return Optional.of(new Usage(cpu, mem, limit));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  @Override
  public ExecResult exec(Instance i, List<String> command, Duration timeout) {
    long t0 = System.nanoTime();
    StringBuilder out = new StringBuilder();
    try {
      String execId = client.execCreateCmd(i.id()).withCmd(command.toArray(String[]::new)).withAttachStdout(true).withAttachStderr(true).exec().getId();
      Lines lines = client.execStartCmd(execId).exec(new Lines(l -> {
        synchronized (out) {
          if (out.length() < 8192) out.append(l).append('\n');
        }
      }));
      boolean done = lines.awaitCompletion(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
      lines.flush();
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      if (!done) {
        closeQuietly(lines);
        return new ExecResult(-1, out.toString(), took, true);
      }
      Long code = client.inspectExecCmd(execId).exec().getExitCodeLong();
      return new ExecResult(code == null ? -1 : code.intValue(), out.toString(), took, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ExecResult(-1, "interrupted", Duration.ofNanos(System.nanoTime() - t0), true);
    } catch (DockerException e) {
      return new ExecResult(126, rootMessage(e), Duration.ofNanos(System.nanoTime() - t0), false);
    }
  }

  @Override
  public List<Instance> list(String project) {
    List<Instance> out = new ArrayList<>();
    for (Container c : client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.PROJECT, project)).exec()) {
      Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
      if ("True".equalsIgnoreCase(labels.get(Labels.ONEOFF))) continue;
      String name = c.getNames() == null || c.getNames().length == 0 ? c.getId() : c.getNames()[0].replaceFirst("^/", "");
      out.add(new Instance(c.getId(), name, project, labels.get(Labels.SERVICE), labels.get(Labels.CONFIG_HASH), c.getImage(),
          "running".equals(c.getState()), c.getStatus(), c.getCreated() == null ? null : Instant.ofEpochSecond(c.getCreated()), labels));
    }
    return out;
  }

  /** Published host ports of an instance, for status. */
  public List<String> ports(Instance i) {
    try {
      var ports = client.inspectContainerCmd(i.id()).exec().getNetworkSettings().getPorts();
      List<String> out = new ArrayList<>();
      if (ports != null) {
        ports.getBindings().forEach((ep, bindings) -> {
          if (bindings != null) for (var b : bindings) out.add(b.getHostIp() + ":" + b.getHostPortSpec() + "->" + ep.getPort() + "/" + ep.getProtocol());
        });
      }
      return out;
    } catch (Exception e) {
      return List.of();
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    String m = e.getMessage();
    if (m == null || m.isBlank()) m = t.getMessage();
    if (m == null) m = t.getClass().getSimpleName();
    // docker-java wraps the engine's JSON answer: keep its message
    m = m.replaceAll("(?s)^Status \\d+: \\{\"message\":\"(.*)\"\\}\\s*$", "$1").strip();
    return m;
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException e) {
      // the socket goes away with the process
    }
  }
}
