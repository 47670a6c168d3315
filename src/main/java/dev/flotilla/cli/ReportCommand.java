package dev.flotilla.cli;

import dev.flotilla.model.UserError;
import dev.flotilla.report.CatalogReport;
import dev.flotilla.report.ComplianceReport;
import dev.flotilla.report.DeploymentReport;
import dev.flotilla.report.ErrorsReport;
import dev.flotilla.report.ResolutionTargets;
import dev.flotilla.track.Deployment;
import dev.flotilla.track.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code flotilla report}: deployment, errors, compliance and catalog reports. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Reports from the store and the project: one deployment, error trends, readiness over time, and the",
      "service catalog. Markdown (default), a self-contained HTML page with charts, or JSON."
    },
    subcommands = {ReportCommand.DeploymentCmd.class, ReportCommand.ErrorsCmd.class, ReportCommand.ComplianceCmd.class,
        ReportCommand.CatalogCmd.class},
    footer = {"", "Exit codes: 0 written; 2 bad usage, unknown id or invalid project; 3 the database is unreachable. See docs/cli/report.md."})
public class ReportCommand implements Runnable {
  @ParentCommand FlotillaCommand parent;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  enum Format {
    markdown,
    html,
    json
  }

  /** Options every report shares: format and output file. */
  static class Output {
    @Option(names = "--format", paramLabel = "FORMAT", description = "markdown, html or json (default: markdown).")
    Format format = Format.markdown;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE instead of standard output.")
    Path output;

    void write(Console console, String text) {
      if (output == null) {
        console.result(text.stripTrailing());
        return;
      }
      try {
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(output, text, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw UserError.input("cannot write " + output + ": " + e.getMessage());
      }
      console.info("wrote " + output);
    }

    String render(Console console, String markdown, java.util.function.Supplier<String> html, Map<String, Object> json) {
      try {
        return switch (format) {
          case markdown -> markdown;
          case html -> html.get();
          case json -> ErrorsCommand.JSON.writeValueAsString(json);
        };
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  Console console() {
    return parent.global.console(spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  @Command(name = "deployment", mixinStandardHelpOptions = true,
      description = "One deployment: what ran, each phase's timing, health, errors with diagnosis, rollback (default: the latest).")
  static class DeploymentCmd implements Callable<Integer> {
    @ParentCommand ReportCommand report;
    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "Deployment id (from 'flotilla history'; default: the latest).")
    Long id;
    @Mixin ProjectSelection project;
    @Mixin StoreOptions storeOptions;
    @Mixin Output output;

    @Override
    public Integer call() {
      Console console = report.console();
      StoreOptions.Scope scope = StoreOptions.scope(project.options());
      try (Store store = storeOptions.open(scope)) {
        long which;
        if (id != null) which = id;
        else {
          Deployment latest = store.latestDeployment(storeOptions.projectFilter(scope))
              .orElseThrow(() -> UserError.input("no deployments recorded for project " + scope.name() + " in " + store.url()
                  + " (run 'flotilla up', or pass --db / -p)"));
          which = latest.id();
        }
        DeploymentReport r = DeploymentReport.of(store, which);
        output.write(console, output.render(console, r.markdown(), () -> r.html(Instant.now()), r.json()));
        return ExitCode.OK;
      }
    }
  }

  @Command(name = "errors", mixinStandardHelpOptions = true,
      description = "Error trends: counts by day, category, service and code; top recurring; regressions; mean time to resolve; target breaches.")
  static class ErrorsCmd implements Callable<Integer> {
    @ParentCommand ReportCommand report;
    @Mixin ProjectOptions project;
    @Mixin StoreOptions storeOptions;
    @Mixin Output output;

    @Option(names = "--since", paramLabel = "SPAN", description = "Window: 24h, 7d (default), 4w or a date.")
    String since = "7d";

    @Override
    public Integer call() {
      Console console = report.console();
      StoreOptions.Scope scope = StoreOptions.scope(project);
      ResolutionTargets targets = scope.stack() == null ? ResolutionTargets.SEED_002 : ResolutionTargets.from(scope.stack().settings().raw());
      Instant now = Instant.now();
      try (Store store = storeOptions.open(scope)) {
        ErrorsReport r = ErrorsReport.of(store, storeOptions.projectFilter(scope), StoreOptions.since(since, now), now, targets);
        output.write(console, output.render(console, r.markdown(), r::html, r.json()));
        return ExitCode.OK;
      }
    }
  }

  @Command(name = "compliance", mixinStandardHelpOptions = true,
      description = "Readiness scores per service (recorded by 'flotilla score') and their trend, with the recorded check runs.")
  static class ComplianceCmd implements Callable<Integer> {
    @ParentCommand ReportCommand report;
    @Mixin ProjectOptions project;
    @Mixin StoreOptions storeOptions;
    @Mixin Output output;

    @Option(names = "--since", paramLabel = "SPAN", description = "Window: 30d (default), 12w or a date.")
    String since = "30d";

    @Override
    public Integer call() {
      Console console = report.console();
      StoreOptions.Scope scope = StoreOptions.scope(project);
      try (Store store = storeOptions.open(scope)) {
        ComplianceReport r = ComplianceReport.of(store, storeOptions.projectFilter(scope), StoreOptions.since(since, Instant.now()));
        if (!r.hasScores()) {
          // Scores come from 'flotilla score'; a build without it cannot have recorded any.
          boolean scoring = report.spec.root().subcommands().containsKey("score");
          r = r.withMessage(scoring ? ComplianceReport.NO_SCORES : ComplianceReport.NO_SCORE_COMMAND);
          console.warn(r.message());
        }
        output.write(console, output.render(console, r.markdown(), r::html, r.json()));
        return ExitCode.OK;
      }
    }
  }

  @Command(name = "catalog", mixinStandardHelpOptions = true,
      description = "The service catalog: ports, health endpoint, dependencies (drawn), environment (secrets redacted), image and build context.")
  static class CatalogCmd implements Callable<Integer> {
    @ParentCommand ReportCommand report;
    @Mixin ProjectOptions project;
    @Mixin Output output;

    @Override
    public Integer call() {
      Console console = report.console();
      CatalogReport r = CatalogReport.of(dev.flotilla.load.Loader.load(project.toLoadOptions()));
      output.write(console, output.render(console, r.markdown(), r::html, r.json()));
      return ExitCode.OK;
    }
  }
}
