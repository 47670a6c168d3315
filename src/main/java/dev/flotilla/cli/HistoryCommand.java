package dev.flotilla.cli;

import dev.flotilla.report.Formatting;
import dev.flotilla.track.Deployment;
import dev.flotilla.track.Outcome;
import dev.flotilla.track.Phase;
import dev.flotilla.track.Store;
import dev.flotilla.track.TrackedError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code flotilla history}: the recorded deployments, newest first. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = "List recorded deployments, newest first: outcome, duration, phases and errors.",
    footer = {"", "Exit codes: 0 listed; 2 bad usage; 3 the database is unreachable. See docs/cli/history.md."})
public class HistoryCommand implements Callable<Integer> {
  @ParentCommand FlotillaCommand parent;
  @Spec CommandSpec spec;
  @Mixin ProjectOptions project;
  @Mixin StoreOptions storeOptions;

  @Option(names = "--since", paramLabel = "SPAN", description = "Only deployments started since then: 12h, 7d, 2w or a date.")
  String since;

  @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "At most N deployments (default: 20).")
  int limit = 20;

  @Option(names = "--environment", paramLabel = "ENV", description = "Only deployments to this environment.")
  String environment;

  @Option(names = "--format", paramLabel = "FORMAT", description = "text or json (default: text).")
  ErrorsCommand.Format format = ErrorsCommand.Format.text;

  @Override
  public Integer call() throws Exception {
    Console console = parent.global.console(spec.commandLine().getOut(), spec.commandLine().getErr());
    StoreOptions.Scope scope = StoreOptions.scope(project);
    try (Store store = storeOptions.open(scope)) {
      List<Deployment> all = store.deployments(storeOptions.projectFilter(scope), StoreOptions.since(since, Instant.now()),
          environment == null ? limit : 0);
      List<Deployment> list = new ArrayList<>();
      for (Deployment d : all) {
        if (environment != null && !environment.equals(d.environment())) continue;
        if (list.size() >= limit) break;
        list.add(d);
      }
      if (format == ErrorsCommand.Format.json) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Deployment d : list) {
          Map<String, Object> m = deploymentJson(d);
          List<Map<String, Object>> phases = new ArrayList<>();
          for (Phase p : store.phases(d.id())) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("index", p.index());
            pm.put("services", p.services());
            pm.put("started_at", ErrorsCommand.iso(p.startedAt()));
            pm.put("ended_at", ErrorsCommand.iso(p.endedAt()));
            pm.put("outcome", p.outcome().lower());
            pm.put("detail", p.detail());
            phases.add(pm);
          }
          m.put("phases", phases);
          List<Map<String, Object>> errs = new ArrayList<>();
          for (TrackedError e : store.errorsOfDeployment(d.id())) errs.add(ErrorsCommand.summary(e));
          m.put("errors", errs);
          out.add(m);
        }
        console.result(ErrorsCommand.JSON.writeValueAsString(out));
        return ExitCode.OK;
      }
      if (list.isEmpty()) {
        console.info("no deployments recorded for " + (storeOptions.allProjects ? "any project" : "project " + scope.name()) + " in " + store.url());
        return ExitCode.OK;
      }
      console.result(String.format("%-6s %-20s %-12s %-12s %-10s %-9s %-12s %-7s %s", "ID", "STARTED", "ENVIRONMENT", "OUTCOME", "DURATION",
          "RUNTIME", "BY", "PHASES", "ERRORS"));
      for (Deployment d : list) {
        List<Phase> phases = store.phases(d.id());
        long okPhases = phases.stream().filter(p -> p.outcome() == Outcome.SUCCEEDED).count();
        List<TrackedError> errs = store.errorsOfDeployment(d.id());
        String outcome = String.format("%-12s", d.outcome().lower());
        outcome = switch (d.outcome()) {
          case SUCCEEDED -> console.paint("32", outcome);
          case FAILED, ROLLED_BACK -> console.paint("31", outcome);
          default -> outcome;
        };
        StringBuilder errText = new StringBuilder();
        for (TrackedError e : errs) {
          if (errText.length() > 0) errText.append(", ");
          errText.append(e.code()).append(e.service() == null ? "" : "@" + e.service()).append(" #").append(e.id());
        }
        String failedPhase = phases.stream().filter(p -> p.outcome() == Outcome.FAILED).findFirst()
            .map(p -> " (phase " + (p.index() + 1) + " failed: " + String.join(",", p.services()) + ")").orElse("");
        console.result(String.format("%-6d %-20s %-12s %s %-10s %-9s %-12s %-7s %s", d.id(), Formatting.time(d.startedAt()), d.environment(),
            outcome, Formatting.duration(d.durationMs()), d.runtime(), Formatting.oneLine(d.user(), 12), okPhases + "/" + phases.size(),
            (errText.length() == 0 ? "-" : errText.toString()) + failedPhase));
      }
      return ExitCode.OK;
    }
  }

  static Map<String, Object> deploymentJson(Deployment d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", d.id());
    m.put("project", d.project());
    m.put("environment", d.environment());
    m.put("user", d.user());
    m.put("runtime", d.runtime());
    m.put("started_at", ErrorsCommand.iso(d.startedAt()));
    m.put("finished_at", ErrorsCommand.iso(d.finishedAt()));
    m.put("outcome", d.outcome().lower());
    m.put("duration_ms", d.durationMs());
    m.put("rolled_back_to", d.rolledBackTo());
    return m;
  }
}
