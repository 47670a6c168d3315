package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import dev.flotilla.testing.CliRun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flotilla score}, in process: formats, levels, not-applicable items, --min-score and its exit codes. */
class ScoreCommandTest {
  @TempDir Path dir;


  /** Runs the CLI; a score without --db records nothing, so the examples stay free of stores. */
  static CliRun.Result run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (all.get(0).equals("score") && !all.contains("--db")) all.add(1, "--no-record");
    args = all.toArray(String[]::new);
    return CliRun.inProcess(args);
  }

  static JsonNode json(CliRun.Result r) throws Exception {
    return new ObjectMapper().readTree(r.out());
  }

  static JsonNode service(JsonNode report, String name) {
    for (JsonNode s : report.get("services")) if (s.get("service").asText().equals(name)) return s;
    throw new AssertionError("no service " + name + " in " + report);
  }

  static String status(JsonNode service, String id) {
    for (JsonNode c : service.get("checks")) if (c.get("id").asText().equals(id)) return c.get("status").asText();
    throw new AssertionError("no check " + id);
  }

  @Test
  void healthyPlatformHoldsGoldOrSilver() throws Exception {
    CliRun.Result r = run("score", "--format", "json", "examples/healthy-platform");
    assertThat(r.code()).as(r.err()).isEqualTo(0);
    JsonNode j = json(r);
    assertThat(j.get("score").asInt()).isGreaterThanOrEqualTo(90);
    assertThat(j.get("level").asText()).isIn("gold", "silver");
    assertThat(j.get("risk").asText()).isEqualTo("low");
    for (JsonNode s : j.get("services")) {
      assertThat(s.get("level").asText()).as(s.get("service").asText() + ": " + s.get("deviations")).isIn("gold", "silver");
    }
    assertThat(run("score", "--min-score", "90", "examples/healthy-platform").code()).isEqualTo(0);
  }

  @Test
  void brokenPlatformFailsTheGateWithDeviationsAndRecommendations() throws Exception {
    CliRun.Result r = run("score", "--format", "json", "--min-score", "60", "examples/broken-platform");
    assertThat(r.code()).isEqualTo(ExitCode.FAILED);
    assertThat(r.err()).contains("below --min-score 60");
    JsonNode j = json(r);
    assertThat(j.get("score").asInt()).isLessThan(60);
    assertThat(j.get("risk").asText()).isIn("high", "critical");
    JsonNode auth = service(j, "auth");
    List<String> codes = new ArrayList<>();
    auth.get("findings").forEach(f -> codes.add(f.get("code").asText()));
    assertThat(codes).contains("COD001", "COD003");
    // COD001/COD003 crash it at start: a HIGH finding in a bronze area (restart and error handling) blocks bronze
    assertThat(auth.get("level").asText()).isEqualTo("none");
    assertThat(auth.get("deviations").toString()).contains("COD001 high");
    assertThat(auth.get("recommendations").toString()).contains("COD001:");
    // the score per category is there, with its level
    assertThat(auth.get("areas").get("health").get("level").asText()).isEqualTo("bronze");
    assertThat(auth.get("areas").get("metrics").get("level").asText()).isEqualTo("gold");
  }

  @Test
  void textAndMarkdown() {
    CliRun.Result text = run("score", "--no-color", "examples/broken-platform");
    assertThat(text.code()).isEqualTo(0); // no --min-score: scoring is not a gate
    assertThat(text.out()).startsWith("Deployment readiness: ").contains("planner  ").contains("recommendations:")
        .contains("COD006 high").contains("health endpoint");
    CliRun.Result md = run("score", "--format", "markdown", "examples/broken-platform");
    assertThat(md.code()).isEqualTo(0);
    assertThat(md.out()).startsWith("# Deployment readiness").contains("| service | score | level | risk |")
        .contains("## planner").contains("Deviations:").contains("Recommendations:");
  }

  @Test
  void levelsAreCumulativeAndNotApplicableIsKeptApartFromPass() throws Exception {
    write("compose.yaml", """
        services:
          bronze:
            image: busybox:latest
            command: ["httpd", "-f", "-p", "8080"]
            ports: ["8080:8080"]
            restart: unless-stopped
            healthcheck:
              test: ["CMD", "wget", "-q", "-O-", "http://127.0.0.1:8080/"]
          silver:
            image: busybox:latest
            command: ["httpd", "-f", "-p", "8081"]
            ports: ["8081:8081"]
            restart: unless-stopped
            environment:
              GREETING: hello
            mem_limit: 64m
            healthcheck:
              test: ["CMD", "wget", "-q", "-O-", "http://127.0.0.1:8081/"]
          bare:
            image: busybox:latest
            command: ["sleep", "infinity"]
        """);
    CliRun.Result r = run("score", "--format", "json", dir.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(0);
    JsonNode j = json(r);
    JsonNode bronze = service(j, "bronze");
    assertThat(bronze.get("level").asText()).isEqualTo("bronze");
    assertThat(status(bronze, "resources")).isEqualTo("fail");
    JsonNode silver = service(j, "silver");
    assertThat(silver.get("level").asText()).as(silver.get("deviations").toString()).isIn("silver", "gold");
    // an image with no application source: logging from source and error handling do not apply — not "pass"
    assertThat(status(silver, "error-handling")).isEqualTo("not_applicable");
    assertThat(silver.get("areas").get("dependencies").get("score").isNull()).isTrue();
    // a service with nothing to its credit does not score 100, and holds no level
    JsonNode bare = service(j, "bare");
    assertThat(bare.get("score").isNull() || bare.get("score").asInt() < 50).as(bare.toString()).isTrue();
    assertThat(bare.get("level").asText()).isEqualTo("none");
    assertThat(j.get("level").asText()).isEqualTo("none"); // overall: the lowest level held
  }

  @Test
  void aFindingLowersTheScoreAndBlocksTheLevelsAboveItsSeverity() throws Exception {
    Files.createDirectories(dir.resolve("api"));
    write("api/Dockerfile", """
        FROM python:3.12-slim
        WORKDIR /app
        COPY requirements.txt .
        RUN pip install -r requirements.txt
        COPY main.py .
        CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]
        """);
    write("api/requirements.txt", "fastapi==0.111.0\nuvicorn==0.30.1\n");
    String good = """
        import logging
        from fastapi import FastAPI
        app = FastAPI()
        @app.get("/health")
        def health():
            return {"ok": True}
        @app.get("/metrics")
        def metrics():
            try:
                return {"requests": 1}
            except Exception:
                logging.exception("metrics")
                raise
        """;
    write("api/main.py", good);
    write("compose.yaml", """
        services:
          api:
            build: ./api
            ports: ["8000:8000"]
            restart: unless-stopped
            mem_limit: 128m
            environment:
              LOG_FORMAT: json
            healthcheck:
              test: ["CMD", "python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')"]
        """);
    JsonNode before = service(json(run("score", "--format", "json", dir.toString())), "api");
    assertThat(before.get("level").asText()).as(before.get("deviations").toString()).isIn("silver", "gold");
    write("api/main.py", "from fastapi import HTTPStatus\n" + good);
    JsonNode after = service(json(run("score", "--format", "json", dir.toString())), "api");
    assertThat(after.get("score").asInt()).isLessThan(before.get("score").asInt());
    assertThat(after.get("findings").toString()).contains("COD001");
    assertThat(after.get("level").asText()).isIn("none", "bronze");
    assertThat(Readable.levelRank(after.get("level").asText())).isLessThan(Readable.levelRank(before.get("level").asText()));
  }

  @Test
  void badMinScoreIsAUsageError() {
    CliRun.Result r = run("score", "--min-score", "101", "examples/healthy-platform");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--min-score 101").doesNotContain("Exception");
  }

  void write(String rel, String text) throws Exception {
    Files.writeString(dir.resolve(rel), text);
  }

  static final class Readable {
    static int levelRank(String l) {
      return List.of("none", "bronze", "silver", "gold").indexOf(l);
    }
  }

  @Test
  void eachScoringIsRecordedForTheComplianceReport() throws Exception {
    String db = "jdbc:h2:file:" + dir.resolve("store").toAbsolutePath();
    CliRun.Result before = run("report", "compliance", "--format", "json", "--db", db, "examples/broken-platform");
    assertThat(before.err()).contains("No readiness scores recorded");
    CliRun.Result scored = run("score", "--db", db, "-q", "examples/broken-platform");
    assertThat(scored.code()).as(scored.err()).isEqualTo(0);
    assertThat(run("score", "--db", db, "--no-record", "-q", "examples/broken-platform").code()).isEqualTo(0);
    CliRun.Result after = run("report", "compliance", "--format", "json", "--db", db, "examples/broken-platform");
    assertThat(after.code()).as(after.err()).isEqualTo(0);
    assertThat(after.err()).doesNotContain("No readiness scores recorded");
    JsonNode services = json(after).get("services");
    assertThat(services.has("gateway")).as(after.out()).isTrue();
    // the --no-record run added nothing: one scoring per service
    assertThat(services.get("auth").size()).as(after.out()).isEqualTo(1);
  }
}
