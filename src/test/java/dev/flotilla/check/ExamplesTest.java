package dev.flotilla.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.model.Severity;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every rule on the repository's examples, as {@code flotilla check} runs them:
 * examples/broken-platform reports every {@code # expect: CODE} marker on its line and nothing at
 * MEDIUM or above that is not marked (LOW findings, RES001, are not marked); examples/healthy-platform has nothing at MEDIUM or above.
 */
class ExamplesTest {

  @Test
  void brokenPlatformReportsEveryMarkerOnItsLine() {
    FixtureHarness h = FixtureHarness.at(Path.of("examples/broken-platform")).allRules();
    CheckResult r = h.check();
    assertThat(r.failures()).as("rules that threw").isEmpty();
    Set<String> expected = new TreeSet<>();
    for (FixtureHarness.Expectation e : FixtureHarness.expectations(h.workDir())) expected.add(e.file() + ":" + e.line() + " " + e.code());
    Set<String> reported = new TreeSet<>();
    for (Finding f : r.findings()) reported.add(FixtureHarness.key(f, h.workDir()));
    Set<String> missing = new TreeSet<>(expected);
    missing.removeAll(reported);
    assertThat(missing).as("markers not reported on their line").isEmpty();
    assertThat(expected).as("markers in the example").hasSizeGreaterThanOrEqualTo(30);
  }

  @Test
  void brokenPlatformReportsNothingAtMediumOrAboveThatIsNotMarked() {
    FixtureHarness h = FixtureHarness.at(Path.of("examples/broken-platform")).allRules();
    CheckResult r = h.check();
    Set<String> expected = new TreeSet<>();
    for (FixtureHarness.Expectation e : FixtureHarness.expectations(h.workDir())) expected.add(e.file() + ":" + e.line() + " " + e.code());
    List<String> extra = r.findings().stream()
        .filter(f -> f.severity().atLeast(Severity.MEDIUM))
        .filter(f -> !expected.contains(FixtureHarness.key(f, h.workDir())))
        .map(f -> FixtureHarness.key(f, h.workDir()) + " " + f.severity() + " " + f.message())
        .toList();
    assertThat(extra).as("MEDIUM or more severe findings without a marker").isEmpty();
  }

  @Test
  void healthyPlatformHasNothingAtMediumOrAbove() {
    FixtureHarness h = FixtureHarness.at(Path.of("examples/healthy-platform")).allRules();
    CheckResult r = h.check();
    assertThat(r.failures()).as("rules that threw").isEmpty();
    List<String> found = r.findings().stream()
        .filter(f -> f.severity().atLeast(Severity.MEDIUM))
        .map(f -> FixtureHarness.key(f, h.workDir()) + " " + f.severity() + " " + f.message())
        .toList();
    assertThat(found).isEmpty();
  }
}
