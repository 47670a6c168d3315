package dev.flotilla.deploy;

import dev.flotilla.check.CheckOptions;
import dev.flotilla.check.CheckResult;
import dev.flotilla.check.Checker;
import dev.flotilla.check.Finding;
import dev.flotilla.diagnose.Diagnoser;
import dev.flotilla.diagnose.Diagnosis;
import dev.flotilla.diagnose.DiagnosisContext;
import dev.flotilla.diagnose.Failure;
import dev.flotilla.load.LoadOptions;
import dev.flotilla.model.Category;
import dev.flotilla.model.Redactor;
import dev.flotilla.model.Service;
import dev.flotilla.model.Severity;
import dev.flotilla.model.Stack;
import dev.flotilla.model.Tasks;
import dev.flotilla.model.UserError;
import dev.flotilla.plan.Phase;
import dev.flotilla.plan.Plan;
import dev.flotilla.plan.Planner;
import dev.flotilla.runtime.ConfigHash;
import dev.flotilla.runtime.Instance;
import dev.flotilla.runtime.InstanceState;
import dev.flotilla.runtime.Labels;
import dev.flotilla.runtime.Runtime;
import dev.flotilla.runtime.RuntimeFailure;
import dev.flotilla.runtime.ServiceEnv;
import dev.flotilla.track.Event;
import dev.flotilla.track.HealthSample;
import dev.flotilla.track.NewDeployment;
import dev.flotilla.track.NewError;
import dev.flotilla.track.Outcome;
import dev.flotilla.track.Store;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Deploys a stack phase by phase on a {@link Runtime}: preflight (engine, check findings, disk,
 * outside dependencies, host ports), images prepared before anything is touched, then each phase
 * started in parallel and gated on health. Instances that ran before are kept aside (stopped,
 * renamed) until the whole deployment is proven; on failure the platform goes back to exactly what
 * ran before, and the report names the root failure and what it blocked. Everything is recorded
 * in the store; failures are classified by the {@link Diagnoser}.
 */
public final class Deployer {
  /** What to deploy and how. {@code rolledBackTo} marks a deploy that restores an earlier one. */
  public record Options(Set<String> services, boolean force, boolean noRollback, String environment, Long rolledBackTo, boolean skipChecks) {
    public static Options defaults() {
      return new Options(Set.of(), false, false, "development", null, false);
    }

    public Options withServices(Set<String> s) {
      return new Options(s, force, noRollback, environment, rolledBackTo, skipChecks);
    }
  }

  static final int LOG_TAIL = 50;
  static final long MIN_FREE_BYTES = 256L * 1024 * 1024;

  private final Runtime runtime;
  private final java.util.function.Supplier<Store> storeSource;
  private volatile DeployRecorder rec;
  private final java.util.function.Supplier<Diagnoser> diagnosers;
  private final HealthProber prober;
  private final DeployListener listener;
  private final AtomicBoolean cancelled = new AtomicBoolean();

  public Deployer(Runtime runtime, Store store, Diagnoser diagnoser, HealthProber prober, DeployListener listener) {
    this(runtime, () -> store, () -> diagnoser, prober, listener);
  }

  /**
   * With the store still to come: {@code store} is called on the deploy's recording thread (it may
   * wait for a store opening in the background; null records nothing). The deploy waits for it
   * only before it changes anything, and fails then if the store could not be opened.
   */
  public Deployer(Runtime runtime, java.util.function.Supplier<Store> store, java.util.function.Supplier<Diagnoser> diagnoser, HealthProber prober,
      DeployListener listener) {
    this.runtime = runtime;
    this.storeSource = store;
    this.diagnosers = diagnoser; // asked only when something fails: loading the catalogue costs start-up time
    this.prober = prober;
    this.listener = listener == null ? DeployListener.NONE : listener;
  }

  /** Asks a running deploy to stop and roll back what it started (Ctrl-C). */
  public void cancel() {
    cancelled.set(true);
  }

  /** A change this run made to one service, undone by rollback. */
  private static final class Change {
    final String service;
    final int phase;
    volatile Instance previous;
    volatile boolean previousWasRunning;
    volatile String canonicalName;
    volatile Instance created;

    Change(String service, int phase) {
      this.service = service;
      this.phase = phase;
    }
  }

  /** How one service's turn in its phase ended. */
  private record Turn(String service, boolean ok, boolean unchanged, ServiceFailure failure, Runtime.Image image, String hash) {}

  // ---------------------------------------------------------------- deploy

  public DeployResult deploy(Stack stack, Plan fullPlan, Options o) {
    return deploy(stack, fullPlan, o, null);
  }

  /** A deploy whose preflight was started already ({@code started} may be null: started here). */
  public DeployResult deploy(Stack stack, Plan fullPlan, Options o, Preflight started) {
    long t0 = System.nanoTime();
    try (DeployRecorder r = new DeployRecorder(storeSource, w -> emit("cleanup", null, 0, "warning", null, w, t0))) {
      rec = r;
      Preflight pf = started != null && started.stack == stack && started.plan == fullPlan && started.options.equals(o) ? started
          : startPreflight(stack, fullPlan, o, runtime.name());
      return deploy(stack, fullPlan, o, pf, t0);
    } finally {
      rec = null;
    }
  }

  private DeployResult deploy(Stack stack, Plan fullPlan, Options o, Preflight pf, long t0) {
    Plan plan = o.services().isEmpty() ? fullPlan : fullPlan.restrictTo(o.services());
    String project = stack.name();
    runtime.ping();
    emit("preflight", null, 0, "checking", null, "engine " + runtime.name() + " reachable", t0);
    // The preflight (check, disk, outside dependencies) runs beside what only reads the engine:
    // the project's instances, host ports, local images. Nothing changes until it has passed.
    List<Instance> listed = runtime.list(project);
    Map<String, Instance> before = current(listed);
    List<Change> changes = Collections.synchronizedList(new ArrayList<>());
    List<ServiceFailure> failures = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    List<String> started = new ArrayList<>();
    int failedPhase = 0;

    // host ports: a service that does not run yet needs its ports free
    List<ServiceFailure> portFailures = portsTaken(stack, plan, before);
    // images first, so a broken build touches nothing; a build waits for the preflight
    Map<String, Runtime.Image> images = new ConcurrentHashMap<>();
    boolean builds = plan.services().stream().anyMatch(n -> stack.services().get(n).build() != null);
    List<ServiceFailure> imageFailures = portFailures.isEmpty() && !builds ? prepareImages(stack, plan, images, t0) : List.of();
    for (String w : Tasks.await(pf.verdict)) emit("preflight", null, 0, "warning", null, w, t0);
    emit("preflight", null, 0, "ok", null, "checks, disk, " + plan.outside().size() + " outside dependencies", t0);
    if (listed.stream().anyMatch(Instance::keptAside)) {
      recoverKeptAside(project, t0);
      before = current(runtime.list(project));
      portFailures = portsTaken(stack, plan, before);
    }
    rec.startDeployment(new NewDeployment(project, o.environment(), null, runtime.name(), null, details(plan, o)));
    failures.addAll(portFailures);
    if (!failures.isEmpty()) failedPhase = failures.stream().mapToInt(ServiceFailure::phase).min().orElse(1);
    if (failures.isEmpty()) {
      failures.addAll(builds ? prepareImages(stack, plan, images, t0) : imageFailures);
      if (!failures.isEmpty()) failedPhase = failures.stream().mapToInt(ServiceFailure::phase).min().orElse(1);
    }

    long id = rec.deploymentId(); // the store is open and the deployment recorded before anything changes
    Map<String, String> hashes = new ConcurrentHashMap<>();
    Set<String> turned = ConcurrentHashMap.newKeySet();
    Ahead ahead = new Ahead();
    try {
      if (failures.isEmpty()) {
        ahead.createLaterPhases(stack, plan, before, images, changes);
        for (Phase phase : plan.phases()) {
          if (cancelled.get()) break;
          turned.addAll(phase.services());
          emit("phase.start", null, phase.number(), "starting", null, String.join(", ", phase.services()), t0);
          rec.startPhase(phase.number(), phase.services(), Instant.now());
          List<Turn> turns = runPhase(stack, phase, before, images, changes, ahead, id, t0);
          List<ServiceFailure> phaseFailures = new ArrayList<>();
          for (Turn t : turns) {
            if (t.hash() != null) hashes.put(t.service(), t.hash());
            if (t.ok()) (t.unchanged() ? unchanged : started).add(t.service());
            else if (t.failure() != null) phaseFailures.add(t.failure());
          }
          if (phaseFailures.isEmpty() && !cancelled.get()) {
            rec.finishPhase(phase.number(), Outcome.SUCCEEDED, Instant.now(), null);
            emit("phase.done", null, phase.number(), "healthy", "healthy", phase.services().size() + " healthy", t0);
            continue;
          }
          failedPhase = phase.number();
          failures.addAll(phaseFailures);
          String detail = phaseFailures.stream().filter(f -> f.reason() != ServiceFailure.Reason.INTERRUPTED).map(ServiceFailure::headline)
              .reduce((a, b) -> a + "; " + b).orElse(cancelled.get() ? "cancelled" : "failed");
          rec.finishPhase(phase.number(), cancelled.get() ? Outcome.CANCELLED : Outcome.FAILED, Instant.now(), detail);
          emit("phase.failed", null, phase.number(), "failed", null, detail, t0);
          break;
        }
      }
    } finally {
      ahead.stop(changes, turned);
    }

    boolean ok = failures.isEmpty() && !cancelled.get();
    List<ServiceFailure> roots = failures.stream().filter(f -> f.reason() != ServiceFailure.Reason.INTERRUPTED).toList();
    List<String> interrupted = failures.stream().filter(f -> f.reason() == ServiceFailure.Reason.INTERRUPTED).map(ServiceFailure::service).toList();
    Set<String> reached = new LinkedHashSet<>();
    for (Phase p : plan.phases()) if (failedPhase == 0 || p.number() <= failedPhase) reached.addAll(p.services());
    if (!ok && failedPhase == 0) failedPhase = 0;
    List<String> notStarted = new ArrayList<>();
    for (Phase p : plan.phases()) if (failedPhase > 0 && p.number() > failedPhase) notStarted.addAll(p.services());
    if (!ok && failedPhase > 0 && !roots.isEmpty() && roots.stream().allMatch(f -> f.reason() == ServiceFailure.Reason.PORT_TAKEN
        || f.reason() == ServiceFailure.Reason.BUILD_FAILED)) {
      notStarted = new ArrayList<>(plan.services()); // preflight and builds fail before anything starts
    }
    Map<String, List<String>> blocked = new LinkedHashMap<>();
    for (ServiceFailure f : roots) {
      List<String> b = new ArrayList<>();
      for (String d : plan.dependentsOf(f.service())) if (notStarted.contains(d)) b.add(d);
      blocked.put(f.service(), b);
    }

    boolean rolledBack = false;
    String rollbackProblem = null;
    if (ok) {
      for (Change c : changes) {
        if (c.previous != null) {
          try {
            runtime.remove(c.previous);
          } catch (RuntimeFailure e) {
            emit("cleanup", c.service, c.phase, "warning", null, "could not remove the previous instance: " + e.getMessage(), t0);
          }
        }
      }
      recordSuccess(stack, plan, id, images, hashes);
    } else if (!o.noRollback() && !changes.isEmpty()) {
      rollbackProblem = rollback(changes, project, id, t0);
      rolledBack = true;
    }

    for (ServiceFailure f : roots) recordError(stack, f, id, o);
    Outcome outcome = ok ? Outcome.SUCCEEDED : cancelled.get() ? Outcome.CANCELLED : rolledBack ? Outcome.ROLLED_BACK : Outcome.FAILED;
    rec.finishDeployment(outcome, Instant.now(), o.rolledBackTo());
    rec.flush();
    DeployResult r = new DeployResult(id, outcome, plan.phases().size(), ok ? 0 : failedPhase, roots, blocked, notStarted, interrupted, rolledBack,
        !changes.isEmpty(), unchanged, started, Duration.ofNanos(System.nanoTime() - t0), rollbackProblem);
    emit("deploy.done", null, 0, outcome.lower(), null, ok ? "all " + plan.services().size() + " services healthy" : String.join("; ", r.story()), t0);
    return r;
  }

  /**
   * Instances a killed deploy left aside: renamed back when their service has no instance, else
   * removed (the service's current instance is what runs now).
   */
  private void recoverKeptAside(String project, long t0) {
    List<Instance> all = runtime.list(project);
    for (Instance i : all) {
      if (!i.keptAside() || i.service() == null) continue;
      String canonical = i.name().replace(Labels.PREVIOUS_SUFFIX, "");
      boolean hasCurrent = all.stream().anyMatch(o -> !o.keptAside() && canonical.equals(o.name()));
      try {
        if (hasCurrent) {
          runtime.remove(i);
          emit("cleanup", i.service(), 0, "removed", null, "removed " + i.name() + " left by an interrupted deploy", t0);
        } else {
          runtime.rename(i, canonical);
          emit("cleanup", i.service(), 0, "restored", null, "renamed " + i.name() + " (left by an interrupted deploy) back", t0);
        }
      } catch (RuntimeFailure e) {
        emit("cleanup", i.service(), 0, "warning", null, e.getMessage(), t0);
      }
    }
  }

  private static Map<String, Instance> current(List<Instance> listed) {
    Map<String, Instance> m = new LinkedHashMap<>();
    for (Instance i : listed) {
      if (i.service() == null || i.keptAside()) continue;
      m.putIfAbsent(i.service(), i);
    }
    return m;
  }

  // ---------------------------------------------------------------- preflight

  /** The preflight's verdict: throws what blocks the deploy, returns the warnings to report. */
  private static List<String> preflight(Stack stack, Plan plan, Options o, String runtimeName) {
    List<String> warnings = new ArrayList<>();
    if (!o.skipChecks()) {
      CheckResult checked = new Checker().check(stack, CheckOptions.DEFAULT);
      List<Finding> blocking = checked.findings().stream()
          .filter(f -> f.severity().compareTo(Severity.HIGH) <= 0)
          .filter(f -> f.service() == null || plan.services().contains(f.service()))
          .toList();
      if (!blocking.isEmpty()) {
        if (!o.force()) {
          Finding f = blocking.get(0);
          throw new UserError(UserError.Kind.FAILED, f.location(), "preflight: " + blocking.size() + " check finding(s) at HIGH or above block the deploy; first: "
              + f.code() + " " + f.message() + " (run 'flotilla check' for all, fix them, or deploy anyway with --force)");
        }
        warnings.add(blocking.size() + " HIGH+ check finding(s) ignored (--force)");
      }
    }
    try {
      var fs = Files.getFileStore(stack.projectDir());
      if (fs.getUsableSpace() < MIN_FREE_BYTES) {
        throw new UserError(UserError.Kind.FAILED, null, "preflight: only " + (fs.getUsableSpace() >> 20) + " MiB free on " + fs
            + "; free some disk space (docker system prune) before deploying");
      }
      Path dockerRoot = Path.of("/var/lib/docker");
      if ("docker".equals(runtimeName) && Files.isDirectory(dockerRoot)) {
        var dfs = Files.getFileStore(dockerRoot);
        if (dfs.getUsableSpace() < MIN_FREE_BYTES) {
          throw new UserError(UserError.Kind.FAILED, null, "preflight: only " + (dfs.getUsableSpace() >> 20) + " MiB free for the Docker engine ("
              + dockerRoot + "); free some disk space (docker system prune) before deploying");
        }
      }
    } catch (IOException e) {
      // cannot tell: go on
    }
    for (Plan.OutsideEndpoint e : plan.outside()) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(e.host(), e.port()), 1500);
      } catch (IOException ex) {
        throw UserError.unreachable("preflight: " + e.service() + " needs " + e.host() + ":" + e.port() + " (" + e.variable()
            + "), which is not a service of this project and does not answer (" + ex.getMessage() + "); start it or fix " + e.variable(), ex);
      }
    }
    return warnings;
  }

  /**
   * A preflight (check, disk, outside dependencies) started before the deploy, as soon as the
   * project is loaded: {@code flotilla up} starts it while it still waits for the engine's
   * connection. {@link #deploy(Stack, Plan, Options, Preflight)} waits for its verdict before it
   * changes anything.
   */
  public static final class Preflight {
    private final Stack stack;
    private final Plan plan;
    private final Options options;
    private final CompletableFuture<List<String>> verdict;

    private Preflight(Stack stack, Plan plan, Options options, CompletableFuture<List<String>> verdict) {
      this.stack = stack;
      this.plan = plan;
      this.options = options;
      this.verdict = verdict;
    }
  }

  /** Starts the preflight of deploying {@code plan} (restricted to the options' services) on a thread of its own. */
  public static Preflight startPreflight(Stack stack, Plan fullPlan, Options o, String runtimeName) {
    Plan plan = o.services().isEmpty() ? fullPlan : fullPlan.restrictTo(o.services());
    return new Preflight(stack, fullPlan, o, Tasks.supply("flotilla-preflight", () -> preflight(stack, plan, o, runtimeName)));
  }

  /** Ports a service will listen on that something else holds now. */
  private List<ServiceFailure> portsTaken(Stack stack, Plan plan, Map<String, Instance> before) {
    List<ServiceFailure> out = new ArrayList<>();
    for (Phase p : plan.phases()) {
      for (String name : p.services()) {
        Instance running = before.get(name);
        if (running != null && running.running()) continue; // its own port: freed when it is replaced
        Service s = stack.services().get(name);
        Set<Integer> ports = new LinkedHashSet<>(Planner.listeningPorts(s));
        if ("process".equals(runtime.name())) ports.addAll(processPorts(s));
        for (int port : ports) {
          String holder = portHolder(port);
          if (holder == null) continue;
          String engine = "bind: address already in use: port " + port + " is taken" + holder;
          Failure f = new Failure(name, List.of(), null, false, engine, DiagnosisContext.of(stack, name));
          Diagnosis d = diagnosers.get().diagnose(f).primary();
          out.add(new ServiceFailure(name, p.number(), ServiceFailure.Reason.PORT_TAKEN, "port " + port + " is taken" + holder,
              null, false, List.of(), null, engine, d, d == null ? "PRT001" : d.code()));
          break;
        }
      }
    }
    return out;
  }

  /** A process listens on the host: the ports its probe checks and the targets of its ports. */
  static Set<Integer> processPorts(Service s) {
    Set<Integer> out = new LinkedHashSet<>();
    s.ports().forEach(p -> out.add(p.target()));
    var h = s.settings() == null ? null : s.settings().health();
    if (h != null && h.kind() == dev.flotilla.model.HealthProbe.Kind.TCP && dev.flotilla.plan.EnvReferences.isLoopback(h.host())) out.add(h.port());
    if (h != null && h.kind() == dev.flotilla.model.HealthProbe.Kind.HTTP) {
      for (var e : dev.flotilla.plan.EnvReferences.parse("URL", h.url())) if (e.loopback() && e.port() > 0) out.add(e.port());
    }
    return out;
  }

  /** Null when the port is free on loopback and on all addresses; else who holds it, as far as we can tell. */
  static String portHolder(int port) {
    for (String host : List.of("127.0.0.1", "0.0.0.0")) {
      try (ServerSocket ss = new ServerSocket()) {
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(host, port));
      } catch (IOException e) {
        return " by another process (" + host + ":" + port + ")";
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- images

  private List<ServiceFailure> prepareImages(Stack stack, Plan plan, Map<String, Runtime.Image> images, long t0) {
    List<ServiceFailure> out = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(4, plan.services().size())), daemon("flotilla-build"));
    try {
      List<Future<?>> jobs = new ArrayList<>();
      for (Phase p : plan.phases()) {
        for (String name : p.services()) {
          Service s = stack.services().get(name);
          jobs.add(pool.submit(() -> {
            if (s.build() != null) emit("build", name, p.number(), "building", null, "building " + name, t0);
            try {
              images.put(name, runtime.prepare(stack, s, line -> { }));
              if (s.build() != null) emit("build", name, p.number(), "built", null, "built " + name, t0);
            } catch (RuntimeFailure e) {
              List<String> tail = e.output().size() > LOG_TAIL ? e.output().subList(e.output().size() - LOG_TAIL, e.output().size()) : e.output();
              ServiceFailure f = failure(stack, name, p.number(), ServiceFailure.Reason.BUILD_FAILED, null, tail, null, e.engineError() == null ? e.getMessage() : e.engineError(), null);
              out.add(f);
              emit("service.failed", name, p.number(), "build failed", null, f.headline(), t0);
            }
          }));
        }
      }
      for (Future<?> f : jobs) f.get();
    } catch (Exception e) {
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      throw new IllegalStateException("preparing images failed: " + e, e);
    } finally {
      pool.shutdownNow();
    }
    List<ServiceFailure> sorted = new ArrayList<>(out);
    sorted.sort(java.util.Comparator.comparingInt(ServiceFailure::phase));
    return sorted;
  }

  // ---------------------------------------------------------------- phases

  // ---------------------------------------------------------------- creating ahead

  /**
   * Creates (does not start) the new services of later phases on one thread while earlier phases
   * start and are gated, as Docker Compose creates everything before it starts anything: a
   * phase then only pays for starting. Only services with no instance yet are created ahead (a
   * replaced service's old instance is set aside at its own turn). What is created ahead is a
   * {@link Change} like any other, so a rollback removes it; what was created for a phase that was
   * never reached is removed when the deploy stops.
   */
  private final class Ahead {
    private final Map<String, CompletableFuture<Change>> created = new ConcurrentHashMap<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private ExecutorService creator;

    void createLaterPhases(Stack stack, Plan plan, Map<String, Instance> before, Map<String, Runtime.Image> images, List<Change> changes) {
      for (Phase p : plan.phases()) {
        if (p.number() == plan.phases().get(0).number()) continue; // created at once by their own turns
        for (String name : p.services()) {
          if (before.containsKey(name)) continue;
          if (creator == null) creator = Executors.newSingleThreadExecutor(daemon("flotilla-create"));
          Service s = stack.services().get(name);
          Runtime.Image image = images.get(name);
          created.put(name, CompletableFuture.supplyAsync(() -> {
            if (stopping.get() || cancelled.get()) return null;
            Change c = new Change(name, p.number());
            changes.add(c);
            c.created = runtime.create(stack, s, image, ConfigHash.of(s, image.id(), ServiceEnv.resolve(stack, s)));
            return c;
          }, creator));
        }
      }
    }

    /** The change that created this service ahead, waiting for it; null when it was not created ahead. */
    Change take(String service) {
      CompletableFuture<Change> f = created.get(service);
      return f == null ? null : Tasks.await(f);
    }

    /** Stops creating and removes what was created for services whose turn never came. */
    void stop(List<Change> changes, Set<String> turned) {
      stopping.set(true);
      if (creator == null) return;
      creator.shutdown();
      for (var e : created.entrySet()) {
        Change c;
        try {
          c = e.getValue().join();
        } catch (RuntimeException failed) {
          continue;
        }
        if (c == null || turned.contains(c.service)) continue;
        changes.remove(c);
        if (c.created != null) {
          try {
            runtime.remove(c.created);
          } catch (RuntimeFailure f) {
            changes.add(c); // left to the rollback, which reports what it cannot undo
          }
        }
      }
    }
  }

  private List<Turn> runPhase(Stack stack, Phase phase, Map<String, Instance> before, Map<String, Runtime.Image> images, List<Change> changes,
      Ahead ahead, long id, long t0) {
    AtomicBoolean phaseFailed = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(phase.services().size(), daemon("flotilla-phase" + phase.number()));
    try {
      List<Future<Turn>> jobs = new ArrayList<>();
      for (String name : phase.services()) {
        jobs.add(pool.submit(() -> {
          Turn t = turn(stack, stack.services().get(name), phase.number(), before.get(name), images.get(name), changes, ahead, id, phaseFailed, t0);
          if (!t.ok()) phaseFailed.set(true);
          return t;
        }));
      }
      List<Turn> out = new ArrayList<>();
      for (Future<Turn> f : jobs) out.add(f.get());
      return out;
    } catch (Exception e) {
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      throw new IllegalStateException("phase " + phase.number() + " failed unexpectedly: " + e, e);
    } finally {
      pool.shutdownNow();
    }
  }

  private Turn turn(Stack stack, Service s, int phase, Instance previous, Runtime.Image image, List<Change> changes, Ahead ahead, long id,
      AtomicBoolean phaseFailed, long t0) {
    String name = s.name();
    String hash = ConfigHash.of(s, image.id(), ServiceEnv.resolve(stack, s));
    long s0 = System.nanoTime();
    Instance instance;
    boolean unchanged = previous != null && previous.running() && hash.equals(previous.configHash());
    if (unchanged) {
      instance = previous;
      emit("service.start", name, phase, "unchanged", "checking", "up to date, kept running", s0);
    } else {
      Change c = null;
      try {
        c = previous == null ? ahead.take(name) : null;
        if (c != null) {
          instance = c.created; // created while earlier phases started
        } else {
          c = new Change(name, phase);
          changes.add(c);
          if (previous != null) {
            c.previousWasRunning = previous.running();
            c.canonicalName = previous.name();
            if (previous.running()) runtime.stop(previous, stopTimeout(s));
            c.previous = runtime.rename(previous, previous.name() + Labels.PREVIOUS_SUFFIX);
          }
          instance = runtime.create(stack, s, image, hash);
          c.created = instance;
        }
        runtime.start(instance);
        record(Event.of(id, stack.name(), "service.start", "ok", name, "{\"instance\":\"" + instance.name() + "\"}"));
        emit("service.start", name, phase, "started", "starting", "started " + instance.name(), s0);
      } catch (RuntimeFailure e) {
        ServiceFailure.Reason r = "create".equals(e.stage()) ? ServiceFailure.Reason.CREATE_FAILED : ServiceFailure.Reason.START_FAILED;
        Instance made = c == null ? null : c.created;
        List<String> logs = made == null ? List.of() : runtime.logs(made, LOG_TAIL);
        ServiceFailure f = failure(stack, name, phase, r, made == null ? null : runtime.inspect(made), logs, null, e.engineError(), null);
        emit("service.failed", name, phase, "failed", null, f.headline(), s0);
        record(Event.of(id, stack.name(), "service.failed", "failed", name, null));
        return new Turn(name, false, false, f, image, hash);
      }
    }
    HealthGate.Settings settings = HealthGate.Settings.of(stack, s);
    boolean[] lastOk = {false};
    int[] n = {0};
    HealthGate.Result g = new HealthGate(runtime, prober).await(s, instance, settings,
        () -> cancelled.get() || phaseFailed.get(),
        p -> {
          n[0]++;
          if (n[0] == 1 || p.ok() != lastOk[0]) {
            emit("service.health", name, phase, "running", p.ok() ? "passing" : "failing", p.probe() + (p.detail() == null || p.ok() ? "" : ": " + oneLine(p.detail())), s0);
            if (id != 0) rec.health(HealthSample.of(id == 0 ? null : id, stack.name(), name, p.ok(), p.latencyMs(), p.statusCode(), p.probe(), p.ok() ? null : p.detail()));
          }
          lastOk[0] = p.ok();
        });
    if (g.passed()) {
      emit("service.healthy", name, phase, g.verdict() == HealthGate.Verdict.COMPLETED ? "completed" : "running", "healthy",
          "healthy after " + millis(g.took()) + " (" + g.probes() + " probes)", s0);
      record(Event.of(id, stack.name(), "service.healthy", "ok", name, "{\"ms\":" + g.took().toMillis() + "}"));
      return new Turn(name, true, unchanged, null, image, hash);
    }
    if (g.verdict() == HealthGate.Verdict.CANCELLED) {
      emit("service.interrupted", name, phase, "interrupted", null, cancelled.get() ? "cancelled" : "stopped: another service of the phase failed", s0);
      return new Turn(name, false, unchanged, new ServiceFailure(name, phase, ServiceFailure.Reason.INTERRUPTED, null, null, false, List.of(), null, null, null, null), image, hash);
    }
    ServiceFailure.Reason reason = switch (g.verdict()) {
      case OOM_KILLED -> ServiceFailure.Reason.OOM_KILLED;
      case RESTART_LOOP -> ServiceFailure.Reason.RESTART_LOOP;
      case EXITED, GONE -> ServiceFailure.Reason.EXITED;
      default -> ServiceFailure.Reason.UNHEALTHY;
    };
    List<String> logs = runtime.logs(instance, LOG_TAIL);
    InstanceState st = g.state() != null ? g.state() : runtime.inspect(instance);
    String probeOut = g.lastFailedProbe() == null ? null : g.lastFailedProbe().probe() + ": " + g.lastFailedProbe().detail();
    String timeoutNote = reason == ServiceFailure.Reason.UNHEALTHY
        ? "not healthy within " + millis(settings.startPeriod().plus(settings.timeout())) + (probeOut == null ? "" : " (" + oneLine(probeOut) + ")") : null;
    ServiceFailure f = failure(stack, name, phase, reason, st, logs, probeOut, st.error(), timeoutNote);
    emit("service.failed", name, phase, reason.words(), "unhealthy", f.headline(), s0);
    record(Event.of(id, stack.name(), "service.failed", "failed", name, null));
    return new Turn(name, false, unchanged, f, image, hash);
  }

  static Duration stopTimeout(Service s) {
    Object v = s.other() == null ? null : s.other().get("stop_grace_period");
    Duration d = Durations.parse(v);
    return d == null ? Duration.ofSeconds(10) : d;
  }

  /** The evidence of one failure, classified. */
  private ServiceFailure failure(Stack stack, String name, int phase, ServiceFailure.Reason reason, InstanceState st, List<String> logs,
      String probeOut, String engineError, String note) {
    Integer exit = st == null ? null : st.exitCode();
    boolean oom = st != null && st.oomKilled();
    List<String> evidenceLines = new ArrayList<>(logs);
    Failure f = new Failure(name, evidenceLines, exit, oom, engineError, DiagnosisContext.of(stack, name));
    Diagnosis d = diagnosers.get().diagnose(f).primary();
    String summary;
    if (d != null) summary = (note == null ? "" : note + "; ") + d.title();
    else if (note != null) summary = note;
    else if (engineError != null) summary = oneLine(engineError);
    else if (!logs.isEmpty()) summary = "last log line: " + oneLine(logs.get(logs.size() - 1));
    else summary = null;
    String code = d != null ? d.code() : reason.genericCode();
    return new ServiceFailure(name, phase, reason, summary == null ? null : Redactor.redactText(summary), exit, oom,
        logs.stream().map(Redactor::redactText).toList(), probeOut == null ? null : Redactor.redactText(probeOut),
        engineError == null ? null : Redactor.redactText(engineError), d, code);
  }

  // ---------------------------------------------------------------- rollback

  /** Puts back what ran before: new instances removed, previous ones renamed back and started again when they ran. */
  private String rollback(List<Change> changes, String project, long id, long t0) {
    List<Change> all;
    synchronized (changes) {
      all = new ArrayList<>(changes);
    }
    Collections.reverse(all);
    all.sort(java.util.Comparator.comparingInt((Change c) -> c.phase).reversed());
    emit("rollback.start", null, 0, "rolling back", null, all.size() + " service(s) to restore", t0);
    List<String> problems = new ArrayList<>();
    for (Change c : all) {
      try {
        if (c.created != null) runtime.remove(c.created);
        if (c.previous != null) {
          Instance back = runtime.rename(c.previous, c.canonicalName);
          if (c.previousWasRunning) runtime.start(back);
          emit("rollback.service", c.service, c.phase, c.previousWasRunning ? "restored" : "restored (stopped)", null, "previous " + back.name() + " back", t0);
        } else {
          emit("rollback.service", c.service, c.phase, "removed", null, "new service removed", t0);
        }
        record(Event.of(id == 0 ? null : id, project, "rollback.service", "ok", c.service, null));
      } catch (RuntimeException e) {
        problems.add(c.service + ": " + e.getMessage());
        record(Event.of(id == 0 ? null : id, project, "rollback.service", "failed", c.service, null));
      }
    }
    emit("rollback.done", null, 0, problems.isEmpty() ? "rolled back" : "rollback incomplete", null,
        problems.isEmpty() ? "platform back to its state before this run" : String.join("; ", problems), t0);
    record(Event.of(id == 0 ? null : id, project, "rollback", problems.isEmpty() ? "ok" : "failed", null, null));
    return problems.isEmpty() ? null : String.join("; ", problems);
  }

  // ---------------------------------------------------------------- recording

  private void recordSuccess(Stack stack, Plan plan, long id, Map<String, Runtime.Image> images, Map<String, String> hashes) {
    if (id == 0) return;
    List<DeployHistory.DeployedService> svcs = new ArrayList<>();
    for (Phase p : plan.phases()) {
      for (String s : p.services()) {
        Runtime.Image img = images.get(s);
        if (img != null && stack.services().get(s).build() != null) img = runtime.pin(img, id);
        svcs.add(new DeployHistory.DeployedService(s, p.number(), img == null ? null : img.ref(), img == null ? null : img.id(), hashes.get(s)));
      }
    }
    // a partial deploy (up SERVICE) records the rest as it was last deployed
    DeployHistory history = new DeployHistory(stack.projectDir());
    Optional<DeployHistory.Snapshot> last = history.latest(stack.name());
    if (last.isPresent()) {
      for (DeployHistory.DeployedService d : last.get().services()) {
        if (svcs.stream().noneMatch(x -> x.service().equals(d.service())) && stack.services().containsKey(d.service())) svcs.add(d);
      }
    }
    try {
      history.record(new DeployHistory.Snapshot(id, stack.name(), runtime.name(), DeployHistory.now(),
          stack.files().stream().map(Path::toString).toList(), svcs), stack);
    } catch (java.io.UncheckedIOException e) {
      emit("cleanup", null, 0, "warning", null, e.getMessage(), System.nanoTime());
    }
  }

  private void recordError(Stack stack, ServiceFailure f, long id, Options o) {
    if (id == 0) return;
    Diagnosis d = f.diagnosis();
    String stage = switch (f.reason()) {
      case BUILD_FAILED -> "build";
      case PORT_TAKEN -> "preflight";
      case CREATE_FAILED, START_FAILED -> "start";
      default -> "health";
    };
    NewError.Builder b = NewError.builder(stack.name(), f.code(), d != null ? d.severity() : Severity.HIGH,
            d != null ? d.category() : category(f.reason()), f.headline())
        .deployment(id == 0 ? null : id).service(f.service()).environment(o.environment()).stage(stage)
        .userImpact(f.service() + " did not start; phase " + f.phase() + " failed")
        .evidence(evidence(f));
    if (d != null) b.cause(d.cause()).fix(d.fix()).fingerprint(d.fingerprint());
    rec.error(b.build());
  }

  private static Category category(ServiceFailure.Reason r) {
    return switch (r) {
      case BUILD_FAILED -> Category.BUILD;
      case PORT_TAKEN, CREATE_FAILED, START_FAILED, UNHEALTHY -> Category.CONFIGURATION;
      case OOM_KILLED -> Category.RESOURCE;
      default -> Category.CODE;
    };
  }

  private static String evidence(ServiceFailure f) {
    StringBuilder sb = new StringBuilder();
    if (f.exitCode() != null) sb.append("exit code ").append(f.exitCode()).append('\n');
    if (f.oomKilled()) sb.append("killed by the OOM killer\n");
    if (f.engineError() != null) sb.append("engine: ").append(f.engineError()).append('\n');
    if (f.probeOutput() != null) sb.append("probe: ").append(f.probeOutput()).append('\n');
    if (!f.logTail().isEmpty()) sb.append("last log lines:\n").append(String.join("\n", f.logTail()));
    return sb.toString().strip();
  }

  private void record(Event e) {
    if (e.deploymentId() == null || e.deploymentId() == 0) return;
    rec.event(e); // on the recording thread: the audit trail must not slow or break a deploy
  }

  private String details(Plan plan, Options o) {
    StringBuilder sb = new StringBuilder("{\"phases\":[");
    for (int i = 0; i < plan.phases().size(); i++) {
      if (i > 0) sb.append(',');
      sb.append('[');
      List<String> s = plan.phases().get(i).services();
      for (int j = 0; j < s.size(); j++) sb.append(j > 0 ? "," : "").append('"').append(s.get(j).replace("\"", "")).append('"');
      sb.append(']');
    }
    sb.append("],\"force\":").append(o.force()).append(",\"noRollback\":").append(o.noRollback());
    if (o.rolledBackTo() != null) sb.append(",\"restores\":").append(o.rolledBackTo());
    return sb.append('}').toString();
  }

  private void emit(String kind, String service, int phase, String state, String health, String message, long sinceNanos) {
    listener.on(DeployEvent.of(kind, service, phase, state, health, message, Duration.ofNanos(System.nanoTime() - sinceNanos)));
  }

  static String oneLine(String s) {
    if (s == null) return "";
    String t = s.strip().replaceAll("\\s*\\R\\s*", " | ");
    return t.length() > 200 ? t.substring(0, 200) + "…" : t;
  }

  static String millis(Duration d) {
    long ms = d.toMillis();
    return ms < 1000 ? ms + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  // ---------------------------------------------------------------- rollback to an earlier deploy

  /**
   * Deploys the previous successful deployment again ({@code flotilla rollback}): its compose
   * files and the images it ran, health-gated like any deploy (and rolled back itself on failure).
   * With {@code service} set, only that service (for {@code watch --rollback}).
   */
  public DeployResult rollbackToPrevious(LoadOptions current, String project, Path projectDir, String service, Options o) {
    DeployHistory history = new DeployHistory(projectDir);
    DeployHistory.Snapshot prev = history.previous(project).orElseThrow(() -> new UserError(UserError.Kind.FAILED, null,
        "no earlier successful deployment of " + project + " is recorded under " + projectDir.resolve(".flotilla/deploys") + "; nothing to roll back to"));
    return rollbackTo(prev, current, service, o);
  }

  /** Deploys a recorded deployment again (all services, or only {@code service}). */
  public DeployResult rollbackTo(DeployHistory.Snapshot snapshot, LoadOptions current, String service, Options o) {
    Stack restored = new DeployHistory(current.projectDirectory() != null ? current.projectDirectory() : Path.of(snapshot.files().get(0)).getParent())
        .restore(snapshot, current);
    Plan plan = Planner.plan(restored);
    Set<String> only = service == null ? Set.of() : Set.of(service);
    return deploy(restored, plan, new Options(only, true, o.noRollback(), o.environment(), snapshot.deploymentId(), true));
  }

  /** For {@code watch --rollback}: the one service back to what the previous successful deployment ran. */
  public DeployResult rollbackService(LoadOptions current, String project, Path projectDir, String service) {
    return rollbackToPrevious(current, project, projectDir, service, Options.defaults());
  }
}
