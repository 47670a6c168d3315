package dev.flotilla.check.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.check.CheckResult;
import dev.flotilla.check.Finding;
import dev.flotilla.check.FixtureHarness;
import dev.flotilla.check.TextEdit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

  /** Applies edits file by file, last offset first, so earlier offsets stay valid. */
  static void apply(List<TextEdit> edits) throws IOException {
    Map<Path, List<TextEdit>> byFile = new TreeMap<>();
    for (TextEdit e : edits) byFile.computeIfAbsent(e.file(), k -> new ArrayList<>()).add(e);
    for (Map.Entry<Path, List<TextEdit>> f : byFile.entrySet()) {
      String text = Files.readString(f.getKey(), StandardCharsets.UTF_8);
      List<TextEdit> list = new ArrayList<>(f.getValue());
      list.sort(Comparator.comparingInt(TextEdit::offset).reversed());
      StringBuilder sb = new StringBuilder(text);
      for (TextEdit e : list) sb.replace(e.offset(), e.offset() + e.length(), e.replacement());
      Files.writeString(f.getKey(), sb.toString(), StandardCharsets.UTF_8);
    }
  }

  private static String strip(String s) {
    return s.replaceAll("[ \\t]*#\\s*expect:[ A-Z0-9,]*", "");
  }
}
