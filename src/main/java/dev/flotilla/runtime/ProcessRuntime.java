package dev.flotilla.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flotilla.model.Service;
import dev.flotilla.model.ServiceSettings;
import dev.flotilla.model.Stack;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Each service's {@code x-flotilla.process.command} run as a local process, for development
 * without containers and for fast tests. An instance is a spec file under
 * {@code PROJECT/.flotilla/run/NAME.json} (command, working directory, environment, pid); its
 * output goes to {@code NAME.log} beside it and its exit code to {@code NAME.exit}. Processes run
 * in their own session so a Ctrl-C at the terminal reaches Flotilla, not them, and they outlive
 * the command that started them, like containers do.
 */
public final class ProcessRuntime implements Runtime {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private final Path dir;

  /** Runs "$@", records each exit code, and restarts it as FLOTILLA_RESTART says (counting in FLOTILLA_RESTARTS_FILE). */
  static final String RESTART_LOOP = """
      n=0; ms=100
      while :; do
        rm -f "$FLOTILLA_EXIT_FILE" "$FLOTILLA_RESTARTS_FILE.wait"
        "$@"; code=$?
        echo $code > "$FLOTILLA_EXIT_FILE"
        case "$FLOTILLA_RESTART" in
          always|unless-stopped) ;;
          on-failure) [ $code -ne 0 ] || exit 0 ;;
          on-failure:*) [ $code -ne 0 ] && [ $n -lt "${FLOTILLA_RESTART#on-failure:}" ] || exit 0 ;;
          *) exit 0 ;;
        esac
        n=$((n + 1)); echo $n > "$FLOTILLA_RESTARTS_FILE"; : > "$FLOTILLA_RESTARTS_FILE.wait"
        sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
        ms=$((ms * 2)); [ $ms -le 60000 ] || ms=60000
      done
      """;

  /** One recorded instance. */
  public record Spec(String name, String project, String service, String hash, String image, List<String> command, String cwd,
      Map<String, String> env, long pid, String startedAt, String created, boolean stopped, String restart) {}

  public ProcessRuntime(Path projectDir) {
    this.dir = projectDir.toAbsolutePath().resolve(".flotilla").resolve("run");
  }

  public Path directory() {
    return dir;
  }

  @Override
  public String name() {
    return "process";
  }

  @Override
  public void ping() {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new RuntimeFailure(null, "ping", "cannot create " + dir + ": " + e.getMessage(), e.getMessage(), List.of(), e);
    }
  }

  @Override
  public Image prepare(Stack stack, Service s, Consumer<String> log) {
    ServiceSettings.Process p = s.settings() == null ? null : s.settings().process();
    if (p == null || p.command().isEmpty()) {
      throw new RuntimeFailure(s.name(), "build", s.name() + " has no x-flotilla.process.command; the process runtime needs one per service",
          "no x-flotilla.process.command", List.of(), null);
    }
    return new Image("process:" + p.command().get(0), "sha256:" + sha(String.join("\u0000", p.command())));
  }

  @Override
  public Image pin(Image image, long deploymentId) {
    return image;
  }

  @Override
  public Instance create(Stack stack, Service s, Image image, String configHash) {
    ServiceSettings.Process p = s.settings().process();
    String name = Runtime.canonicalName(stack.name(), s.name());
    Map<String, String> env = new LinkedHashMap<>(ServiceEnv.resolve(stack, s));
    env.putAll(p.environment());
    Path cwd = p.workingDir() == null ? stack.projectDir() : p.workingDir();
    Spec spec = new Spec(name, stack.name(), s.name(), configHash, image.ref(), p.command(), cwd.toString(), env, 0, null,
        Instant.now().toString(), true, s.restart() == null ? null : s.restart().value());
    try {
      Files.createDirectories(dir);
      Files.deleteIfExists(file(name, ".exit"));
      Files.deleteIfExists(file(name, ".log"));
    } catch (IOException e) {
      throw new RuntimeFailure(s.name(), "create", "cannot write " + dir + ": " + e.getMessage(), e.getMessage(), List.of(), e);
    }
    write(spec);
    return instance(spec);
  }

  @Override
  public synchronized void start(Instance i) {
    Spec spec = read(i.name()).orElseThrow(() -> new RuntimeFailure(i.service(), "start", "no such instance " + i.name(), "no such instance", List.of(), null));
    if (alive(spec)) return;
    List<String> argv = new ArrayList<>();
    if (Files.isExecutable(SETSID)) argv.add(SETSID.toString());
    // The wrapper shell records the exit code the way an engine would, and applies the restart
    // policy as Docker does: always / unless-stopped / on-failure[:N], 100 ms back-off doubling to 1 min.
    argv.addAll(List.of("/bin/sh", "-c", RESTART_LOOP, "sh"));
    argv.addAll(spec.command());
    ProcessBuilder pb = new ProcessBuilder(argv).directory(Path.of(spec.cwd()).toFile());
    pb.environment().putAll(spec.env());
    pb.environment().put("FLOTILLA_EXIT_FILE", file(i.name(), ".exit").toString());
    pb.environment().put("FLOTILLA_RESTARTS_FILE", file(i.name(), ".restarts").toString());
    pb.environment().put("FLOTILLA_RESTART", spec.restart() == null ? "no" : spec.restart());
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(file(i.name(), ".log").toFile()));
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    try {
      Files.deleteIfExists(file(i.name(), ".exit"));
      Files.deleteIfExists(file(i.name(), ".restarts"));
      Files.deleteIfExists(file(i.name(), ".restarts.wait"));
      Process proc = pb.start();
      String started = proc.info().startInstant().map(Instant::toString).orElse(Instant.now().toString());
      write(new Spec(spec.name(), spec.project(), spec.service(), spec.hash(), spec.image(), spec.command(), spec.cwd(), spec.env(),
          proc.pid(), started, spec.created(), false, spec.restart()));
    } catch (IOException e) {
      throw new RuntimeFailure(i.service(), "start", "starting " + spec.command().get(0) + " failed: " + e.getMessage(), e.getMessage(), List.of(), e);
    }
  }

  @Override
  public synchronized void stop(Instance i, Duration timeout) {
    Optional<Spec> spec = read(i.name());
    if (spec.isEmpty()) return;
    Spec s = spec.get();
    Optional<ProcessHandle> h = handle(s);
    if (h.isPresent()) {
      List<ProcessHandle> all = new ArrayList<>(h.get().descendants().toList());
      all.add(0, h.get());
      all.forEach(ProcessHandle::destroy);
      long deadline = System.nanoTime() + timeout.toNanos();
      // onExit() of a process that is not our child reacts slowly: poll instead
      while (System.nanoTime() < deadline && all.stream().anyMatch(ProcessHandle::isAlive)) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
    write(new Spec(s.name(), s.project(), s.service(), s.hash(), s.image(), s.command(), s.cwd(), s.env(), s.pid(), s.startedAt(), s.created(), true,
        s.restart()));
  }

  @Override
  public synchronized void remove(Instance i) {
    stop(i, Duration.ofSeconds(5));
    try {
      for (String ext : List.of(".json", ".log", ".exit", ".restarts", ".restarts.wait")) Files.deleteIfExists(file(i.name(), ext));
    } catch (IOException e) {
      throw new RuntimeFailure(i.service(), "remove", "cannot remove " + i.name() + ": " + e.getMessage(), e.getMessage(), List.of(), e);
    }
  }

  @Override
  public synchronized Instance rename(Instance i, String newName) {
    Spec s = read(i.name()).orElseThrow();
    try {
      for (String ext : List.of(".log", ".exit", ".restarts", ".restarts.wait")) {
        if (Files.exists(file(i.name(), ext))) Files.move(file(i.name(), ext), file(newName, ext), StandardCopyOption.REPLACE_EXISTING);
      }
      Spec renamed = new Spec(newName, s.project(), s.service(), s.hash(), s.image(), s.command(), s.cwd(), s.env(), s.pid(), s.startedAt(), s.created(),
          s.stopped(), s.restart());
      write(renamed);
      Files.deleteIfExists(file(i.name(), ".json"));
      return instance(renamed);
    } catch (IOException e) {
      throw new RuntimeFailure(i.service(), "rename", "cannot rename " + i.name() + ": " + e.getMessage(), e.getMessage(), List.of(), e);
    }
  }

  @Override
  public InstanceState inspect(Instance i) {
    Optional<Spec> spec = read(i.name());
    if (spec.isEmpty()) return InstanceState.gone(i.id());
    Spec s = spec.get();
    boolean running = alive(s);
    Integer exit = null;
    if (!running) {
      try {
        Path f = file(i.name(), ".exit");
        if (Files.exists(f)) exit = Integer.parseInt(Files.readString(f).trim());
      } catch (IOException | NumberFormatException e) {
        exit = null;
      }
    }
    Instant started = s.startedAt() == null ? null : Instant.parse(s.startedAt());
    int restarts = 0;
    try {
      Path f = file(i.name(), ".restarts");
      if (Files.exists(f)) restarts = Integer.parseInt(Files.readString(f).trim());
    } catch (IOException | NumberFormatException e) {
      restarts = 0;
    }
    // the wrapper in its back-off between two runs of the command
    boolean restarting = !running && handle(s).isPresent() && Files.exists(file(i.name(), ".restarts.wait"));
    String status = restarting ? "restarting" : running ? "running" : s.pid() == 0 ? "created" : exit != null ? "exited" : "stopped";
    if (!running && !s.stopped() && exit == null && s.pid() != 0) exit = 137; // killed from outside
    return new InstanceState(i.id(), true, running, restarting, status, exit, false, restarts, started, null, null, null);
  }

  @Override
  public List<String> logs(Instance i, int tail) {
    Path f = file(i.name(), ".log");
    if (!Files.exists(f)) return List.of();
    try (Stream<String> lines = Files.lines(f, StandardCharsets.UTF_8)) {
      if (tail < 0) return lines.toList();
      Deque<String> last = new ArrayDeque<>();
      lines.forEach(l -> {
        last.addLast(l);
        if (last.size() > tail) last.removeFirst();
      });
      return List.copyOf(last);
    } catch (IOException | java.io.UncheckedIOException e) {
      return List.of();
    }
  }

  @Override
  public void follow(Instance i, int tail, Consumer<String> line, BooleanSupplier stop) {
    logs(i, tail).forEach(line);
    Path f = file(i.name(), ".log");
    try {
      long pos = Files.exists(f) ? Files.size(f) : 0;
      StringBuilder partial = new StringBuilder();
      while (!stop.getAsBoolean()) {
        if (Files.exists(f) && Files.size(f) > pos) {
          try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "r")) {
            raf.seek(pos);
            byte[] buf = new byte[(int) Math.min(1 << 20, raf.length() - pos)];
            raf.readFully(buf);
            pos += buf.length;
            partial.append(new String(buf, StandardCharsets.UTF_8));
            int nl;
            while ((nl = partial.indexOf("\n")) >= 0) {
              line.accept(partial.substring(0, nl));
              partial.delete(0, nl + 1);
            }
          }
        }
        Thread.sleep(200);
      }
    } catch (IOException e) {
      // the log went away with the instance
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public Optional<Usage> usage(Instance i) {
    Optional<Spec> spec = read(i.name());
    if (spec.isEmpty()) return Optional.empty();
    Optional<ProcessHandle> h = handle(spec.get());
    if (h.isEmpty()) return Optional.empty();
    List<ProcessHandle> all = new ArrayList<>(h.get().descendants().toList());
    all.add(h.get());
    long rss = 0;
    Duration cpu = Duration.ZERO;
    for (ProcessHandle p : all) {
      rss += rssBytes(p.pid());
      cpu = cpu.plus(p.info().totalCpuDuration().orElse(Duration.ZERO));
    }
    Instant started = spec.get().startedAt() == null ? Instant.now() : Instant.parse(spec.get().startedAt());
    long wall = Math.max(1, Duration.between(started, Instant.now()).toMillis());
    return Optional.of(new Usage(100.0 * cpu.toMillis() / wall, rss, 0));
  }

  private static long rssBytes(long pid) {
    try {
      for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  @Override
  public ExecResult exec(Instance i, List<String> command, Duration timeout) {
    long t0 = System.nanoTime();
    Spec s = read(i.name()).orElse(null);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (s != null) {
      pb.directory(Path.of(s.cwd()).toFile());
      pb.environment().putAll(s.env());
    }
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      var reader = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          byte[] b = p.getInputStream().readNBytes(8192);
          return new String(b, StandardCharsets.UTF_8);
        } catch (IOException e) {
          return "";
        }
      });
      boolean done = p.waitFor(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
      if (!done) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        return new ExecResult(-1, reader.getNow(""), Duration.ofNanos(System.nanoTime() - t0), true);
      }
      String out = reader.get(1, TimeUnit.SECONDS);
      return new ExecResult(p.exitValue(), out, Duration.ofNanos(System.nanoTime() - t0), false);
    } catch (IOException e) {
      return new ExecResult(127, e.getMessage(), Duration.ofNanos(System.nanoTime() - t0), false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ExecResult(-1, "interrupted", Duration.ofNanos(System.nanoTime() - t0), true);
    } catch (Exception e) {
      return new ExecResult(-1, String.valueOf(e.getMessage()), Duration.ofNanos(System.nanoTime() - t0), true);
    }
  }

  @Override
  public List<Instance> list(String project) {
    if (!Files.isDirectory(dir)) return List.of();
    List<Instance> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        String name = f.getFileName().toString().replaceFirst("\\.json$", "");
        read(name).filter(s -> s.project().equals(project)).ifPresent(s -> out.add(instance(s)));
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  private Instance instance(Spec s) {
    boolean running = alive(s);
    Map<String, String> labels = Labels.of(s.project(), s.service(), s.hash(), s.cwd(), null);
    return new Instance(s.name(), s.name(), s.project(), s.service(), s.hash(), s.image(), running, running ? "running" : s.pid() == 0 ? "created" : "exited",
        s.created() == null ? null : Instant.parse(s.created()), labels);
  }

  private static Optional<ProcessHandle> handle(Spec s) {
    if (s.pid() <= 0) return Optional.empty();
    Optional<ProcessHandle> h = ProcessHandle.of(s.pid());
    if (h.isEmpty() || !h.get().isAlive()) return Optional.empty();
    // a reused pid belongs to another process: compare start times (to the second)
    if (s.startedAt() != null) {
      Optional<Instant> st = h.get().info().startInstant();
      if (st.isPresent() && Math.abs(st.get().getEpochSecond() - Instant.parse(s.startedAt()).getEpochSecond()) > 2) return Optional.empty();
    }
    return h;
  }

  private boolean alive(Spec s) {
    if (handle(s).isEmpty()) return false;
    // the wrapper shell writes the exit file as its last act
    return !Files.exists(file(s.name(), ".exit"));
  }

  private Path file(String name, String ext) {
    return dir.resolve(name + ext);
  }

  private Optional<Spec> read(String name) {
    Path f = file(name, ".json");
    if (!Files.exists(f)) return Optional.empty();
    try {
      return Optional.of(JSON.readValue(f.toFile(), Spec.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private void write(Spec s) {
    try {
      Files.createDirectories(dir);
      Path tmp = file(s.name(), ".json.tmp");
      JSON.writeValue(tmp.toFile(), s);
      Files.move(tmp, file(s.name(), ".json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new RuntimeFailure(s.service(), "create", "cannot write " + dir + ": " + e.getMessage(), e.getMessage(), List.of(), e);
    }
  }

  private static String sha(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {}
}
