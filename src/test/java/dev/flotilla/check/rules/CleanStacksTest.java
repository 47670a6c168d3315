package dev.flotilla.check.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.check.CheckResult;
import dev.flotilla.check.Finding;
import dev.flotilla.check.FixtureHarness;
import dev.flotilla.model.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * False alarms matter as much as misses: realistic stacks written the way real projects write
 * them (src/test/resources/clean/NAME) must give no finding at HIGH or above with every rule on.
 */
class CleanStacksTest {
  static final Path ROOT = Path.of("src/test/resources/clean");

  @TestFactory
  Stream<DynamicTest> noHighFindingOnCleanStacks() throws IOException {
    List<Path> stacks;
    try (Stream<Path> s = Files.list(ROOT)) {
      stacks = s.filter(Files::isDirectory).sorted().toList();
    }
    DynamicTest count = DynamicTest.dynamicTest("at least ten stacks", () -> assertThat(stacks).hasSizeGreaterThanOrEqualTo(10));
    return Stream.concat(Stream.of(count), stacks.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
      CheckResult r = FixtureHarness.at(dir).allRules().check();
      assertThat(r.failures()).as("rules that threw").isEmpty();
      if (System.getenv("FLOTILLA_SHOW_FINDINGS") != null) System.out.println(dir + "\n" + describe(r.findings(), dir));
      List<Finding> high = r.findings().stream().filter(f -> f.severity().atLeast(Severity.HIGH)).toList();
      assertThat(high).as(dir + ": findings at HIGH or above:\n" + describe(high, dir) + "\nall findings:\n" + describe(r.findings(), dir)).isEmpty();
    })));
  }

  static String describe(List<Finding> fs, Path dir) {
    return fs.stream().map(f -> "  " + f.severity() + " " + f.code() + " " + f.location().line() + " " + f.service() + ": " + f.message())
        .collect(Collectors.joining("\n"));
  }
}
