package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import dev.flotilla.testing.CliRun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.model.Category;
import dev.flotilla.model.Severity;
import dev.flotilla.track.ErrorRecorded;
import dev.flotilla.track.HealthSample;
import dev.flotilla.track.NewDeployment;
import dev.flotilla.track.NewError;
import dev.flotilla.track.Outcome;
import dev.flotilla.track.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** errors, history and report, in process, against a project's embedded store. */
class StoreCommandsTest {
  static final String CANARY = "CanarY-51e0c4d1a9";
  @TempDir Path dir;
  long failed;
  long ok;
  long importError;
  long portError;


  CliRun.Result run(String... args) {
    return CliRun.inProcess(args);
  }

  @BeforeEach
  void project() throws Exception {
    Files.writeString(dir.resolve("compose.yaml"), """
        name: shop
        x-flotilla:
          resolution: {respond: 5m, investigate: 1h, plan: 4h, fix: 24h}
        services:
          db:
            image: postgres:16
            environment:
              POSTGRES_PASSWORD: %s
          api:
            image: shop/api:1.0
            ports: ["127.0.0.1:9015:8000"]
            environment:
              DATABASE_URL: postgresql://shop:%s@db:5432/shop
              LOG_LEVEL: info
            depends_on:
              db: {condition: service_healthy}
            x-flotilla:
              health: {url: "http://127.0.0.1:9015/healthz", expect: 200}
        """.formatted(CANARY, CANARY));
    Instant now = Instant.now();
    Instant t0 = now.minus(Duration.ofDays(2));
    try (Store store = Store.openProject(dir)) {
      failed = store.startDeployment(new NewDeployment("shop", "staging", "alice", "docker", t0, null));
      long p0 = store.startPhase(failed, 0, List.of("db"), t0.plusSeconds(1));
      store.finishPhase(p0, Outcome.SUCCEEDED, t0.plusSeconds(9), null);
      long p1 = store.startPhase(failed, 1, List.of("api"), t0.plusSeconds(9));
      store.recordHealth(new HealthSample(0, failed, "shop", "api", t0.plusSeconds(20), false, 12L, 500, "GET http://127.0.0.1:9015/healthz", "HTTP 500"));
      ErrorRecorded e = store.recordError(NewError.builder("shop", "COD002", Severity.CRITICAL, Category.CODE,
              "ModuleNotFoundError: No module named 'L01_data_layer'")
          .deployment(failed).at(t0.plusSeconds(21)).service("api").environment("staging").stage("start")
          .cause("imports a sibling service's package").fix("copy the shared package into the image")
          .evidence("Traceback...\nModuleNotFoundError: No module named 'L01_data_layer' password=" + CANARY).build());
      importError = e.errorId();
      store.finishPhase(p1, Outcome.FAILED, t0.plusSeconds(40), "api exited with code 1");
      store.finishDeployment(failed, Outcome.ROLLED_BACK, t0.plusSeconds(45), null);
      portError = store.recordError(NewError.builder("shop", "PRT001", Severity.HIGH, Category.NETWORK,
          "Bind for 0.0.0.0:9015 failed: port is already allocated").service("api").at(t0.plusSeconds(50)).build()).errorId();
      ok = store.startDeployment(new NewDeployment("shop", "staging", "bob", "docker", now.minusSeconds(3600), null));
      store.finishDeployment(ok, Outcome.SUCCEEDED, now.minusSeconds(3500), null);
    }
  }

  @Test
  void errorsListShowResolveReopenAndRegression() throws Exception {
    CliRun.Result list = run("errors", "list", dir.toString());
    assertThat(list.code()).isZero();
    assertThat(list.out()).contains("COD002", "PRT001", "api", "open").contains(Long.toString(importError));

    CliRun.Result json = run("errors", "list", dir.toString(), "--format", "json", "--severity", "critical");
    JsonNode arr = new ObjectMapper().readTree(json.out());
    assertThat(arr).hasSize(1);
    assertThat(arr.get(0).get("code").asText()).isEqualTo("COD002");
    assertThat(arr.get(0).get("occurrences").asLong()).isEqualTo(1);

    CliRun.Result show = run("errors", "show", Long.toString(importError), "--project-directory", dir.toString());
    assertThat(show.code()).isZero();
    assertThat(show.out()).contains("COD002", "imports a sibling service's package", "#" + failed, "first seen", "Evidence")
        .doesNotContain(CANARY);

    CliRun.Result resolve = run("errors", "resolve", Long.toString(importError), "--notes", "copied shared/ into the build context",
        "--by", "carol", "--project-directory", dir.toString());
    assertThat(resolve.code()).as(resolve.err()).isZero();
    assertThat(run("errors", "list", dir.toString()).out()).doesNotContain("COD002");
    assertThat(run("errors", "list", dir.toString(), "--status", "resolved").out()).contains("COD002");

    // It happens again: back as a regression.
    try (Store store = Store.openProject(dir)) {
      store.recordError(NewError.builder("shop", "COD002", Severity.CRITICAL, Category.CODE, "ModuleNotFoundError: No module named 'L01_data_layer'")
          .service("api").build());
    }
    CliRun.Result again = run("errors", "list", dir.toString(), "--status", "regression", "--format", "json");
    assertThat(new ObjectMapper().readTree(again.out()).get(0).get("status").asText()).isEqualTo("regression");

    CliRun.Result reopen = run("errors", "reopen", Long.toString(portError), "--project-directory", dir.toString());
    assertThat(reopen.out()).contains("already open");
    run("errors", "resolve", Long.toString(portError), "--notes", "moved", "--project-directory", dir.toString());
    assertThat(run("errors", "reopen", Long.toString(portError), "--project-directory", dir.toString()).out()).contains("reopened");
  }

  @Test
  void badIdsAndBadInputAreExitTwo() {
    CliRun.Result show = run("errors", "show", "99999", "--project-directory", dir.toString());
    assertThat(show.code()).isEqualTo(2);
    assertThat(show.err()).contains("no error with id 99999").doesNotContain("\tat ");
    assertThat(run("errors", "show", "abc", "--project-directory", dir.toString()).code()).isEqualTo(2);
    assertThat(run("errors", "resolve", "99999", "--notes", "x", "--project-directory", dir.toString()).code()).isEqualTo(2);
    assertThat(run("report", "deployment", "4242", "--project-directory", dir.toString()).code()).isEqualTo(2);
    assertThat(run("errors", "list", dir.toString(), "--since", "yesterday").code()).isEqualTo(2);
    assertThat(run("errors", "list", dir.toString(), "--severity", "urgent").code()).isEqualTo(2);
  }

  @Test
  void unreachablePostgresIsOneLineAndExitThree() {
    CliRun.Result r = run("history", dir.toString(), "--db", "jdbc:postgresql://127.0.0.1:1/flotilla?user=u&password=" + CANARY);
    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("cannot open the store").doesNotContain(CANARY);
  }

  @Test
  void historyListsDeploymentsWithOutcomePhasesAndErrors() throws Exception {
    CliRun.Result r = run("history", dir.toString());
    assertThat(r.code()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(1)).startsWith(Long.toString(ok)).contains("succeeded");
    assertThat(lines.get(2)).startsWith(Long.toString(failed)).contains("rolled-back", "45.0s", "1/2", "COD002@api", "phase 2 failed: api");
    JsonNode json = new ObjectMapper().readTree(run("history", dir.toString(), "--format", "json").out());
    assertThat(json.get(1).get("phases")).hasSize(2);
    assertThat(json.get(1).get("errors").get(0).get("code").asText()).isEqualTo("COD002");
  }

  @Test
  void deploymentReportInEveryFormat() throws Exception {
    CliRun.Result md = run("report", "deployment", Long.toString(failed), "--project-directory", dir.toString());
    assertThat(md.code()).as(md.err()).isZero();
    assertThat(md.out()).contains("# Deployment #" + failed, "rolled-back", "## Phases", "| 2 | api |", "COD002", "copy the shared package", "unhealthy");
    Path html = dir.resolve("out/report.html");
    CliRun.Result h = run("report", "deployment", "--project-directory", dir.toString(), "--format", "html", "-o", html.toString());
    assertThat(h.code()).isZero();
    String page = Files.readString(html);
    assertThat(page).startsWith("<!DOCTYPE html>").contains("<svg", "aria-label=\"timeline\"", "Deployment #" + ok)
        .doesNotContain("<script", "src=\"http");
    JsonNode json = new ObjectMapper().readTree(run("report", "deployment", Long.toString(failed), "--project-directory", dir.toString(),
        "--format", "json").out());
    assertThat(json.get("phases").get(1).get("outcome").asText()).isEqualTo("failed");
    assertThat(json.get("health").get(0).get("last_ok").asBoolean()).isFalse();
  }

  @Test
  void errorsReportCountsRegressionsMeanTimeToResolveAndBreaches() throws Exception {
    run("errors", "resolve", Long.toString(portError), "--notes", "moved the port", "--project-directory", dir.toString());
    JsonNode r = new ObjectMapper().readTree(run("report", "errors", dir.toString(), "--since", "7d", "--format", "json").out());
    assertThat(r.get("occurrences").asLong()).isEqualTo(2);
    assertThat(r.get("by_category").get("code").asLong()).isEqualTo(1);
    assertThat(r.get("by_service").get("api").asLong()).isEqualTo(2);
    assertThat(r.get("by_code").get("PRT001").asLong()).isEqualTo(1);
    assertThat(r.get("by_day")).hasSizeGreaterThanOrEqualTo(7);
    assertThat(r.get("resolved").asInt()).isEqualTo(1);
    assertThat(r.get("mean_time_to_resolve_seconds").asLong()).isGreaterThan(Duration.ofDays(1).toSeconds());
    // The critical import error waited two days without anyone: respond, investigate, plan and fix all breached.
    List<String> breached = new java.util.ArrayList<>();
    for (JsonNode b : r.get("breaches")) if (b.get("id").asLong() == importError) breached.add(b.get("target").asText());
    assertThat(breached).containsExactly("respond", "investigate", "plan", "fix");
    CliRun.Result html = run("report", "errors", dir.toString(), "--format", "html");
    assertThat(html.out()).contains("<svg", "occurrences by day", "Resolution-target breaches");
    assertThat(run("report", "errors", dir.toString()).out()).contains("## Top recurring", "## Regressions", "mean time to resolve");
  }

  @Test
  void errorsReportComparesEachCodeWithThePreviousWindowAndCountsByWeekday() throws Exception {
    Instant now = Instant.now();
    try (Store store = Store.openProject(dir)) {
      // the week before this one: the same port error once, and an error that has not come back
      store.recordError(NewError.builder("shop", "PRT001", Severity.HIGH, Category.NETWORK,
          "Bind for 0.0.0.0:9015 failed: port is already allocated").service("api").at(now.minus(Duration.ofDays(10))).build());
      store.recordError(NewError.builder("shop", "DEP004", Severity.HIGH, Category.NETWORK, "connection refused to localhost:5432")
          .service("api").at(now.minus(Duration.ofDays(9))).build());
      store.recordError(NewError.builder("shop", "DEP004", Severity.HIGH, Category.NETWORK, "connection refused to localhost:5432")
          .service("api").at(now.minus(Duration.ofDays(8))).build());
    }
    JsonNode r = new ObjectMapper().readTree(run("report", "errors", dir.toString(), "--since", "7d", "--format", "json").out());
    assertThat(r.get("occurrences").asLong()).isEqualTo(2);
    assertThat(r.get("previous_occurrences").asLong()).isEqualTo(3);
    java.util.Map<String, String> changes = new java.util.TreeMap<>();
    for (JsonNode c : r.get("changes_by_code")) changes.put(c.get("code").asText(), c.get("before").asLong() + "->" + c.get("now").asLong());
    assertThat(changes).containsExactly(java.util.Map.entry("COD002", "0->1"), java.util.Map.entry("DEP004", "2->0"),
        java.util.Map.entry("PRT001", "1->1"));
    assertThat(r.get("changes_by_code").get(0).get("code").asText()).as("the biggest rise first").isEqualTo("COD002");
    long weekdays = 0;
    for (JsonNode n : r.get("by_weekday")) weekdays += n.asLong();
    assertThat(r.get("by_weekday")).hasSize(7);
    assertThat(weekdays).isEqualTo(2);
    String md = run("report", "errors", dir.toString(), "--since", "7d").out();
    assertThat(md).contains("## Compared with the previous", "| DEP004 | 2 | 0 | gone |", "| COD002 | 0 | 1 | new |", "## By weekday");
    // the daily summary: a one-day window compared with the day before
    JsonNode daily = new ObjectMapper().readTree(run("report", "errors", dir.toString(), "--since", "24h", "--format", "json").out());
    assertThat(daily.get("occurrences").asLong()).isZero();
    assertThat(run("report", "errors", dir.toString(), "--since", "7d", "--format", "html").out()).contains("occurrences by weekday");
  }

  @Test
  void resolutionTargetsComeFromXFlotilla() throws Exception {
    Files.writeString(dir.resolve("compose.yaml"), Files.readString(dir.resolve("compose.yaml")).replace("fix: 24h", "fix: 30d")
        .replace("respond: 5m", "respond: 3d").replace("investigate: 1h", "investigate: 3d").replace("plan: 4h", "plan: 3d"));
    JsonNode r = new ObjectMapper().readTree(run("report", "errors", dir.toString(), "--format", "json").out());
    assertThat(r.get("targets").get("fix_seconds").asLong()).isEqualTo(Duration.ofDays(30).toSeconds());
    assertThat(r.get("breaches")).isEmpty();
  }

  @Test
  void catalogDrawsDependenciesAndRedactsSecrets() throws Exception {
    CliRun.Result md = run("report", "catalog", dir.toString());
    assertThat(md.code()).as(md.err()).isZero();
    assertThat(md.out()).contains("```mermaid", "s_api -->|healthy| s_db", "127.0.0.1:9015 -> 8000/tcp", "GET http://127.0.0.1:9015/healthz",
        "POSTGRES_PASSWORD", "LOG_LEVEL").doesNotContain(CANARY);
    CliRun.Result html = run("report", "catalog", dir.toString(), "--format", "html");
    assertThat(html.out()).contains("<svg", "dependency graph").doesNotContain(CANARY);
    assertThat(run("report", "catalog", dir.toString(), "--format", "json").out()).doesNotContain(CANARY);
  }

  @Test
  void complianceSaysWhenNoScoresAreRecorded() throws Exception {
    CliRun.Result r = run("report", "compliance", dir.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).containsAnyOf("No readiness scores recorded", "no 'flotilla score' command");
    try (Store store = Store.openProject(dir)) {
      store.recordCheckRun(new dev.flotilla.track.CheckRun(0, "shop", Instant.now().minusSeconds(7200), null, null, List.of(),
          List.of(new dev.flotilla.track.ReadinessScore("api", 55, "D", null, null)), null));
      store.recordCheckRun(new dev.flotilla.track.CheckRun(0, "shop", Instant.now(), null, null, List.of(),
          List.of(new dev.flotilla.track.ReadinessScore("api", 80, "B", null, null)), null));
    }
    CliRun.Result md = run("report", "compliance", dir.toString());
    assertThat(md.out()).contains("| api | 80 | B | +25 |");
    assertThat(run("report", "compliance", dir.toString(), "--format", "html").out()).contains("readiness trend", "<polyline");
  }

  @Test
  void commandsWorkAgainstPostgres() {
    String url = dev.flotilla.track.TestStores.freshPostgresSchema();
    try (Store store = Store.open(url)) {
      store.recordError(NewError.builder("pg-cli-" + System.nanoTime(), "DEP001", Severity.HIGH, Category.NETWORK, "Name or service not known")
          .service("gateway").build());
    }
    CliRun.Result r = run("errors", "list", dir.toString(), "--db", url, "--all-projects", "--service", "gateway");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("DEP001");
    dev.flotilla.track.TestStores.dropPostgresSchema(url);
  }
}
