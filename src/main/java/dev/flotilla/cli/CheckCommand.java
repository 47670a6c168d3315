package dev.flotilla.cli;

import dev.flotilla.check.CheckOptions;
import dev.flotilla.check.CheckResult;
import dev.flotilla.check.Checker;
import dev.flotilla.check.Finding;
import dev.flotilla.check.Fixer;
import dev.flotilla.check.report.CheckReport;
import dev.flotilla.check.report.GithubReporter;
import dev.flotilla.check.report.JUnitReporter;
import dev.flotilla.check.report.JsonReporter;
import dev.flotilla.check.report.SarifReporter;
import dev.flotilla.check.report.TextReporter;
import dev.flotilla.load.LoadOptions;
import dev.flotilla.load.Loader;
import dev.flotilla.model.LoadWarning;
import dev.flotilla.model.Severity;
import dev.flotilla.model.Stack;
import dev.flotilla.model.UserError;
import dev.flotilla.track.CheckFinding;
import dev.flotilla.track.CheckRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code flotilla check}: find what will break the deployment before anything runs. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Check the whole project (every compose file, include, profile, Dockerfile and service source) for",
      "what will break the deployment before anything runs: build contexts, healthchecks, ports,",
      "dependencies, configuration, secrets. Findings name file:line, the related line in the other file,",
      "and the fix; --fix applies the safe ones."
    },
    footer = {"", "Exit codes: 0 nothing at or above --fail-on; 1 findings at or above --fail-on (or a rule failed);",
        "2 invalid input or usage. See docs/cli/check.md and 'flotilla rules'."})
public class CheckCommand implements Callable<Integer> {
  enum Format {
    text,
    json,
    sarif,
    junit,
    github
  }

  @ParentCommand FlotillaCommand parent;
  @Mixin ProjectOptions project;
  @Spec CommandSpec spec;

  @Option(names = "--fail-on", paramLabel = "SEVERITY",
      description = "Exit 1 when a finding is at least this severe: critical, high, medium or low (default: high).")
  String failOn = "high";

  @Option(names = "--format", paramLabel = "FORMAT", description = "text, json, sarif, junit or github (default: text).")
  Format format = Format.text;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE instead of standard output.")
  Path output;

  @Option(names = "--rule", paramLabel = "CODE", description = "Run only this rule or area (BLD001, BLD; repeatable, comma-separated).")
  List<String> rules = new ArrayList<>();

  @Option(names = "--skip", paramLabel = "CODE", description = "Do not run this rule or area (repeatable, comma-separated).")
  List<String> skip = new ArrayList<>();

  @Option(names = "--fix", description = "Apply the safe automatic fixes, then check again and report what remains.")
  boolean fix;

  @Option(names = "--dry-run", description = "With --fix: print the fixes as a unified diff and change nothing.")
  boolean dryRun;

  @Option(names = "--no-suppress", description = "Report findings even where flotilla-ignore comments or the ignore: list drop them.")
  boolean noSuppress;

  @Mixin RecordOptions recording;

  @Override
  public Integer call() {
    Console console = parent.global.console(spec.commandLine().getOut(), spec.commandLine().getErr());
    Severity threshold;
    try {
      threshold = Severity.parse(failOn);
    } catch (IllegalArgumentException e) {
      throw UserError.input("--fail-on " + failOn + ": " + e.getMessage());
    }
    if (dryRun && !fix) throw UserError.input("--dry-run only goes with --fix (flotilla check --fix --dry-run)");
    if (output != null && output.getParent() != null && !Files.isDirectory(output.toAbsolutePath().getParent())) {
      throw UserError.input("--output " + output + ": no such directory " + output.toAbsolutePath().getParent());
    }
    CheckOptions options = new CheckOptions(new LinkedHashSet<>(rules), new LinkedHashSet<>(skip), List.of(), !noSuppress);
    LoadOptions loadOptions = project.toLoadOptions();

    Stack stack = Loader.load(loadOptions);
    Path cwd = Path.of("").toAbsolutePath();
    for (LoadWarning w : stack.warnings()) console.warn(w.location().display(cwd) + ": " + w.message());
    // a dry run writes nothing, not even the store; every other run opens it while the rules run
    try (RecordOptions.Recorder recorder = fix && dryRun ? null : recording.start(stack)) {
      return check(console, threshold, options, loadOptions, stack, recorder);
    }
  }

  private int check(Console console, Severity threshold, CheckOptions options, LoadOptions loadOptions, Stack stack,
      RecordOptions.Recorder recorder) {
    Checker checker = new Checker();
    CheckResult result = checker.check(stack, options);

    if (fix) {
      Fixer.Plan plan = Fixer.plan(result.findings());
      if (plan.isEmpty()) {
        console.info("nothing to fix: no finding has a safe automatic fix");
      } else if (dryRun) {
        console.result(plan.diff(stack.projectDir()).stripTrailing());
        console.info(plan.applied().size() + " fix(es) would change " + plan.after().size() + " file(s); nothing was written (--dry-run)"
            + (plan.skipped().isEmpty() ? "" : "; " + plan.skipped().size() + " overlapping fix(es) left for a second run"));
        return result.hasAtLeast(threshold) ? ExitCode.FAILED : ExitCode.OK;
      } else {
        // a fix can make another one possible (a rewritten build context, say): up to three rounds
        java.util.Set<Path> changed = new LinkedHashSet<>();
        int applied = 0;
        int skipped = 0;
        for (int round = 0; round < 3 && !plan.isEmpty(); round++) {
          plan.write();
          changed.addAll(plan.after().keySet());
          applied += plan.applied().size();
          skipped = plan.skipped().size();
          stack = Loader.load(loadOptions);
          result = checker.check(stack, options);
          plan = Fixer.plan(result.findings());
        }
        for (Path f : changed) console.info("fixed " + new dev.flotilla.model.SourceLocation(f, 0, 0).display(stack.projectDir()));
        console.info(applied + " fix(es) applied to " + changed.size() + " file(s)"
            + (skipped == 0 ? "" : "; " + skipped + " overlapping fix(es) left: run --fix again") + "; what remains:");
      }
    }

    Stack checked = stack;
    CheckResult found = result;
    // the store writes the run while the report is rendered and printed
    recorder.submit(() -> new CheckRun(0, checked.name(), null, null, version(), findings(checked, found.findings()), List.of(), null));
    CheckReport report = new CheckReport(stack.name(), stack.projectDir(), result, threshold, version());
    boolean toFile = output != null;
    String text = switch (format) {
      case json -> JsonReporter.render(report);
      case sarif -> SarifReporter.render(report);
      case junit -> JUnitReporter.render(report);
      case github -> GithubReporter.render(report);
      case text -> new TextReporter(!toFile && console.color(), console.verbose()).render(report);
    };
    if (toFile) {
      try {
        Files.writeString(output, text.endsWith("\n") ? text : text + "\n", StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw UserError.input("--output " + output + ": cannot write (" + e.getMessage() + ")");
      }
      console.info(new TextReporter(console.color(), false).summary(report).stripTrailing());
      console.info("report written to " + output);
    } else {
      console.result(text.stripTrailing());
    }
    recorder.finish(console, "the check");
    return report.failed() ? ExitCode.FAILED : ExitCode.OK;
  }

  static List<CheckFinding> findings(Stack stack, List<Finding> findings) {
    List<CheckFinding> out = new ArrayList<>();
    for (Finding f : findings) {
      String file = f.location().file() == null ? null : new dev.flotilla.model.SourceLocation(f.location().file(), 0, 0).display(stack.projectDir());
      out.add(new CheckFinding(f.code(), f.severity(), f.category(), f.service(), f.message(), file,
          f.location().line() > 0 ? f.location().line() : null, f.location().column() > 0 ? f.location().column() : null));
    }
    return out;
  }

  static String version() {
    Properties p = new Properties();
    try (InputStream in = CheckCommand.class.getResourceAsStream("/flotilla-version.properties")) {
      if (in != null) p.load(in);
    } catch (IOException e) {
      // unknown
    }
    String v = p.getProperty("version");
    if (v == null) v = CheckCommand.class.getPackage().getImplementationVersion();
    return v == null ? "unknown" : v;
  }
}
