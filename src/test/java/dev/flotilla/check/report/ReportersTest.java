package dev.flotilla.check.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.flotilla.check.CheckResult;
import dev.flotilla.check.FixtureHarness;
import dev.flotilla.model.Severity;
import dev.flotilla.model.Stack;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The reporters on examples/broken-platform (findings with related locations in other files,
 * fixes) with a flotilla.yml that suppresses one code: SARIF valid against the official SARIF
 * 2.1.0 schema, JSON, JUnit XML, GitHub annotations and the text report with carets.
 */
class ReportersTest {
  static CheckReport report;
  static Path dir;

  @BeforeAll
  static void check() throws Exception {
    FixtureHarness h = FixtureHarness.at(Path.of("examples/broken-platform")).allRules();
    dir = h.workDir();
    Files.writeString(dir.resolve("flotilla.yml"), "ignore:\n  - code: RES001\n    service: gateway\n    reason: sized by the platform team\n");
    Stack stack = h.load();
    CheckResult result = h.check();
    report = new CheckReport(stack.name(), stack.projectDir(), result, Severity.HIGH, "0.1.0-SNAPSHOT");
  }

  @Test
  void sarifIsValidAgainstTheSarif210SchemaAndCarriesRelatedLocationsAndFixes() throws Exception {
    String sarif = SarifReporter.render(report);
    Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
        .getSchema(SchemaLocation.of("classpath:sarif/sarif-schema-2.1.0.json"));
    JsonNode doc = new ObjectMapper().readTree(sarif);
    List<Error> errors = schema.validate(doc);
    assertThat(errors).as("SARIF schema violations").isEmpty();

    JsonNode run = doc.path("runs").get(0);
    assertThat(doc.path("version").asText()).isEqualTo("2.1.0");
    assertThat(run.path("tool").path("driver").path("rules").size()).isEqualTo(report.result().rulesRun().size());
    JsonNode results = run.path("results");
    assertThat(results.size()).isEqualTo(report.result().findings().size() + report.result().suppressed().size());
    // BLD001: the Dockerfile line, with the compose line as a related location
    JsonNode bld001 = find(results, "BLD001");
    assertThat(bld001.path("level").asText()).isEqualTo("error");
    assertThat(bld001.at("/locations/0/physicalLocation/artifactLocation/uri").asText()).isEqualTo("services/data-api/Dockerfile");
    assertThat(bld001.at("/locations/0/physicalLocation/artifactLocation/uriBaseId").asText()).isEqualTo("PROJECTROOT");
    assertThat(bld001.at("/relatedLocations/0/physicalLocation/artifactLocation/uri").asText()).isEqualTo("docker-compose.yml");
    assertThat(bld001.at("/relatedLocations/0/physicalLocation/region/startLine").asInt()).isPositive();
    assertThat(bld001.path("fixes").size()).isEqualTo(1);
    // the suppressed RES001 of gateway is a result with an external suppression
    boolean suppressed = false;
    for (JsonNode r : results) {
      if (r.has("suppressions")) {
        suppressed = true;
        assertThat(r.path("ruleId").asText()).isEqualTo("RES001");
        assertThat(r.at("/suppressions/0/kind").asText()).isEqualTo("external");
        assertThat(r.at("/suppressions/0/justification").asText()).contains("sized by the platform team");
      }
    }
    assertThat(suppressed).isTrue();
    // a LOW finding is a note
    assertThat(find(results, "RES001").path("level").asText()).isEqualTo("note");
  }

  @Test
  void theSchemaCatchesAnInvalidLog() {
    Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
        .getSchema(SchemaLocation.of("classpath:sarif/sarif-schema-2.1.0.json"));
    List<Error> errors = schema.validate("{\"version\":\"2.1.0\",\"runs\":[{\"results\":[{\"level\":\"fatal\"}]}]}", com.networknt.schema.InputFormat.JSON);
    assertThat(errors).isNotEmpty();
  }

  @Test
  void jsonHasSummaryFindingsAndRelated() throws Exception {
    JsonNode doc = new ObjectMapper().readTree(JsonReporter.render(report));
    assertThat(doc.at("/summary/total").asInt()).isEqualTo(report.result().findings().size());
    assertThat(doc.at("/summary/failed").asBoolean()).isTrue();
    assertThat(doc.at("/summary/suppressed").asInt()).isEqualTo(1);
    JsonNode bld001 = find(doc.path("findings"), "BLD001");
    assertThat(bld001.path("file").asText()).isEqualTo("services/data-api/Dockerfile");
    assertThat(bld001.path("line").asInt()).isEqualTo(6);
    assertThat(bld001.at("/related/0/file").asText()).isEqualTo("docker-compose.yml");
    assertThat(bld001.at("/fix/edits").size()).isPositive();
    // secrets in messages are redacted
    assertThat(doc.toString()).doesNotContain("9f2c4e1a7b3d5f60c8e2a4b6d8f0a2c4");
  }

  @Test
  void junitIsWellFormedWithAFailurePerFindingAtTheThreshold() throws Exception {
    String xml = JUnitReporter.render(report);
    Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    long atThreshold = report.result().findings().stream().filter(f -> f.severity().atLeast(Severity.HIGH)).count();
    assertThat(d.getElementsByTagName("failure").getLength()).isEqualTo((int) atThreshold);
    assertThat(d.getDocumentElement().getAttribute("failures")).isEqualTo(String.valueOf(atThreshold));
    assertThat(d.getElementsByTagName("testsuite").getLength()).isEqualTo(report.result().rulesRun().size());
  }

  @Test
  void githubAnnotationsPointAtFileLineAndColumn() {
    String out = GithubReporter.render(report);
    assertThat(out).contains("::error file=services/data-api/Dockerfile,line=6,col=1,title=BLD001 critical (data-api)::");
    assertThat(out).contains("::notice file=docker-compose.yml,");
    List<String> lines = new ArrayList<>(out.lines().toList());
    assertThat(lines.stream().filter(l -> l.startsWith("::")).count()).isEqualTo(report.result().findings().size());
    assertThat(lines.stream().filter(l -> l.startsWith("::")).allMatch(l -> !l.contains("\n"))).isTrue();
  }

  @Test
  void textGroupsByServiceShowsTheLineWithACaretTheRelatedLineAndTheFix() {
    String text = new TextReporter(false, false).render(report);
    assertThat(text).contains("service data-api");
    assertThat(text).contains(
        "  CRITICAL BLD001 ",
        "    --> services/data-api/Dockerfile:6:1\n    6 | COPY ../shared ./shared\n      | ^^^^\n",
        "    ... docker-compose.yml:",
        "      context: ./services/data-api",
        "auto-fix: ");
    assertThat(text).doesNotContain("\u001b[");
    assertThat(new TextReporter(true, false).render(report)).contains("\u001b[");
    assertThat(text).contains("1 suppressed").contains("failed: findings at high or above");
    // a secret on the shown line is masked
    assertThat(text).doesNotContain("9f2c4e1a7b3d5f60c8e2a4b6d8f0a2c4");
  }

  private static JsonNode find(JsonNode array, String code) {
    for (JsonNode n : array) {
      if (code.equals(n.path("ruleId").asText(null)) || code.equals(n.path("code").asText(null))) {
        if (!n.has("suppressions")) return n;
      }
    }
    throw new AssertionError("no " + code);
  }
}
