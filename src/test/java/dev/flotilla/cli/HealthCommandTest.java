package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import dev.flotilla.testing.CliRun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.testing.BusyboxHttpd;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** {@code flotilla health} against real busybox httpd services on loopback (ports 19600-19699). */
class HealthCommandTest {
  static BusyboxHttpd api;
  static BusyboxHttpd auth;
  static int deadPort;
  @TempDir static Path www;
  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    api = BusyboxHttpd.start(www.resolve("api"), 19600, 19699);
    auth = BusyboxHttpd.start(www.resolve("auth"), 19600, 19699);
    BusyboxHttpd gone = BusyboxHttpd.start(www.resolve("gone"), 19600, 19699);
    deadPort = gone.port();
    gone.close();
  }

  @AfterAll
  static void stop() {
    if (api != null) api.close();
    if (auth != null) auth.close();
  }

  @BeforeEach
  void healthyAgain() throws Exception {
    api.healthy();
    auth.healthy();
  }


  static CliRun.Result run(String... args) {
    return CliRun.inProcess(args);
  }

  Path compose(String yaml) throws Exception {
    Files.writeString(dir.resolve("compose.yaml"), yaml);
    return dir;
  }

  Path platform() throws Exception {
    return compose("""
        name: shop
        services:
          api:
            image: busybox
            x-flotilla:
              health: { url: "%s", body: ok }
          auth:
            image: busybox
            x-flotilla:
              health: { url: "%s" }
          postgres:
            image: busybox
            x-flotilla:
              health: { tcp: "127.0.0.1:%d", timeout: 1s }
          docs:
            image: busybox
        """.formatted(api.healthUrl(), auth.healthUrl(), deadPort));
  }

  @Test
  void allHealthyExitsZero() throws Exception {
    CliRun.Result r = run("health", platform().toString(), "api", "auth");
    assertThat(r.code()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).doesNotContain("\u001b[");
    assertThat(r.out().lines().toList()).element(0).asString().startsWith("SERVICE").contains("ENDPOINT").contains("RESULT").contains("STATUS").contains("LATENCY");
    assertThat(r.out()).containsPattern("api +GET " + api.healthUrl() + " +healthy +200 +\\d+ ms")
        .contains("2 of 2 probed services healthy");
  }

  @Test
  void failuresNameTheirCauseAndExitOne() throws Exception {
    auth.status(503);
    CliRun.Result r = run("health", platform().toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .containsPattern("auth +GET " + auth.healthUrl() + " +wrong status +503")
        .containsPattern("postgres +tcp 127.0.0.1:" + deadPort + " +refused +-")
        .containsPattern("docs +- +skipped")
        .contains("auth: health probe GET " + auth.healthUrl() + ": status 503, expected 200")
        .contains("  answer: error 503")
        .contains("  cause:  HLT903 ")
        .contains("postgres: health probe tcp 127.0.0.1:" + deadPort + ": connection refused by 127.0.0.1:" + deadPort)
        .contains("  cause:  HLT002 ")
        .contains("docs: no probe: add x-flotilla.health or a healthcheck")
        .contains("1 of 3 probed services healthy, 1 skipped");
  }

  @Test
  void jsonFormat() throws Exception {
    api.body("starting");
    CliRun.Result r = run("health", platform().toString(), "api", "auth", "docs", "--format", "json");
    assertThat(r.code()).isEqualTo(1);
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertThat(j.get("project").asText()).isEqualTo("shop");
    assertThat(j.get("healthy").asBoolean()).isFalse();
    JsonNode a = j.get("services").get(0);
    assertThat(a.get("service").asText()).isEqualTo("api");
    assertThat(a.get("result").asText()).isEqualTo("body mismatch");
    assertThat(a.get("failure").asText()).isEqualTo("body_mismatch");
    assertThat(a.get("status").asInt()).isEqualTo(200);
    assertThat(a.get("excerpt").asText()).isEqualTo("starting");
    assertThat(a.get("diagnosis").get("code").asText()).isEqualTo("HLT904");
    assertThat(a.get("diagnosis").get("signature").asText()).isEqualTo("probe.body-mismatch");
    assertThat(a.get("latencyMs").asDouble()).isPositive();
    JsonNode b = j.get("services").get(1);
    assertThat(b.get("healthy").asBoolean()).isTrue();
    assertThat(b.has("diagnosis")).isFalse();
    assertThat(j.get("services").get(2).get("result").asText()).isEqualTo("skipped");
    assertThat(j.get("summary").get("failed").asInt()).isEqualTo(1);
    assertThat(j.get("summary").get("skipped").asInt()).isEqualTo(1);
  }

  @Test
  void junitFormat() throws Exception {
    CliRun.Result r = run("health", platform().toString(), "--format", "junit");
    assertThat(r.code()).isEqualTo(1);
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(r.out().getBytes(StandardCharsets.UTF_8)));
    Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
    assertThat(suite.getAttribute("tests")).isEqualTo("4");
    assertThat(suite.getAttribute("failures")).isEqualTo("1");
    assertThat(suite.getAttribute("skipped")).isEqualTo("1");
    var failures = doc.getElementsByTagName("failure");
    assertThat(failures.getLength()).isEqualTo(1);
    Element f = (Element) failures.item(0);
    assertThat(((Element) f.getParentNode()).getAttribute("name")).isEqualTo("postgres");
    assertThat(f.getAttribute("type")).isEqualTo("HLT002");
    assertThat(f.getTextContent()).contains("cause: ").contains("try: ");
  }

  @Test
  void latencyTargetOverSamples() throws Exception {
    api.slow(Duration.ofMillis(400));
    Path p = platform();
    CliRun.Result slow = run("health", p.toString(), "api", "--samples", "3", "--p95", "250");
    assertThat(slow.code()).as(slow.out()).isEqualTo(1);
    assertThat(slow.out()).contains("P95").containsPattern("api +GET \\S+ +slow +200 +\\d+ ms")
        .containsPattern("p95 latency \\d+ ms above the 250 ms target").contains("cause:  PRF902 ");
    CliRun.Result fine = run("health", p.toString(), "api", "--samples", "3", "--p95", "5000");
    assertThat(fine.code()).as(fine.out()).isZero();
    assertThat(fine.out()).containsPattern("api +GET \\S+ +healthy");
  }

  @Test
  void timeoutOption() throws Exception {
    auth.slow(Duration.ofSeconds(3));
    CliRun.Result r = run("health", platform().toString(), "auth", "--timeout", "300ms", "--format", "json");
    assertThat(r.code()).isEqualTo(1);
    JsonNode a = new ObjectMapper().readTree(r.out()).get("services").get(0);
    assertThat(a.get("failure").asText()).isEqualTo("timeout");
    assertThat(a.get("detail").asText()).endsWith("no answer within 300 ms");
    assertThat(a.get("diagnosis").get("code").asText()).isEqualTo("HLT902");
  }

  @Test
  void hostProbesPublishedPortsWithoutARuntime() throws Exception {
    // The healthcheck runs inside the container on 8080; from outside, 8080 is published as the httpd's port.
    Path p = compose("""
        services:
          web:
            image: busybox
            ports: ["%d:8080"]
            healthcheck:
              test: ["CMD-SHELL", "wget -q -O- http://localhost:8080/cgi-bin/health || exit 1"]
          cache:
            image: busybox
            ports: ["%d:6379"]
            healthcheck: { test: ["CMD", "redis-cli", "ping"] }
          batch:
            image: busybox
            healthcheck: { test: ["CMD", "true"] }
        """.formatted(api.port(), deadPort));
    CliRun.Result r = run("health", p.toString(), "--host", "127.0.0.1");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).containsPattern("web +GET http://127.0.0.1:" + api.port() + "/cgi-bin/health +healthy +200")
        .containsPattern("cache +tcp 127.0.0.1:" + deadPort + " +refused")
        .contains("batch: nothing to probe at 127.0.0.1: publish a port or add x-flotilla.health");
  }

  @Test
  void urlsWithoutAProject() throws Exception {
    CliRun.Result r = run("health", "--project-directory", dir.toString(), "--url", api.healthUrl(), "--url", "db=http://127.0.0.1:" + deadPort + "/");
    // --project-directory points at a directory without a compose file: that is an input error.
    assertThat(r.code()).isEqualTo(2);
    CliRun.Result only = run("health", "--url", api.healthUrl(), "--url", "db=http://127.0.0.1:" + deadPort + "/", "--format", "json");
    assertThat(only.code()).as(only.err()).isEqualTo(1);
    JsonNode j = new ObjectMapper().readTree(only.out());
    assertThat(j.get("services").get(0).get("service").asText()).isEqualTo("127.0.0.1:" + api.port() + "/cgi-bin/health");
    assertThat(j.get("services").get(0).get("healthy").asBoolean()).isTrue();
    assertThat(j.get("services").get(1).get("service").asText()).isEqualTo("db");
    assertThat(j.get("services").get(1).get("result").asText()).isEqualTo("refused");
  }

  @Test
  void urlReplacesAServicesProbe() throws Exception {
    CliRun.Result r = run("health", platform().toString(), "postgres", "--url", "postgres=" + api.healthUrl());
    assertThat(r.code()).isZero();
    assertThat(r.out()).containsPattern("postgres +GET " + api.healthUrl() + " +healthy");
  }

  @Test
  void execProbeOfAProcessServiceRunsInItsDirectory() throws Exception {
    Files.writeString(dir.resolve("ready"), "yes\n");
    Path p = compose("""
        services:
          worker:
            x-flotilla:
              process: { command: ["sleep", "1"] }
            healthcheck:
              test: ["CMD-SHELL", "grep -q yes ready && wget -q -O- %s"]
          broken:
            x-flotilla:
              process: { command: ["sleep", "1"] }
              health: { exec: ["sh", "-c", "echo 'queue not connected'; exit 3"] }
        """.formatted(api.healthUrl()));
    CliRun.Result r = run("health", p.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).containsPattern("worker +exec grep -q yes ready && wget -q -O- \\S+ +healthy +exit 0")
        .containsPattern("broken +exec sh -c .* +exit 3 +exit 3")
        .contains("  answer: queue not connected")
        .contains("  cause:  HLT906 ");
  }

  @Test
  void mistakesAreInputErrors() throws Exception {
    Path p = platform();
    CliRun.Result unknown = run("health", p.toString(), "nosuch");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("no service 'nosuch' in project 'shop' (services: api, auth, postgres, docs)");
    assertThat(run("health", p.toString(), "docs").err()).contains("no service has a probe");
    assertThat(run("health", p.toString(), "--samples", "0").code()).isEqualTo(2);
    assertThat(run("health", p.toString(), "--timeout", "soon").err()).contains("--timeout soon: give a duration like 500ms");
    assertThat(run("health", "--url", "ftp://x/").err()).contains("give an http:// or https:// URL");
    List<String> noStack = new ArrayList<>(List.of(unknown.err()));
    assertThat(noStack.get(0)).doesNotContain("Exception");
  }
}
