package dev.flotilla.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.model.Category;
import dev.flotilla.model.ProjectSettings;
import dev.flotilla.model.Severity;
import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.Stack;
import dev.flotilla.model.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckerTest {
  @TempDir Path dir;

  /** A rule that reports fixed locations, standing in for real rules. */
  @RuleInfo(code = "TST001", severity = Severity.HIGH, category = Category.CONFIGURATION, title = "t", explanation = "e")
  static final class At implements Rule {
    final List<SourceLocation> where = new ArrayList<>();
    SourceLocation related;

    @Override
    public List<Finding> check(Stack stack) {
      return where.stream().map(w -> finding("svc", "problem at " + w.line(), w).related(related, "other").build()).toList();
    }
  }

  @RuleInfo(code = "TST002", severity = Severity.LOW, category = Category.RESOURCE, title = "t", explanation = "e")
  static final class Boom implements Rule {
    @Override
    public List<Finding> check(Stack stack) {
      throw new IllegalStateException("kaput");
    }
  }

  Stack stack(Map<String, Object> raw) {
    return new Stack("p", dir, List.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Set.of(),
        new ProjectSettings(List.of(), SourceLocation.UNKNOWN, null, raw), Map.of(), List.of());
  }

  @Test
  void sortsByFileThenLineAndDropsDuplicates() throws IOException {
    Path a = Files.writeString(dir.resolve("a.yaml"), "x\ny\nz\n");
    Path b = Files.writeString(dir.resolve("b/Dockerfile".replace("b/", "")), "FROM x\n");
    At rule = new At();
    rule.where.addAll(List.of(SourceLocation.of(b, 1), SourceLocation.of(a, 3), SourceLocation.of(a, 1), SourceLocation.of(a, 1)));
    CheckResult r = new Checker(List.of(rule)).check(stack(Map.of()), CheckOptions.DEFAULT);
    assertThat(r.findings()).extracting(f -> f.location().file().getFileName() + ":" + f.location().line())
        .containsExactly("Dockerfile:1", "a.yaml:1", "a.yaml:3");
  }

  @Test
  void commentOnTheLineOrTheLinesAboveSuppressesInAnyLanguage() throws IOException {
    Path compose = Files.writeString(dir.resolve("compose.yaml"), String.join("\n",
        "services:",
        "  web:",
        "    image: x  # flotilla-ignore TST001 vendor image",
        "    # flotilla-ignore TST001,TST009 we know",
        "    # another comment",
        "    ports: ['80:80']",
        "",
        "    user: root",
        "    # flotilla-ignore TST001 the blank line below ends this block",
        "",
        "    restart: always",
        ""));
    Path src = Files.writeString(dir.resolve("main.go"), "package main\n// flotilla-ignore TST reason\nvar x = 1\nvar y = 2\n");
    At rule = new At();
    for (int line : new int[] {3, 6, 8, 11}) rule.where.add(SourceLocation.of(compose, line));
    rule.where.add(SourceLocation.of(src, 3));
    rule.where.add(SourceLocation.of(src, 4));
    CheckResult r = new Checker(List.of(rule)).check(stack(Map.of()), CheckOptions.DEFAULT);
    assertThat(r.findings()).extracting(f -> f.location().file().getFileName() + ":" + f.location().line())
        .containsExactly("compose.yaml:8", "compose.yaml:11", "main.go:4");
    assertThat(r.suppressed()).extracting(CheckResult.Suppressed::reason)
        .containsExactly("vendor image", "we know", "reason");

    CheckResult audit = new Checker(List.of(rule)).check(stack(Map.of()), CheckOptions.DEFAULT.withoutSuppressions());
    assertThat(audit.findings()).hasSize(6);
  }

  @Test
  void aCommentOnTheRelatedLineSuppressesToo() throws IOException {
    Path compose = Files.writeString(dir.resolve("compose.yaml"), "services:\n  web:\n    build: .  # flotilla-ignore TST001\n");
    Path df = Files.writeString(dir.resolve("Dockerfile"), "FROM x\nCOPY ../a b\n");
    At rule = new At();
    rule.where.add(SourceLocation.of(df, 2));
    rule.related = SourceLocation.of(compose, 3);
    assertThat(new Checker(List.of(rule)).check(stack(Map.of()), CheckOptions.DEFAULT).findings()).isEmpty();
  }

  @Test
  void ignoreListMatchesCodeServiceAndPath() throws IOException {
    Path vendor = dir.resolve("vendor/x");
    Files.createDirectories(vendor);
    Path f1 = Files.writeString(vendor.resolve("compose.yaml"), "a\n");
    Path f2 = Files.writeString(dir.resolve("compose.yaml"), "a\n");
    At rule = new At();
    rule.where.addAll(List.of(SourceLocation.of(f1, 1), SourceLocation.of(f2, 1)));
    Map<String, Object> raw = Map.of("ignore", List.of(Map.of("code", "TST001", "path", "vendor/**", "reason", "third party")));
    CheckResult r = new Checker(List.of(rule)).check(stack(raw), CheckOptions.DEFAULT);
    assertThat(r.findings()).extracting(f -> f.location().file()).containsExactly(f2);
    assertThat(r.suppressed()).singleElement().satisfies(s -> assertThat(s.by()).contains("vendor/**"));

    Map<String, Object> byService = Map.of("ignore", List.of(Map.of("service", "svc")));
    assertThat(new Checker(List.of(rule)).check(stack(byService), CheckOptions.DEFAULT).findings()).isEmpty();
    Map<String, Object> otherService = Map.of("ignore", List.of(Map.of("service", "db", "code", "TST001")));
    assertThat(new Checker(List.of(rule)).check(stack(otherService), CheckOptions.DEFAULT).findings()).hasSize(2);

    Map<String, Object> bad = Map.of("ignore", List.of(Map.of("cod", "TST001")));
    assertThatThrownBy(() -> new Checker(List.of(rule)).check(stack(bad), CheckOptions.DEFAULT))
        .isInstanceOf(UserError.class).hasMessageContaining("unknown key 'cod'");
  }

  @Test
  void ruleAndSkipSelectByCodeOrArea() {
    At rule = new At();
    Boom boom = new Boom();
    Checker c = new Checker(List.of(rule, boom));
    assertThat(c.check(stack(Map.of()), CheckOptions.only("TST001")).rulesRun()).extracting(RuleInfo::code).containsExactly("TST001");
    assertThat(c.check(stack(Map.of()), CheckOptions.DEFAULT.withSkip(Set.of("tst002"))).rulesRun())
        .extracting(RuleInfo::code).containsExactly("TST001");
    assertThat(c.check(stack(Map.of()), CheckOptions.only("TST")).rulesRun()).hasSize(2);
    assertThatThrownBy(() -> c.check(stack(Map.of()), CheckOptions.only("NOP001")))
        .isInstanceOf(UserError.class).hasMessageContaining("--rule NOP001");
  }

  /** Records the order rules ran in; {@code sources} says whether it declares reading sources. */
  @RuleInfo(code = "TST003", severity = Severity.LOW, category = Category.CODE, title = "t", explanation = "e")
  static class Ordered implements Rule {
    final List<String> ran;
    final boolean sources;
    final String name;

    Ordered(List<String> ran, String name, boolean sources) {
      this.ran = ran;
      this.name = name;
      this.sources = sources;
    }

    @Override
    public List<Finding> check(Stack stack) {
      ran.add(name);
      return List.of(finding("svc", name, SourceLocation.UNKNOWN).build());
    }

    @Override
    public boolean readsSources() {
      return sources;
    }
  }

  @Test
  void rulesReadingSourcesRunLastButResultsKeepRuleOrder() {
    List<String> ran = new ArrayList<>();
    List<Rule> rules = List.of(new Ordered(ran, "a-sources", true), new Ordered(ran, "b", false), new Ordered(ran, "c-sources", true), new Ordered(ran, "d", false));
    CheckResult r = new Checker(rules).check(stack(Map.of()), CheckOptions.DEFAULT);
    assertThat(ran).containsExactly("b", "d", "a-sources", "c-sources");
    assertThat(r.findings()).extracting(Finding::message).containsExactly("a-sources", "b", "c-sources", "d");
  }

  @Test
  void aRuleThatThrowsIsReportedNotFatal() {
    CheckResult r = new Checker(List.of(new Boom())).check(stack(Map.of()), CheckOptions.DEFAULT);
    assertThat(r.failures()).singleElement().satisfies(f -> assertThat(f.message()).contains("kaput"));
  }

  @Test
  void harnessReadsExpectationsOnTheLineAndAboveIt() throws IOException {
    Files.writeString(dir.resolve("compose.yaml"), "services:\n  a:\n    ports: ['80:80']  # expect: PRT001\n");
    Files.writeString(dir.resolve("Dockerfile"), "FROM x\n# expect: BLD001, BLD002\n\nCOPY ../x y\n");
    Files.writeString(dir.resolve("app.js"), "const u = 'http://localhost:1'; // expect: DEP004\n");
    assertThat(FixtureHarness.expectations(dir)).extracting(FixtureHarness.Expectation::key)
        .containsExactlyInAnyOrder("Dockerfile:4 BLD001", "Dockerfile:4 BLD002", "app.js:1 DEP004", "compose.yaml:3 PRT001");
  }
}
