package dev.flotilla.check.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.check.CheckResult;
import dev.flotilla.check.Finding;
import dev.flotilla.check.FixtureHarness;
import dev.flotilla.check.Fixer;
import dev.flotilla.check.TextEdit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fixes as before/after pairs: every fix of the rule on {@code check/CODE/bad} applied to the
 * copy must give {@code check/CODE/bad/after} (expect-comments aside), and the fixed project must
 * check clean for that code.
 */
class RuleFixesTest {

  @ParameterizedTest
  @ValueSource(strings = {"PRT003", "DEP004"})
  void fixGivesTheAfterFileAndChecksClean(String code) throws IOException {
    FixtureHarness h = FixtureHarness.fixture(code, "bad");
    CheckResult before = h.check();
    List<TextEdit> edits = new ArrayList<>();
    for (Finding f : before.findings()) if (f.fix() != null) edits.addAll(f.fix().edits());
    assertThat(edits).as("fixes of " + code).isNotEmpty();
    apply(edits);

    Path after = FixtureHarness.ROOT.resolve(code).resolve("bad").resolve("after");
    try (var files = Files.walk(after)) {
      for (Path expected : files.filter(Files::isRegularFile).toList()) {
        Path actual = h.workDir().resolve(after.relativize(expected).toString());
        assertThat(strip(Files.readString(actual))).as(actual.toString()).isEqualTo(strip(Files.readString(expected)));
      }
    }
    CheckResult again = FixtureHarness.at(h.workDir()).rule(code).check();
    assertThat(again.findings()).as("findings after the fix").isEmpty();
  }

  /** Applies edits the way {@code flotilla check --fix} does. */
  static void apply(List<TextEdit> edits) {
    Fixer.apply(edits);
  }

  private static String strip(String s) {
    return s.replaceAll("[ \\t]*#\\s*expect:[ A-Z0-9,]*", "");
  }
}
