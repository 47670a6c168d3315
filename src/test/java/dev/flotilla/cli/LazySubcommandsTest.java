package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.testing.CliRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class LazySubcommandsTest {
  private static final CommandLine FULL = new CommandLine(new FlotillaCommand());

  @Test
  void rootOptionsAreFlagsSoTheFirstWordIsTheSubcommand() {
    // a root option taking a value would make "flotilla --opt check" ambiguous for LazySubcommands.chosen
    for (OptionSpec o : FULL.getCommandSpec().options()) {
      assertThat(o.arity().max()).as(o.longestName()).isZero();
    }
  }

  @Test
  void topLevelHelpIsTheSameAsPicocliBuildsFromTheAnnotation() {
    assertThat(usage(LazySubcommands.commandLine(new String[] {"--help"}))).isEqualTo(usage(FULL));
    assertThat(usage(LazySubcommands.commandLine(new String[] {"-q", "check"}))).isEqualTo(usage(FULL));
  }

  @Test
  void onlyTheNamedSubcommandIsBuiltInFull() {
    CommandLine cl = LazySubcommands.commandLine(new String[] {"-q", "check", "--no-record"});
    assertThat(cl.getSubcommands().keySet()).containsExactlyElementsOf((Iterable<String>) FULL.getSubcommands().keySet());
    Object check = cl.getSubcommands().get("check").getCommand();
    assertThat(check).isInstanceOf(CheckCommand.class);
    assertThat(cl.getSubcommands().get("check").getCommandSpec().findOption("--fail-on")).isNotNull();
    assertThat(cl.getSubcommands().get("config").getCommandSpec().options()).noneMatch(o -> o.longestName().equals("--format"));
    Object root = cl.getCommand();
    assertThat(((CheckCommand) check).parent).isSameAs(root);
    for (String name : FULL.getSubcommands().keySet()) {
      assertThat(usage(LazySubcommands.commandLine(new String[] {name}).getSubcommands().get(name)))
          .as(name).isEqualTo(usage(FULL.getSubcommands().get(name)));
    }
  }

  @Test
  void completionAndArgumentFilesGetEverySubcommand() {
    assertThat(LazySubcommands.chosen(new String[] {"generate-completion"})).isNull();
    assertThat(LazySubcommands.chosen(new String[] {"@args.txt"})).isNull();
    CommandLine cl = LazySubcommands.commandLine(new String[] {"generate-completion"});
    assertThat(cl.getSubcommands().get("check").getCommandSpec().findOption("--fail-on")).isNotNull();
  }

  @Test
  void globalOptionsReachTheChosenCommand() {
    CliRun.Result quiet = CliRun.inProcess("-q", "rules", "BLD001");
    CliRun.Result after = CliRun.inProcess("rules", "BLD001", "-q");
    assertThat(quiet.code()).isZero();
    assertThat(quiet.out()).contains("BLD001").isEqualTo(after.out());
  }

  private static String usage(CommandLine cl) {
    StringWriter s = new StringWriter();
    cl.usage(new PrintWriter(s, true), CommandLine.Help.Ansi.OFF);
    return s.toString();
  }

  @Test
  void commandsThatReadAProjectAreKnownBeforeTheyAreBuilt() {
    assertThat(LazySubcommands.loadsProject(CheckCommand.class)).isTrue();
    assertThat(LazySubcommands.loadsProject(ConfigCommand.class)).isTrue();
    assertThat(LazySubcommands.loadsProject(PlanCommand.class)).isTrue();
    assertThat(LazySubcommands.loadsProject(ExplainCommand.class)).isTrue();
    assertThat(LazySubcommands.loadsProject(RulesCommand.class)).isFalse();
    assertThat(LazySubcommands.loadsProject(ServeCommand.class)).isFalse();
  }
}
