package dev.flotilla.deploy;

import dev.flotilla.diagnose.Diagnoser;
import dev.flotilla.diagnose.Diagnosis;
import dev.flotilla.diagnose.DiagnosisContext;
import dev.flotilla.diagnose.Failure;
import dev.flotilla.model.PortBinding;
import dev.flotilla.model.Service;
import dev.flotilla.model.Stack;
import dev.flotilla.plan.Phase;
import dev.flotilla.plan.Plan;
import dev.flotilla.plan.Planner;
import dev.flotilla.runtime.Instance;
import dev.flotilla.runtime.InstanceState;
import dev.flotilla.runtime.Runtime;
import dev.flotilla.runtime.RuntimeFailure;
import dev.flotilla.runtime.Usage;
import dev.flotilla.track.Event;
import dev.flotilla.track.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** The day-to-day operations on a deployed project: status, stop, down, health-gated restart. */
public final class Operations {
  private final Runtime runtime;
  private final Store store;

  public Operations(Runtime runtime, Store store) {
    this.runtime = runtime;
    this.store = store;
  }

  /** One row of {@code flotilla status}. */
  public record Row(String service, int phase, String instance, String state, String health, String healthDetail, List<String> ports,
      Duration uptime, int restarts, Double cpuPercent, Long memoryBytes, Integer exitCode) {}

  private Map<String, Instance> instances(String project) {
    Map<String, Instance> m = new LinkedHashMap<>();
    for (Instance i : runtime.list(project)) if (i.service() != null && !i.keptAside()) m.putIfAbsent(i.service(), i);
    return m;
  }

  /** Every service of the project (and any instance of a service no longer in it), probed once, usage read in parallel. */
  public List<Row> status(Stack stack, HealthProber prober) {
    Plan plan = Planner.plan(stack);
    Map<String, Instance> inst = instances(stack.name());
    List<String> names = new ArrayList<>(plan.services());
    for (String s : inst.keySet()) if (!names.contains(s)) names.add(s);
    List<CompletableFuture<Row>> rows = new ArrayList<>();
    for (String name : names) {
      rows.add(CompletableFuture.supplyAsync(() -> row(stack, plan, name, inst.get(name), prober)));
    }
    return rows.stream().map(CompletableFuture::join).toList();
  }

  private Row row(Stack stack, Plan plan, String name, Instance i, HealthProber prober) {
    int phase = plan.phaseNumber(name);
    Service s = stack.services().get(name);
    List<String> ports = new ArrayList<>();
    if (s != null) {
      for (PortBinding p : s.ports()) ports.add((p.published() == null ? "" : p.hostIpOrDefault() + ":" + p.published() + "->") + p.target() + "/" + p.protocol());
      if (ports.isEmpty() && "host".equals(s.networkMode())) Planner.listeningPorts(s).forEach(p -> ports.add("host:" + p));
    }
    if (i == null) return new Row(name, phase, null, "not created", null, null, ports, null, 0, null, null, null);
    InstanceState st = runtime.inspect(i);
    String state = !st.exists() ? "removed" : st.running() ? "running" : st.restarting() ? "restarting" : st.status();
    String health = null;
    String detail = null;
    if (st.running() && s != null) {
      ProbeOutcome p = prober.probe(s, i);
      health = prober.describe(s) == null ? (st.engineHealth() != null ? st.engineHealth() : "-") : p.ok() ? "healthy" : "unhealthy";
      detail = p.ok() ? null : p.detail();
    }
    Duration up = st.running() && st.startedAt() != null ? Duration.between(st.startedAt(), Instant.now()) : null;
    Optional<Usage> u = st.running() ? runtime.usage(i) : Optional.empty();
    return new Row(name, phase, i.name(), state, health, detail, ports, up, st.restartCount(),
        u.map(Usage::cpuPercent).orElse(null), u.map(Usage::memoryBytes).orElse(null), st.exitCode());
  }

  /** Stops the selected services (all when empty) in reverse phase order; warns about running dependents left behind. */
  public List<String> stop(Stack stack, Set<String> selected, Consumer<String> info, Consumer<String> warn) {
    Plan plan = Planner.plan(stack);
    Map<String, Instance> inst = instances(stack.name());
    List<String> order = reversePhaseOrder(plan, inst.keySet());
    List<String> problems = new ArrayList<>();
    for (String name : order) {
      if (!selected.isEmpty() && !selected.contains(name)) continue;
      Instance i = inst.get(name);
      if (!i.running()) continue;
      if (!selected.isEmpty()) {
        List<String> still = plan.dependentsOf(name).stream().filter(d -> !selected.contains(d) && inst.containsKey(d) && inst.get(d).running()).toList();
        if (!still.isEmpty()) warn.accept(name + " is needed by " + String.join(", ", still) + ", which keep running");
      }
      try {
        Service s = stack.services().get(name);
        runtime.stop(i, s == null ? Duration.ofSeconds(10) : Deployer.stopTimeout(s));
        info.accept("stopped " + i.name());
        event(stack.name(), "service.stop", "ok", name);
      } catch (RuntimeFailure e) {
        problems.add(e.getMessage());
      }
    }
    return problems;
  }

  /** Removes every instance of the project (kept-aside ones too), dependents first. */
  public List<String> down(Stack stack, Consumer<String> info) {
    Plan plan = Planner.plan(stack);
    List<Instance> all = new ArrayList<>(runtime.list(stack.name()));
    Map<String, Integer> phase = plan.phaseIndex();
    all.sort((a, b) -> Integer.compare(phase.getOrDefault(b.service(), 0), phase.getOrDefault(a.service(), 0)));
    List<String> problems = new ArrayList<>();
    for (Instance i : all) {
      try {
        Service s = i.service() == null ? null : stack.services().get(i.service());
        if (i.running()) runtime.stop(i, s == null ? Duration.ofSeconds(10) : Deployer.stopTimeout(s));
        runtime.remove(i);
        info.accept("removed " + i.name());
      } catch (RuntimeFailure e) {
        problems.add(e.getMessage());
      }
    }
    event(stack.name(), "down", problems.isEmpty() ? "ok" : "failed", null);
    return problems;
  }

  /** How a restart ended: null failure when every restarted service was healthy again. */
  public record RestartResult(List<String> restarted, ServiceFailure failure) {}

  /**
   * Restarts a service health-gated: its running dependents are stopped first, the service is
   * restarted and must pass its gate, then the dependents start again in phase order, each gated.
   */
  public RestartResult restart(Stack stack, String service, HealthProber prober, Diagnoser diagnoser, DeployListener listener) {
    Plan plan = Planner.plan(stack);
    Map<String, Instance> inst = instances(stack.name());
    Instance self = inst.get(service);
    if (self == null) throw new dev.flotilla.model.UserError(dev.flotilla.model.UserError.Kind.FAILED, null,
        service + " has no instance in " + stack.name() + "; deploy it first with 'flotilla up " + service + "'");
    List<String> dependents = plan.dependentsOf(service).stream().filter(d -> inst.containsKey(d) && inst.get(d).running()).toList();
    List<String> reversed = new ArrayList<>(dependents);
    Collections.reverse(reversed);
    for (String d : reversed) {
      runtime.stop(inst.get(d), Deployer.stopTimeout(stack.services().get(d)));
      listener.on(DeployEvent.of("service.stop", d, plan.phaseNumber(d), "stopped", null, "stopped while " + service + " restarts", Duration.ZERO));
    }
    List<String> order = new ArrayList<>();
    order.add(service);
    order.addAll(dependents);
    List<String> done = new ArrayList<>();
    for (String name : order) {
      Service s = stack.services().get(name);
      Instance i = inst.get(name);
      if (name.equals(service)) runtime.stop(i, Deployer.stopTimeout(s));
      long t0 = System.nanoTime();
      runtime.start(i);
      listener.on(DeployEvent.of("service.start", name, plan.phaseNumber(name), "started", "starting", "restarted " + i.name(), Duration.ZERO));
      HealthGate.Result g = new HealthGate(runtime, prober).await(s, i, HealthGate.Settings.of(stack, s), () -> false, p -> { });
      if (!g.passed()) {
        List<String> logs = runtime.logs(i, Deployer.LOG_TAIL);
        InstanceState st = g.state() == null ? runtime.inspect(i) : g.state();
        Diagnosis d = diagnoser.diagnose(new Failure(name, logs, st.exitCode(), st.oomKilled(), st.error(), DiagnosisContext.of(stack, name))).primary();
        ServiceFailure.Reason r = g.verdict() == HealthGate.Verdict.EXITED ? ServiceFailure.Reason.EXITED
            : g.verdict() == HealthGate.Verdict.OOM_KILLED ? ServiceFailure.Reason.OOM_KILLED : ServiceFailure.Reason.UNHEALTHY;
        String probe = g.lastFailedProbe() == null ? null : g.lastFailedProbe().probe() + ": " + g.lastFailedProbe().detail();
        ServiceFailure f = new ServiceFailure(name, plan.phaseNumber(name), r, d == null ? probe : d.title(), st.exitCode(), st.oomKilled(), logs, probe,
            st.error(), d, d == null ? "HLT900" : d.code());
        listener.on(DeployEvent.of("service.failed", name, plan.phaseNumber(name), r.words(), "unhealthy", f.headline(), Duration.ofNanos(System.nanoTime() - t0)));
        event(stack.name(), "service.restart", "failed", name);
        return new RestartResult(done, f);
      }
      listener.on(DeployEvent.of("service.healthy", name, plan.phaseNumber(name), "running", "healthy", "healthy after " + Deployer.millis(g.took()),
          Duration.ofNanos(System.nanoTime() - t0)));
      event(stack.name(), "service.restart", "ok", name);
      done.add(name);
    }
    return new RestartResult(done, null);
  }

  /** Log lines of the selected services (all when empty), each prefixed with its service. */
  public Map<String, Instance> forLogs(Stack stack, Set<String> selected) {
    Map<String, Instance> out = new LinkedHashMap<>();
    Plan plan = Planner.plan(stack);
    Map<String, Instance> inst = instances(stack.name());
    for (Phase p : plan.phases()) for (String s : p.services()) if ((selected.isEmpty() || selected.contains(s)) && inst.containsKey(s)) out.put(s, inst.get(s));
    return out;
  }

  private static List<String> reversePhaseOrder(Plan plan, Set<String> present) {
    List<String> order = new ArrayList<>();
    for (Phase p : plan.phases()) order.addAll(p.services().stream().filter(present::contains).toList());
    for (String s : present) if (!order.contains(s)) order.add(s);
    Collections.reverse(order);
    return order;
  }

  private void event(String project, String action, String outcome, String service) {
    if (store == null) return;
    try {
      store.recordEvent(Event.of(null, project, action, outcome, service, null));
    } catch (RuntimeException e) {
      // the audit trail must not break an operation
    }
  }
}
