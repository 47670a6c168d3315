package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** The whole CLI from the packaged jar: help for every command, version, completion, colour, quiet, usage errors. */
class CliIT {
  static final String ESC = "\u001b[";
  @TempDir Path dir;

  /** Every registered subcommand path ("config", "errors list", …), read from FlotillaCommand so new commands are covered. */
  static Stream<String> commands() {
    List<String> out = new ArrayList<>();
    collect(new CommandLine(new FlotillaCommand()), "", out);
    return out.stream();
  }

  private static void collect(CommandLine cl, String prefix, List<String> out) {
    for (var e : cl.getSubcommands().entrySet()) {
      if (e.getValue().getCommandSpec().aliases().length > 0 && List.of(e.getValue().getCommandSpec().aliases()).contains(e.getKey())) continue;
      String path = prefix.isEmpty() ? e.getKey() : prefix + " " + e.getKey();
      out.add(path);
      collect(e.getValue(), path, out);
    }
  }

  @Test
  void everyCommandIsListed() {
    assertThat(commands()).contains("config", "generate-completion");
  }

  @ParameterizedTest(name = "{0} --help")
  @MethodSource("commands")
  void helpWorksForEveryCommand(String command) throws Exception {
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.add("--help");
    CliRun.Result r = CliRun.jar(dir, Map.of(), args.toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Usage:").contains(command.substring(command.lastIndexOf(' ') + 1));
    assertThat(r.err()).isEmpty();
  }

  @Test
  void topLevelHelpListsTheCommandsAndExitCodes() throws Exception {
    CliRun.Result r = CliRun.jar(dir, Map.of(), "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("config").contains("Exit codes");
  }

  @Test
  void version() throws Exception {
    CliRun.Result r = CliRun.jar(dir, Map.of(), "--version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).matches("(?s)flotilla \\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void completionScriptIsGenerated() throws Exception {
    CliRun.Result r = CliRun.jar(dir, Map.of(), "generate-completion");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("complete -F").contains("flotilla").contains("config");
  }

  @Test
  void unknownOptionIsAUsageErrorWithExitTwo() throws Exception {
    CliRun.Result r = CliRun.jar(dir, Map.of(), "config", "--no-such-option");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--no-such-option").doesNotContain("Exception");
    CliRun.Result unknownCommand = CliRun.jar(dir, Map.of(), "frobnicate");
    assertThat(unknownCommand.code()).isEqualTo(2);
  }

  @Test
  void noColorFlagAndEnvironmentProduceNoAnsiEscapes() throws Exception {
    Files.writeString(dir.resolve("compose.yaml"), "services:\n  a:\n    image: busybox:${UNSET_TAG}\n  b:\n    image: x\n    depends_on: [nope]\n");
    // warnings and errors are the coloured lines; stdout is never a terminal here, so force the check on both paths
    for (CliRun.Result r : List.of(
        CliRun.jar(dir, Map.of(), "--no-color", "config"),
        CliRun.jar(dir, Map.of("NO_COLOR", "1"), "config"),
        CliRun.jar(dir, Map.of(), "config", "--no-color"))) {
      assertThat(r.code()).isEqualTo(2);
      assertThat(r.err()).contains("warning: ").contains("error: ");
      assertThat(r.out() + r.err()).doesNotContain(ESC);
    }
  }

  @Test
  void quietSuppressesWarningsButNotTheResult() throws Exception {
    Files.writeString(dir.resolve("compose.yaml"), "services:\n  a:\n    image: busybox:${UNSET_TAG}\n");
    CliRun.Result normal = CliRun.jar(dir, Map.of(), "config");
    assertThat(normal.err()).contains("UNSET_TAG");
    CliRun.Result quiet = CliRun.jar(dir, Map.of(), "-q", "config");
    assertThat(quiet.code()).isZero();
    assertThat(quiet.err()).isEmpty();
    assertThat(quiet.out()).contains("image: 'busybox:'");
    CliRun.Result services = CliRun.jar(dir, Map.of(), "config", "--services", "--quiet");
    assertThat(services.out().strip()).isEqualTo("a");
  }

  @Test
  void configPrintsTheHealthyExample() throws Exception {
    Path example = Path.of("examples/healthy-platform").toAbsolutePath();
    CliRun.Result r = CliRun.jar(dir, Map.of(), "config", "--format", "json", example.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"services\"");
  }
}
