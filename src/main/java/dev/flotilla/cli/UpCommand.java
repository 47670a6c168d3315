package dev.flotilla.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.deploy.DeployResult;
import dev.flotilla.deploy.Deployer;
import dev.flotilla.deploy.ProjectLock;
import dev.flotilla.deploy.RuntimeProber;
import dev.flotilla.deploy.ServiceFailure;
import dev.flotilla.diagnose.Diagnoser;
import dev.flotilla.load.LoadOptions;
import dev.flotilla.model.Stack;
import dev.flotilla.plan.Plan;
import dev.flotilla.plan.Planner;
import dev.flotilla.runtime.Runtime;
import dev.flotilla.track.Store;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code flotilla up}: phased, health-gated deployment with automatic rollback. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Deploy the project phase by phase: preflight (engine, check findings at HIGH+, disk, outside",
      "dependencies, host ports), images built first, then each phase started in parallel and gated on",
      "health. On failure the platform goes back to exactly what ran before, and the report names the",
      "root failure and the services it blocked. Give SERVICE names to deploy only those (and what they need)."
    },
    footer = {"", "Exit codes: 0 deployed and healthy; 1 the deploy failed (rolled back unless --no-rollback), check",
        "findings block it, or another deploy holds the project; 2 invalid input; 3 the engine or an outside",
        "dependency is unreachable. See docs/cli/up.md and docs/deploy.md."})
public class UpCommand implements Callable<Integer> {
  enum Format {
    text,
    json
  }

  @ParentCommand FlotillaCommand parent;
  @Mixin ProjectOptions project;
  @Mixin RuntimeOption runtimeOption;
  @Spec CommandSpec spec;

  @Option(names = "--force", description = "Deploy despite check findings at HIGH or above.")
  boolean force;

  @Option(names = "--no-rollback", description = "Leave a failed phase as it is, for debugging.")
  boolean noRollback;

  @Option(names = "--environment", paramLabel = "ENV", description = "Recorded with the deployment (default: development).")
  String environment = "development";

  @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or json (one event per line, then the result).")
  Format format = Format.text;

  @Override
  public Integer call() {
    Console console = parent.global.console(spec.commandLine().getOut(), spec.commandLine().getErr());
    // Logging is set up here, before the threads below log: SLF4J warns on stderr about calls made
    // from other threads while it initialises.
    org.slf4j.LoggerFactory.getILoggerFactory();
    // Start-up work that does not depend on the project runs beside its loading: connecting to the
    // engine, then (once the project names the store) opening the store.
    Background<Runtime> connecting = Background.start("flotilla-connect", runtimeOption.connectEarly());
    try {
      LoadOptions options = project.toLoadOptionsWithServices();
      Stack stack = runtimeOption.load(options);
      Plan plan = Planner.plan(stack);
      Set<String> selected = ServiceNames.selected(stack, project.services());
      Deployer.Options o = new Deployer.Options(selected, force, noRollback, environment, null, false);
      Deployer.Preflight preflight = Deployer.startPreflight(stack, plan, o, dev.flotilla.runtime.Runtimes.kind(runtimeOption.runtime));
      DeployProgress progress = new DeployProgress(DeployProgress.choose(format == Format.json, console), console);
      try (ProjectLock lock = ProjectLock.acquire(stack.projectDir(), stack.name(), "flotilla up");
          Background<Store> store = Background.start("flotilla-store", () -> runtimeOption.store(stack));
          Runtime runtime = connecting.isEmpty() ? runtimeOption.open(stack) : connecting.take();
          RuntimeProber prober = new RuntimeProber(runtime)) {
        Deployer deployer = new Deployer(runtime, store::get, Diagnoser::builtIn, prober, progress);
        DeployResult r = Interruptible.run(deployer, console, () -> deployer.deploy(stack, plan, o, preflight));
        report(r, console, format == Format.json);
        return r.succeeded() ? ExitCode.OK : ExitCode.FAILED;
      }
    } finally {
      connecting.release(); // a connection nobody took (the project did not load) is closed
    }
  }

  static void report(DeployResult r, Console console, boolean json) {
    if (json) {
      console.result(json(r));
      return;
    }
    StringBuilder sb = new StringBuilder();
    if (r.succeeded()) {
      sb.append("deployed: ").append(r.started().size() + r.unchanged().size()).append(" service(s) healthy in ").append(r.phases())
          .append(r.phases() == 1 ? " phase" : " phases");
      if (!r.unchanged().isEmpty()) sb.append(" (").append(r.unchanged().size()).append(" unchanged)");
      sb.append(String.format(java.util.Locale.ROOT, " in %.1f s", r.took().toMillis() / 1000.0));
      if (r.deploymentId() > 0) sb.append("; deployment #").append(r.deploymentId());
      console.result(sb.toString());
      return;
    }
    sb.append("deploy ").append(r.outcome().lower());
    if (r.failedPhase() > 0) sb.append(" at phase ").append(r.failedPhase()).append(" of ").append(r.phases());
    if (r.deploymentId() > 0) sb.append(" (deployment #").append(r.deploymentId()).append(')');
    sb.append('\n');
    for (String line : r.story()) sb.append("  ").append(line).append('\n');
    for (ServiceFailure f : r.roots()) {
      if (f.diagnosis() != null) {
        sb.append("    cause: ").append(f.diagnosis().cause()).append('\n');
        sb.append("    fix:   ").append(f.diagnosis().fix()).append('\n');
        if (f.diagnosis().evidence() != null) sb.append("    evidence: ").append(f.diagnosis().evidence().text()).append('\n');
      }
      if (f.probeOutput() != null) sb.append("    probe: ").append(f.probeOutput()).append('\n');
      if (!f.logTail().isEmpty() && f.diagnosis() == null) {
        sb.append("    last log lines:\n");
        f.logTail().stream().skip(Math.max(0, f.logTail().size() - 5)).forEach(l -> sb.append("      ").append(l).append('\n'));
      }
    }
    java.util.List<String> others = r.notStarted().stream().filter(s -> r.blocked().values().stream().noneMatch(b -> b.contains(s))).toList();
    if (!others.isEmpty()) sb.append("  not started: ").append(String.join(", ", others)).append('\n');
    if (!r.interrupted().isEmpty()) sb.append("  interrupted: ").append(String.join(", ", r.interrupted())).append('\n');
    if (!r.changed()) {
      sb.append("  nothing was changed: the platform runs what it ran before this deploy");
    } else if (r.rolledBack()) {
      sb.append(r.rollbackProblem() == null ? "  rolled back: the platform runs what it ran before this deploy"
          : "  rollback incomplete: " + r.rollbackProblem());
    } else {
      sb.append("  not rolled back (--no-rollback): the failed phase is left as it is");
    }
    console.result(sb.toString().stripTrailing());
  }

  static String json(DeployResult r) {
    ObjectMapper m = new ObjectMapper();
    ObjectNode o = m.createObjectNode();
    o.put("event", "result");
    o.put("deployment", r.deploymentId());
    o.put("outcome", r.outcome().lower());
    o.put("phases", r.phases());
    if (r.failedPhase() > 0) o.put("failedPhase", r.failedPhase());
    o.put("tookMs", r.took().toMillis());
    ArrayNode roots = o.putArray("failures");
    for (ServiceFailure f : r.roots()) {
      ObjectNode x = roots.addObject();
      x.put("service", f.service());
      x.put("phase", f.phase());
      x.put("reason", f.reason().words());
      x.put("code", f.code());
      if (f.summary() != null) x.put("summary", f.summary());
      if (f.exitCode() != null) x.put("exitCode", f.exitCode());
      x.put("oomKilled", f.oomKilled());
      if (f.probeOutput() != null) x.put("probe", f.probeOutput());
      if (f.diagnosis() != null) {
        x.put("cause", f.diagnosis().cause());
        x.put("fix", f.diagnosis().fix());
      }
      ArrayNode b = x.putArray("blocked");
      r.blocked().getOrDefault(f.service(), java.util.List.of()).forEach(b::add);
      ArrayNode logs = x.putArray("logTail");
      f.logTail().forEach(logs::add);
    }
    ArrayNode ns = o.putArray("notStarted");
    r.notStarted().forEach(ns::add);
    ArrayNode st = o.putArray("started");
    r.started().forEach(st::add);
    ArrayNode un = o.putArray("unchanged");
    r.unchanged().forEach(un::add);
    o.put("rolledBack", r.rolledBack());
    o.put("changed", r.changed());
    if (r.rollbackProblem() != null) o.put("rollbackProblem", r.rollbackProblem());
    return o.toString();
  }

  /** Runs a deploy so that Ctrl-C cancels it and waits for its rollback before the process ends. */
  static final class Interruptible {
    private Interruptible() {}

    static DeployResult run(Deployer deployer, Console console, java.util.function.Supplier<DeployResult> job) {
      CountDownLatch done = new CountDownLatch(1);
      Thread hook = new Thread(() -> {
        if (done.getCount() == 0) return;
        console.info("interrupted: stopping and rolling back what this run started …");
        deployer.cancel();
        try {
          done.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "flotilla-interrupt");
      java.lang.Runtime.getRuntime().addShutdownHook(hook);
      try {
        return job.get();
      } finally {
        done.countDown();
        try {
          java.lang.Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // shutting down already: the hook is running and sees the latch
        }
      }
    }
  }
}
