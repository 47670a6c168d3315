package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.track.CheckFinding;
import dev.flotilla.track.CheckRunSummary;
import dev.flotilla.track.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import dev.flotilla.testing.CliRun;
import dev.flotilla.testing.CliRun.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** flotilla check in process: selection, suppression, --fix, --fix --dry-run, recording in the store. */
class CheckCommandTest {
  @TempDir Path tmp;
  Path dir;

  static Result run(String... args) {
    return CliRun.inProcess(args);
  }

  @BeforeEach
  void copyBrokenPlatform() throws IOException {
    dir = tmp.resolve("broken");
    Path from = Path.of("examples/broken-platform");
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        String rel = from.relativize(p).toString();
        if (rel.equals(".flotilla") || rel.startsWith(".flotilla/")) continue; // a store some other run left: not part of the example
        Path to = dir.resolve(rel);
        if (Files.isDirectory(p)) Files.createDirectories(to);
        else Files.copy(p, to);
      }
    }
  }

  JsonNode json(Result r) throws IOException {
    return new ObjectMapper().readTree(r.out());
  }

  @Test
  void recordsTheRunAndItsFindingsInTheProjectsStore() throws Exception {
    Result r = run("check", dir.toString(), "--format", "json");
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    int total = json(r).at("/summary/total").asInt();
    try (Store store = Store.openProject(dir)) {
      List<CheckRunSummary> runs = store.checkRuns("broken", null, 10);
      assertThat(runs).hasSize(1);
      assertThat(runs.get(0).total()).isEqualTo(total);
      List<CheckFinding> findings = store.findings(runs.get(0).id());
      assertThat(findings).hasSize(total);
      assertThat(findings).anySatisfy(f -> {
        assertThat(f.code()).isEqualTo("BLD001");
        assertThat(f.file()).isEqualTo("services/data-api/Dockerfile");
        assertThat(f.line()).isEqualTo(6);
      });
    }
  }

  @Test
  void aDryRunFixOpensNoStoreAndARecordingReleasesIt() throws Exception {
    // the store is opened on a background thread while the rules run: a dry run must not start it
    Result dry = run("check", dir.toString(), "--fix", "--dry-run");
    assertThat(dry.code()).as(dry.err()).isEqualTo(1);
    assertThat(dir.resolve(".flotilla")).doesNotExist();
    // two recorded runs in a row: the first closed the store before returning
    assertThat(run("check", dir.toString(), "-q").code()).isEqualTo(1);
    assertThat(run("check", dir.toString(), "-q").code()).isEqualTo(1);
    try (Store store = Store.openProject(dir)) {
      assertThat(store.checkRuns("broken", null, 10)).hasSize(2);
    }
  }

  @Test
  void noRecordLeavesNoStore() {
    Result r = run("check", dir.toString(), "--no-record", "-q");
    assertThat(r.code()).isEqualTo(1);
    assertThat(dir.resolve(".flotilla")).doesNotExist();
  }

  @Test
  void aStoreFailureIsAWarningAndKeepsTheExitCode() {
    Result bad = run("check", dir.toString(), "--db", "jdbc:postgresql://127.0.0.1:1/flotilla?user=u&password=canary-pw", "--rule", "RES001");
    assertThat(bad.code()).isZero(); // RES001 is LOW: the check passes, the store is unreachable
    assertThat(bad.err()).contains("warning: could not record the check").doesNotContain("canary-pw");
    Result failing = run("check", dir.toString(), "--db", "jdbc:postgresql://127.0.0.1:1/flotilla", "--rule", "BLD001");
    assertThat(failing.code()).isEqualTo(1);
    assertThat(failing.err()).contains("warning: could not record the check");
  }

  @Test
  void ruleAndSkipSelectRulesAndFailOnSetsTheThreshold() throws Exception {
    Result onlyRes = run("check", dir.toString(), "--rule", "RES001", "--format", "json", "--no-record");
    assertThat(onlyRes.code()).isZero();
    JsonNode doc = json(onlyRes);
    assertThat(doc.at("/summary/rules").asInt()).isEqualTo(1);
    for (JsonNode f : doc.path("findings")) assertThat(f.path("code").asText()).isEqualTo("RES001");
    assertThat(run("check", dir.toString(), "--rule", "RES001", "--fail-on", "low", "--no-record", "-q").code()).isEqualTo(1);

    Result area = run("check", dir.toString(), "--rule", "HLT", "--skip", "HLT001,HLT002", "--format", "json", "--no-record");
    for (JsonNode f : json(area).path("findings")) assertThat(f.path("code").asText()).startsWith("HLT").isNotIn("HLT001", "HLT002");

    Result unknown = run("check", dir.toString(), "--rule", "ZZZ999", "--no-record");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("--rule ZZZ999: no such rule");
    assertThat(run("check", dir.toString(), "--fail-on", "severe", "--no-record").code()).isEqualTo(2);
  }

  @Test
  void inlineCommentsAndTheIgnoreListSuppress() throws Exception {
    Path compose = dir.resolve("docker-compose.yml");
    String text = Files.readString(compose);
    // the socket mount (SEC003), suppressed on its line with a reason
    text = text.replace("- /var/run/docker.sock:/var/run/docker.sock  #", "- /var/run/docker.sock:/var/run/docker.sock  # flotilla-ignore SEC003 read-only metrics agent #");
    Files.writeString(compose, text);
    Files.writeString(dir.resolve("flotilla.yml"), "ignore:\n  - code: COD\n    path: services/auth/**\n    reason: vendored code\n");
    JsonNode doc = json(run("check", dir.toString(), "--format", "json", "--no-record"));
    for (JsonNode f : doc.path("findings")) {
      assertThat(f.path("code").asText()).isNotEqualTo("SEC003");
      if (f.path("code").asText().startsWith("COD")) assertThat(f.path("file").asText()).doesNotStartWith("services/auth/");
    }
    List<String> by = doc.path("suppressed").findValuesAsText("suppressedBy");
    assertThat(by).anyMatch(s -> s.endsWith("flotilla-ignore")).anyMatch(s -> s.startsWith("flotilla.yml ignore (code COD, path services/auth/**"));
    assertThat(doc.path("suppressed").findValuesAsText("reason")).anyMatch(x -> x.startsWith("read-only metrics agent")).contains("vendored code");

    JsonNode audit = json(run("check", dir.toString(), "--format", "json", "--no-record", "--no-suppress"));
    assertThat(audit.path("findings").findValuesAsText("code")).contains("SEC003");

    Files.writeString(dir.resolve("flotilla.yml"), "ignore:\n  - colour: red\n");
    Result bad = run("check", dir.toString(), "--no-record", "-q");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err().strip().lines()).hasSize(1);
    assertThat(bad.err()).contains("flotilla.yml:1:1: ignore: unknown key 'colour'");
  }

  @Test
  void dryRunShowsAUnifiedDiffAndChangesNothing() throws Exception {
    Path compose = dir.resolve("docker-compose.yml");
    String before = Files.readString(compose);
    Result r = run("check", dir.toString(), "--fix", "--dry-run", "--no-record");
    assertThat(r.out()).contains("--- a/docker-compose.yml\n+++ b/docker-compose.yml\n@@ -");
    assertThat(r.out()).contains("-      DATABASE_URL: postgresql://platform:postgres@localhost:5432/platform",
        "+      DATABASE_URL: postgresql://platform:postgres@postgres:5432/platform");
    assertThat(r.out()).contains("--- /dev/null\n+++ b/services/planner/.dockerignore");
    assertThat(Files.readString(compose)).isEqualTo(before);
    assertThat(dir.resolve("services/planner/.dockerignore")).doesNotExist();
    assertThat(run("check", dir.toString(), "--dry-run").code()).isEqualTo(2);
  }

  @Test
  void fixAppliesTheSafeFixesKeepsCommentsAndReportsWhatRemains() throws Exception {
    JsonNode before = json(run("check", dir.toString(), "--format", "json", "--no-record"));
    assertThat(before.at("/summary/fixable").asInt()).isPositive();
    Result r = run("check", dir.toString(), "--fix", "--format", "json", "--no-record");
    assertThat(r.code()).isEqualTo(1); // what --fix cannot fix remains
    JsonNode after = json(r);
    assertThat(after.at("/summary/fixable").asInt()).isZero();
    List<String> codes = after.path("findings").findValuesAsText("code");
    assertThat(codes).doesNotContain("DEP004", "PRT001", "PRT003", "HLT001", "BLD004", "PRT005");
    assertThat(codes).contains("SEC002", "DEP001");
    assertThat(r.err()).contains("fix(es) applied to").contains("fixed docker-compose.yml");
    String compose = Files.readString(dir.resolve("docker-compose.yml"), StandardCharsets.UTF_8);
    // comments and the rest of the file are kept
    assertThat(compose).startsWith("# A small platform that contains every failure class");
    assertThat(compose).contains("DATABASE_URL: postgresql://platform:postgres@postgres:5432/platform  # expect: DEP004");
    assertThat(compose).contains("x-flotilla:\n  ports: { range: 8000-8099 }");
    assertThat(Files.readString(dir.resolve("services/planner/.dockerignore"))).contains("**/._*");
  }
}
