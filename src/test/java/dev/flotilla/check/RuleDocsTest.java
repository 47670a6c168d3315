package dev.flotilla.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/rules holds exactly the pages {@code flotilla rules --markdown docs/rules} generates from the
 * rules' metadata: one per registered rule, up to date, plus the index. When this fails,
 * regenerate: {@code ./flotilla rules --markdown docs/rules}.
 */
class RuleDocsTest {
  static final Path DOCS = Path.of("docs/rules");
  static final String REGENERATE = " (regenerate with: ./flotilla rules --markdown docs/rules)";

  @Test
  void everyRuleHasAnUpToDatePage() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Rule rule : Checker.allRules()) {
      RuleInfo info = rule.info();
      Path page = DOCS.resolve(info.code() + ".md");
      if (!Files.isRegularFile(page)) problems.add("missing " + page);
      else if (!Files.readString(page, StandardCharsets.UTF_8).equals(RuleDocs.page(info))) problems.add("out of date " + page);
    }
    assertThat(problems).as("rule pages" + REGENERATE).isEmpty();
  }

  @Test
  void indexListsEveryRule() throws IOException {
    List<RuleInfo> all = Checker.allRules().stream().map(Rule::info).toList();
    assertThat(Files.readString(DOCS.resolve("README.md"), StandardCharsets.UTF_8)).as("docs/rules/README.md" + REGENERATE).isEqualTo(RuleDocs.index(all));
  }

  @Test
  void noPageForARuleThatDoesNotExist() throws IOException {
    Set<String> codes = Checker.allRules().stream().map(r -> r.info().code() + ".md").collect(Collectors.toSet());
    Set<String> stale = new TreeSet<>();
    try (Stream<Path> files = Files.list(DOCS)) {
      files.map(p -> p.getFileName().toString()).filter(n -> n.matches("[A-Z]{3}\\d{3}\\.md")).filter(n -> !codes.contains(n)).forEach(stale::add);
    }
    assertThat(stale).as("pages of unregistered rules").isEmpty();
  }

  @Test
  void everyPageSaysWhyShowsAFailingExampleTheFixAndHowToSuppress() {
    for (Rule rule : Checker.allRules()) {
      String page = RuleDocs.page(rule.info());
      assertThat(page).as(rule.info().code())
          .contains("## Why it breaks the deployment", "## Failing example", "## Fix", "## How to suppress", "flotilla-ignore " + rule.info().code());
    }
  }

  @Test
  void thereAreFortyRules() {
    assertThat(Checker.allRules()).hasSizeGreaterThanOrEqualTo(40);
  }
}
