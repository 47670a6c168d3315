package dev.flotilla.cli;

import dev.flotilla.diagnose.Diagnosis;
import dev.flotilla.diagnose.DiagnosisContext;
import dev.flotilla.load.Loader;
import dev.flotilla.model.Stack;
import dev.flotilla.model.UserError;
import dev.flotilla.plan.Plan;
import dev.flotilla.plan.Planner;
import dev.flotilla.probe.HealthTarget;
import dev.flotilla.probe.Latency;
import dev.flotilla.probe.ProbeResult;
import dev.flotilla.probe.Probes;
import dev.flotilla.probe.ServiceExec;
import dev.flotilla.probe.ServiceHealth;
import dev.flotilla.track.Store;
import dev.flotilla.watch.Alert;
import dev.flotilla.watch.Rollback;
import dev.flotilla.watch.Thresholds;
import dev.flotilla.watch.Trigger;
import dev.flotilla.watch.WatchLoop;
import dev.flotilla.watch.WatchSettings;
import dev.flotilla.watch.Watcher;
import dev.flotilla.watch.Webhook;
import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code flotilla watch}: keep probing, record samples, alert (and roll back) on seed 002's triggers. */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "Keep probing the services, record every sample in the store, and alert when a service",
      "crosses a trigger: N consecutive failures (default 3), p95 latency more than X %% above the",
      "baseline of the last successful deploy (default 50 %%), error rate above Y %% (default 5 %%).",
      "One alert per root failure: when postgres is down, the services behind it do not alert too.",
      "Thresholds come from x-flotilla.watch; options override them. Ctrl-C stops cleanly."
    },
    footer = {
      "",
      "Examples:",
      "  flotilla watch                                   # every 10s until Ctrl-C",
      "  flotilla watch . api --interval 5s --failures 2",
      "  flotilla watch --webhook http://127.0.0.1:9093/hook --rollback",
      "  flotilla watch --duration 5m                     # after a deploy, in CI",
      "",
      "Exit codes: 0 no alert; 1 an alert was raised; 2 bad usage; 3 the store is unreachable.",
      "See docs/cli/watch.md."
    })
public class WatchCommand implements Callable<Integer> {
  @ParentCommand FlotillaCommand parent;
  @Spec CommandSpec spec;
  @Mixin ProjectOptions project;
  @Mixin StoreOptions storeOptions;

  @Option(names = "--interval", paramLabel = "DURATION", description = "Time between rounds (default: x-flotilla.watch.interval, else 10s).")
  String interval;

  @Option(names = "--timeout", paramLabel = "DURATION", description = "Per-probe timeout (default: each probe's own).")
  String timeout;

  @Option(names = "--failures", paramLabel = "N", description = "Alert after N consecutive failed probes (default 3).")
  Integer failures;

  @Option(names = "--latency", paramLabel = "PCT", description = "Alert when p95 latency is more than PCT %% above the baseline (default 50).")
  Double latency;

  @Option(names = "--error-rate", paramLabel = "PCT", description = "Alert when more than PCT %% of the last probes (window) are errors (default 5).")
  Double errorRate;

  @Option(names = "--window", paramLabel = "N", description = "Probes per service over which p95 and error rate are measured (default 20).")
  Integer window;

  @Option(names = "--webhook", paramLabel = "URL", description = "POST every alert and recovery as JSON to URL.")
  String webhook;

  @Option(names = "--rollback", description = "Roll an alerting service back to its previous image and config (health-gated).")
  boolean rollback;

  @Option(names = "--runtime", paramLabel = "RUNTIME",
      description = "Where exec probes run and what --rollback redeploys with: docker (default) or process.")
  String runtime = "docker";

  @Option(names = "--host", paramLabel = "HOST", description = "Watch a deployment on HOST through its published ports.")
  String host;

  @Option(names = "--max-cycles", paramLabel = "N", description = "Stop after N rounds (default: run until Ctrl-C).")
  int maxCycles;

  @Option(names = "--duration", paramLabel = "DURATION", description = "Stop after this long (e.g. 5m).")
  String duration;

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  @Override
  public Integer call() {
    Console console = parent.global.console(spec.commandLine().getOut(), spec.commandLine().getErr());
    Stack stack = Loader.load(project.toLoadOptionsWithServices());
    WatchSettings settings = WatchSettings.of(stack);
    Duration every = interval == null ? settings.interval() : HealthCommand.duration("--interval", interval);
    Duration perProbe = timeout == null ? null : HealthCommand.duration("--timeout", timeout);
    Duration limit = duration == null ? null : HealthCommand.duration("--duration", duration);
    if (maxCycles < 0) throw UserError.input("--max-cycles " + maxCycles + ": give 1 or more (or leave it out to run until Ctrl-C)");
    Thresholds defaults = override(settings.defaults());
    Map<String, Thresholds> per = new LinkedHashMap<>();
    settings.perService().forEach((s, t) -> per.put(s, override(t)));
    URI hook = webhook != null ? HealthCommand.urls(List.of("hook=" + webhook)).get("hook") : settings.webhook();

    List<HealthTarget> targets = HealthTarget.of(stack, project.services(), host, Map.of());
    for (HealthTarget t : targets) if (t.probe() == null) console.warn(t.service() + ": not watched: " + t.skipped());
    List<HealthTarget> watched = targets.stream().filter(t -> t.probe() != null).toList();
    if (watched.isEmpty()) throw UserError.input("no service has a probe: add x-flotilla.health (url, tcp or exec) or a healthcheck");

    Plan plan = Planner.plan(stack);
    Map<String, Set<String>> requirements = new LinkedHashMap<>();
    for (HealthTarget t : watched) requirements.put(t.service(), plan.services().contains(t.service()) ? plan.requirementsOf(t.service()) : Set.of());
    Watcher watcher = new Watcher(defaults, per, requirements);

    if (rollback && host != null) throw UserError.input("--rollback needs the runtime the deployment runs on; it cannot roll back a remote --host");
    Rollback rollbackAction = rollback ? new DeployRollback(project.toLoadOptionsWithServices(), stack, runtime, storeOptions, console) : null;
    StoreOptions.Scope scope = new StoreOptions.Scope(stack.projectDir(), stack.name(), stack, null);
    // Ctrl-C: the shutdown hook stops the loop and waits until the store is closed and the summary printed.
    CountDownLatch done = new CountDownLatch(1);
    Thread hookThread = null;
    try (Store store = storeOptions.open(scope);
        RuntimeExec inService = new RuntimeExec(runtime, stack.projectDir(), stack.name());
        Probes probes = new Probes(new ServiceExec(stack, inService))) {
      WatchLoop.Config config = new WatchLoop.Config(stack.name(), watched, every, perProbe, store,
          hook == null ? null : new Webhook(hook), rollbackAction, settings.metrics(), s -> stack.services().containsKey(s) ? DiagnosisContext.of(stack, s) : DiagnosisContext.EMPTY);
      Printer printer = new Printer(console);
      WatchLoop loop = new WatchLoop(config, probes, watcher, printer);
      List<String> fromStore = loop.baselinesFromStore();
      console.info("watching " + watched.size() + " service" + (watched.size() == 1 ? "" : "s") + " of " + stack.name() + " every " + human(every)
          + " (alert after " + defaults.failures() + " failures, p95 +" + HealthFormat.pct(defaults.latencyIncreasePct()) + " %, errors > "
          + HealthFormat.pct(defaults.errorRatePct()) + " % of " + defaults.window() + " probes); store " + store.url()
          + (hook == null ? "" : "; webhook " + hook) + (maxCycles == 0 && limit == null ? "; Ctrl-C to stop" : ""));
      for (String s : fromStore) {
        console.info("  " + s + ": latency baseline p95 " + Latency.ceilMillis(watcher.baselineNanos(s)) + " ms from the last successful deployment");
      }
      hookThread = new Thread(() -> {
        loop.stop();
        try {
          done.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "flotilla-watch-stop");
      Runtime.getRuntime().addShutdownHook(hookThread);
      int alerts = loop.run(maxCycles, limit);
      console.info("stopped after " + loop.rounds() + " round" + (loop.rounds() == 1 ? "" : "s") + ", " + alerts + " alert" + (alerts == 1 ? "" : "s"));
      return alerts == 0 ? ExitCode.OK : ExitCode.FAILED;
    } finally {
      done.countDown();
      if (hookThread != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(hookThread);
        } catch (IllegalStateException shuttingDown) {
          // Ctrl-C: the hook is running; it returns now that everything is closed.
        }
      }
    }
  }

  private Thresholds override(Thresholds t) {
    try {
      return new Thresholds(failures != null ? failures : t.failures(), latency != null ? latency : t.latencyIncreasePct(),
          errorRate != null ? errorRate : t.errorRatePct(), window != null ? window : t.window());
    } catch (IllegalArgumentException e) {
      throw UserError.input("watch thresholds: " + e.getMessage());
    }
  }

  static String human(Duration d) {
    if (d.toMillis() % 1000 != 0) return d.toMillis() + "ms";
    if (d.getSeconds() % 60 != 0 || d.getSeconds() < 60) return d.getSeconds() + "s";
    return d.toMinutes() + "m";
  }

  /** Prints rounds (stderr, not with -q), alerts and recoveries (stdout). */
  static final class Printer implements WatchLoop.Listener {
    private final Console console;

    Printer(Console console) {
      this.console = console;
    }

    private static String clock() {
      return LocalTime.now().truncatedTo(ChronoUnit.SECONDS).format(CLOCK);
    }

    @Override
    public void round(int n, List<ProbeResult> results, Watcher.Round round) {
      if (console.quiet()) return;
      String line = results.stream()
          .map(r -> r.service() + " " + (r.ok() ? console.paint("32", Latency.ceilMillis(r.latencyNanos()) + " ms")
              : console.paint("31", ServiceHealth.word(r) + (r.status() != null ? " " + r.status() : ""))))
          .collect(Collectors.joining(" · "));
      console.info(clock() + " round " + n + ": " + line);
    }

    @Override
    public void alert(Alert a, Diagnosis d) {
      Trigger t = a.root();
      StringBuilder sb = new StringBuilder();
      sb.append(clock()).append(' ').append(console.paint("31;1", "ALERT")).append(' ').append(console.paint("1", t.service())).append(": ")
          .append(d == null ? t.kind().lower() : d.code() + " " + d.title()).append('\n');
      sb.append("  trigger: ").append(t.kind().lower()).append(": ").append(t.detail()).append('\n');
      if (!a.affected().isEmpty()) sb.append("  also failing behind it (no separate alert): ").append(String.join(", ", a.affected())).append('\n');
      if (t.evidence() != null && t.evidence().excerpt() != null && !t.evidence().ok()) sb.append("  answer:  ").append(t.evidence().excerpt()).append('\n');
      if (d != null) {
        sb.append("  cause:   ").append(d.cause()).append('\n');
        sb.append("  try:     ").append(d.fix());
      }
      console.result(sb.toString().stripTrailing());
    }

    @Override
    public void recovered(String service) {
      console.result(clock() + " " + console.paint("32;1", "RECOVERED") + " " + service);
    }

    @Override
    public void rolledBack(String service, String what, String failure) {
      if (failure == null) console.result(clock() + " " + console.paint("33;1", "ROLLED BACK") + " " + service + ": " + what);
      else console.result(clock() + " " + console.paint("31;1", "ROLLBACK FAILED") + " " + service + ": " + failure);
    }

    @Override
    public void warning(String text) {
      console.warn(text);
    }
  }

}
