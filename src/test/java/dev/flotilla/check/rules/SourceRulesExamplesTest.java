package dev.flotilla.check.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.check.CheckResult;
import dev.flotilla.check.Finding;
import dev.flotilla.check.FixtureHarness;
import dev.flotilla.model.Severity;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The application-source rules on the repository's examples: every seeded failure on its line, nothing else. */
class SourceRulesExamplesTest {
  static final String[] CODES = {"BLD005", "BLD006", "BLD009", "PRT004", "COD001", "COD002", "COD003", "COD004", "COD005", "COD006"};
  static final Set<String> MINE = Set.of(CODES);

  @Test
  void brokenPlatformFindsEverySeededSourceFailureOnItsLine() {
    FixtureHarness h = FixtureHarness.at(Path.of("examples/broken-platform")).rule(CODES);
    CheckResult r = h.check();
    assertThat(r.failures()).isEmpty();
    Set<String> expected = new TreeSet<>();
    for (FixtureHarness.Expectation e : FixtureHarness.expectations(h.workDir())) {
      if (MINE.contains(e.code())) expected.add(e.file() + ":" + e.line() + " " + e.code());
    }
    Set<String> actual = new TreeSet<>();
    for (Finding f : r.findings()) {
      if (f.severity().atLeast(Severity.MEDIUM)) actual.add(key(f, h.workDir()));
    }
    System.out.println(String.join("\n", r.findings().stream().map(f -> key(f, h.workDir()) + " " + f.severity() + " " + f.message()).toList()));
    assertThat(actual).isEqualTo(expected);
    assertThat(expected).hasSize(13);
  }

  @Test
  void healthyPlatformHasNoSourceFindings() {
    FixtureHarness h = FixtureHarness.at(Path.of("examples/healthy-platform")).rule(CODES);
    CheckResult r = h.check();
    assertThat(r.failures()).isEmpty();
    List<String> found = r.findings().stream().filter(f -> f.severity().atLeast(Severity.MEDIUM)).map(f -> key(f, h.workDir()) + " " + f.message()).toList();
    assertThat(found).isEmpty();
  }

  static String key(Finding f, Path dir) {
    String file = f.location().file() == null ? "<unknown>" : dir.toAbsolutePath().relativize(f.location().file().toAbsolutePath()).toString();
    return file + ":" + f.location().line() + " " + f.code();
  }
}
