package dev.flotilla.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad input gives exit 2 and one error line with file:line and a fix; never a stack trace. */
class BadInputTest {
  @TempDir Path dir;

  static List<BadInputs.Case> cases() {
    return BadInputs.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void exitTwoWithOneLineNamingTheFile(BadInputs.Case c) throws Exception {
    List<String> args = new ArrayList<>(List.of("config"));
    args.addAll(c.setup().write(dir));
    CliRun.Result r = CliRun.inProcess(args.toArray(String[]::new));
    assertOneLineError(c, r.code(), r.err());
  }

  static void assertOneLineError(BadInputs.Case c, int code, String err) {
    assertThat(code).as("exit code; stderr: %s", err).isEqualTo(2);
    List<String> errors = err.lines().filter(l -> l.startsWith("error: ")).toList();
    assertThat(errors).as("stderr: %s", err).isNotEmpty();
    assertThat(err.lines().filter(l -> !l.startsWith("error: ") && !l.startsWith("warning: ")).toList()).as("only error/warning lines: %s", err).isEmpty();
    assertThat(err).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("internal error");
    String first = errors.get(0).substring("error: ".length());
    String shown = first.replaceFirst("^/\\S*/", ""); // the file is shown with its path; compare from its name
    assertThat(shown).as("first error line").startsWith(c.where()).contains(c.says());
  }

  static boolean isRoot() throws Exception {
    return "root".equals(System.getProperty("user.name")) || Files.getOwner(Path.of(System.getProperty("user.home"))).getName().equals("root");
  }
}
