package dev.flotilla.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level command; each subcommand is one class in this package. */
@Command(
    name = "flotilla",
    mixinStandardHelpOptions = true,
    versionProvider = FlotillaCommand.Version.class,
    description = {
      "Check, plan, deploy and track multi-service platforms without surprises.",
      ""
    },
    subcommands = {
      AutoComplete.GenerateCompletion.class,
      ConfigCommand.class,
      CheckCommand.class,
      RulesCommand.class,
      ScoreCommand.class,
      ErrorsCommand.class,
      HistoryCommand.class,
      ReportCommand.class,
      ExplainCommand.class,
      HealthCommand.class,
      WatchCommand.class,
      ServeCommand.class,
      PlanCommand.class,
      UpCommand.class,
      DownCommand.class,
      StatusCommand.class,
      LogsCommand.class,
      RestartCommand.class,
      StopCommand.class,
      RollbackCommand.class,
    },
    footer = {
      "",
      "Exit codes: 0 success; 1 problems found or the job failed; 2 bad usage or invalid input;",
      "3 a required outside part (Docker engine, database) is unreachable.",
      "Documentation: docs/cli.md"
    })
public class FlotillaCommand implements Runnable {
  @Mixin GlobalOptions global;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      Properties p = new Properties();
      try (InputStream in = FlotillaCommand.class.getResourceAsStream("/flotilla-version.properties")) {
        if (in != null) p.load(in);
      } catch (IOException e) {
        // version stays unknown
      }
      return new String[] {
        "flotilla " + p.getProperty("version", "unknown"),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}
