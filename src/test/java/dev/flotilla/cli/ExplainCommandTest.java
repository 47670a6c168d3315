package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import dev.flotilla.testing.CliRun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.flotilla.model.Category;
import dev.flotilla.model.Severity;
import dev.flotilla.track.NewError;
import dev.flotilla.track.Store;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainCommandTest {
  @TempDir Path dir;


  static CliRun.Result run(String... args) {
    return CliRun.inProcess(args);
  }

  Path log(String text) throws Exception {
    Path f = dir.resolve("failure.log");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void explainsAPastedErrorInText() throws Exception {
    Path f = log("Traceback (most recent call last):\n  File \"/app/main.py\", line 3, in <module>\n"
        + "ImportError: cannot import name 'HTTPStatus' from 'fastapi' (/usr/lib/fastapi/__init__.py)\n");
    CliRun.Result r = run("explain", "--no-color", f.toString());
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.out())
        .startsWith("COD001 critical code  'fastapi' does not export 'HTTPStatus'")
        .contains("evidence:  line 3: ImportError")
        .contains("from http import HTTPStatus")
        .contains("caught by: flotilla check rule COD001");
  }

  @Test
  void jsonWithSiblingsAndUnknownTemplates() throws Exception {
    Path f = log("ModuleNotFoundError: No module named 'L01_data_layer'\n"
        + "ERROR job 1 failed: quota exhausted\nERROR job 2 failed: quota exhausted\n");
    CliRun.Result r = run("explain", "--format", "json", "--sibling", "l01-data-layer,gateway", f.toString());
    assertThat(r.code()).isEqualTo(0);
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("recognised").asBoolean()).isTrue();
    JsonNode d = j.get("diagnoses").get(0);
    assertThat(d.get("code").asText()).isEqualTo("COD002");
    assertThat(d.get("category").asText()).isEqualTo("code");
    assertThat(d.get("severity").asText()).isEqualTo("critical");
    assertThat(d.get("rule").asText()).isEqualTo("COD002");
    assertThat(d.get("evidence").get("line").asInt()).isEqualTo(1);
    assertThat(d.get("details").get("module").asText()).isEqualTo("L01_data_layer");
    assertThat(j.get("unknown").get(0).get("occurrences").asInt()).isEqualTo(2);
    assertThat(j.get("unknown").get(0).get("fingerprint").asText()).hasSize(16);
  }

  @Test
  void exitCodeAndOomWithoutALog() throws Exception {
    Path f = log("");
    CliRun.Result r = run("explain", "--no-color", "--exit-code", "137", "--oom", f.toString());
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.out()).startsWith("RES001 critical resource  Killed by the OOM killer");
  }

  @Test
  void nothingRecognisedExitsOne() throws Exception {
    CliRun.Result r = run("explain", log("INFO all is well\n").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("No known failure signature matched 1 line(s).");
  }

  @Test
  void missingFileIsAOneLineInputError() {
    CliRun.Result r = run("explain", dir.resolve("nope.log").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).contains("nope.log: no such file").doesNotContain("Exception").doesNotContain("\n");
  }

  @Test
  void emptyInputIsAnInputError() throws Exception {
    CliRun.Result r = run("explain", log("").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("nothing to explain");
  }

  @Test
  void secretsInTheInputNeverReachTheOutput() throws Exception {
    Path f = log("connecting postgresql://app:CANARYx7Q9zv3@localhost:5432/app\n"
        + "psycopg2.OperationalError: connection to server at \"localhost\" (127.0.0.1), port 5432 failed: Connection refused password=CANARYx7Q9zv3\n"
        + "ERROR token=CANARYx7Q9zv3 rejected\n");
    for (String format : new String[] {"text", "json"}) {
      CliRun.Result r = run("explain", "--format", format, f.toString());
      assertThat(r.out()).contains("DEP004").doesNotContain("CANARYx7Q9zv3");
    }
  }

  Path storeProject() throws Exception {
    Path p = dir.resolve("shop");
    Files.createDirectories(p.resolve("services/api"));
    Files.createDirectories(p.resolve("services/L01_data_layer"));
    Files.writeString(p.resolve("compose.yaml"), """
        name: shop
        services:
          l01-data-layer:
            build: ./services/L01_data_layer
          api:
            build: ./services/api
        """);
    Files.writeString(p.resolve("services/api/Dockerfile"), "FROM busybox\n");
    Files.writeString(p.resolve("services/L01_data_layer/Dockerfile"), "FROM busybox\n");
    try (Store store = Store.openProject(p)) {
      store.recordError(NewError.builder("shop", "COD004", Severity.HIGH, Category.DEPENDENCY,
              "ModuleNotFoundError: No module named 'L01_data_layer'")
          .at(Instant.parse("2026-11-20T10:00:00Z")).service("api").stage("start")
          .evidence("Traceback (most recent call last):\nModuleNotFoundError: No module named 'L01_data_layer' password=CANARYx7Q9zv3").build());
      store.recordError(NewError.builder("shop", "BLD901", Severity.HIGH, Category.BUILD, "weird thing happened")
          .at(Instant.parse("2026-11-21T10:00:00Z")).service("worker").cause("the cause as recorded").fix("the fix as recorded").build());
    }
    return p;
  }

  @Test
  void serviceExplainsTheLastRecordedFailureWithProjectContext() throws Exception {
    Path p = storeProject();
    CliRun.Result r = run("explain", "--no-color", "--service", "api", "--project-directory", p.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(0);
    // Re-diagnosed with the project's services as context: the sibling import is COD002.
    assertThat(r.out()).startsWith("Last failure of api: error #").contains("COD002 critical code").doesNotContain("CANARYx7Q9zv3");
    CliRun.Result j = run("explain", "--format", "json", "--service", "api", "--project-directory", p.toString());
    JsonNode n = new ObjectMapper().readTree(j.out());
    assertThat(n.get("error").get("service").asText()).isEqualTo("api");
    assertThat(n.get("diagnoses").get(0).get("code").asText()).isEqualTo("COD002");
  }

  @Test
  void serviceFallsBackToWhatWasRecorded() throws Exception {
    Path p = storeProject();
    CliRun.Result r = run("explain", "--no-color", "--service", "worker", "--project-directory", p.toString());
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.out()).contains("BLD901 high build").contains("the cause as recorded").contains("no static rule");
  }

  @Test
  void serviceWithNothingRecordedSaysSo() throws Exception {
    Path p = storeProject();
    CliRun.Result r = run("explain", "--service", "gateway", "--project-directory", p.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("no failure recorded for service 'gateway' in project 'shop'");
  }

  @Test
  void aPackageInsideAnotherServicesContextIsThatServicesPackage() throws Exception {
    // seed 003: the worker imports data_layer, which lives in data-api's build context only
    Path f = log("Traceback (most recent call last):\n  File \"/app/worker.py\", line 2, in <module>\n"
        + "ModuleNotFoundError: No module named 'data_layer'\n");
    CliRun.Result inProject = run("explain", "--no-color", "--project-directory", "examples/broken-platform", f.toString());
    assertThat(inProject.out()).as(inProject.err()).startsWith("COD002");
    CliRun.Result alone = run("explain", "--no-color", "--project-directory", dir.toString(), f.toString());
    assertThat(alone.out()).as("without the project it is a missing install").startsWith("COD004");
  }
}
