package dev.flotilla.cli;

import dev.flotilla.check.CheckOptions;
import dev.flotilla.check.CheckResult;
import dev.flotilla.check.Checker;
import dev.flotilla.load.Loader;
import dev.flotilla.model.Stack;
import dev.flotilla.report.Readiness;
import dev.flotilla.report.ReadinessFormat;
import dev.flotilla.track.CheckRun;
import dev.flotilla.track.ReadinessScore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code flotilla score}: the deployment-readiness score per service and overall. */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = {
      "Score each service's deployment readiness (0-100) against the architecture-compliance checklist",
      "(health endpoint, structured logging, metrics, configuration from the environment, declared",
      "dependencies and ports, restart policy and error handling, resource limits) and every check finding;",
      "with per-area scores, deviations, recommendations, a risk level and a bronze/silver/gold level."
    },
    footer = {"", "Exit codes: 0 scored; 1 the overall score is below --min-score (or nothing could be scored);",
        "2 invalid input. See docs/cli/score.md."})
public class ScoreCommand implements Callable<Integer> {
  enum Format {
    text,
    json,
    markdown
  }

  @ParentCommand FlotillaCommand parent;
  @Mixin ProjectOptions project;
  @Spec CommandSpec spec;

  @Option(names = "--format", paramLabel = "FORMAT", description = "text, json or markdown (default: text).")
  Format format = Format.text;

  @Option(names = "--min-score", paramLabel = "N", description = "Exit 1 when the overall score is below N (0-100), for CI.")
  Integer minScore;

  @Mixin RecordOptions recording;

  @Override
  public Integer call() {
    Console console = parent.global.console(spec.commandLine().getOut(), spec.commandLine().getErr());
    if (minScore != null && (minScore < 0 || minScore > 100)) {
      throw dev.flotilla.model.UserError.input("--min-score " + minScore + ": give a number from 0 to 100");
    }
    Stack stack = Loader.load(project.toLoadOptions());
    CheckResult checked = new Checker().check(stack, CheckOptions.DEFAULT);
    Readiness.Report report = Readiness.assess(stack, checked.findings());
    switch (format) {
      case json -> console.result(ReadinessFormat.json(report, stack.projectDir()));
      case markdown -> console.result(ReadinessFormat.markdown(report, stack.projectDir()));
      default -> console.result(ReadinessFormat.text(report, stack.projectDir(), console.verbose()));
    }
    record(console, stack, checked, report);
    if (minScore != null) {
      if (!report.scored()) {
        console.info("nothing could be scored: below --min-score " + minScore);
        return ExitCode.FAILED;
      }
      if (report.score() < minScore) {
        console.info("overall score " + report.score() + " is below --min-score " + minScore);
        return ExitCode.FAILED;
      }
    }
    return ExitCode.OK;
  }

  /**
   * Records the scoring as a check run with its findings and one score per scored service, so
   * {@code report compliance} and the dashboard show readiness over time. A store problem is a
   * warning, never a different exit code.
   */
  private void record(Console console, Stack stack, CheckResult checked, Readiness.Report report) {
    recording.record(console, stack, "the scores", () -> {
      java.util.List<ReadinessScore> scores = new java.util.ArrayList<>();
      java.time.Instant now = java.time.Instant.now();
      for (Readiness.ServiceScore s : report.services()) {
        if (!s.scored()) continue;
        String details = String.join("; ", s.deviations());
        scores.add(new ReadinessScore(s.service(), s.score(), s.level() == null ? null : s.level().lower(), details.isEmpty() ? null : details, now));
      }
      return new CheckRun(0, stack.name(), now, null, CheckCommand.version(), CheckCommand.findings(stack, checked.findings()), scores, "flotilla score");
    });
  }
}
