package dev.flotilla.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@link Rule#readsSources()} decides when a rule runs (rules reading sources or the shared file
 * listing run after the others, while the source scan proceeds on a second thread). A rule that reads sources without saying so
 * would still be right but wait for the scan early; one that says so without reading them would
 * start a scan nobody needs. Each rule's own source file tells which it is.
 */
class RuleSourcesDeclaredTest {
  @Test
  void everyRuleThatReadsSourcesSaysSo() throws Exception {
    for (Rule rule : Checker.allRules()) {
      Path file = Path.of("src/main/java", rule.getClass().getName().replace('.', '/') + ".java");
      String text = Files.readString(file);
      boolean reads = text.contains("SourceFacts") || text.contains("SourceScanner") || text.contains("FileTree");
      assertThat(rule.readsSources()).as(rule.info().code() + " (" + file + ") reads sources: " + reads).isEqualTo(reads);
    }
  }
}
