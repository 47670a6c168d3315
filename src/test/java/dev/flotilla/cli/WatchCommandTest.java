package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;
import dev.flotilla.testing.CliRun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.flotilla.testing.BusyboxHttpd;
import dev.flotilla.testing.Parts;
import dev.flotilla.track.ErrorQuery;
import dev.flotilla.track.HealthSample;
import dev.flotilla.track.NewDeployment;
import dev.flotilla.track.Outcome;
import dev.flotilla.track.Store;
import dev.flotilla.track.TestStores;
import dev.flotilla.track.TrackedError;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code flotilla watch} against busybox httpd services on loopback (ports 19700-19769; 19780-19798 for the runtime tests) that turn
 * failing, slow or erroring on a given request: each trigger fires on the round it should and not
 * one round before; samples and errors land in an H2 store; alerts reach a webhook.
 */
class WatchCommandTest {
  static BusyboxHttpd api;
  static int deadPort;
  @TempDir static Path www;
  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    api = BusyboxHttpd.start(www.resolve("api"), 19700, 19769);
    BusyboxHttpd gone = BusyboxHttpd.start(www.resolve("gone"), 19700, 19769);
    deadPort = gone.port();
    gone.close();
  }

  @AfterAll
  static void stop() {
    if (api != null) api.close();
  }


  static CliRun.Result run(String... args) {
    return CliRun.inProcess(args);
  }

  String db() {
    return TestStores.h2Url(dir);
  }

  Path project(String extra) throws Exception {
    Files.writeString(dir.resolve("compose.yaml"), """
        name: shop
        services:
          api:
            image: busybox
            x-flotilla:
              health: { url: "%s", timeout: 5s }
        %s""".formatted(api.healthUrl(), extra));
    return dir;
  }

  CliRun.Result watch(Path p, String... more) {
    List<String> args = new ArrayList<>(List.of("watch", p.toString(), "--db", db(), "--interval", "10ms"));
    Collections.addAll(args, more);
    return run(args.toArray(String[]::new));
  }

  @Test
  void consecutiveFailuresAlertOnTheThirdFailedRoundNotBefore() throws Exception {
    Path p = project("");
    api.sequence("ok", "ok", "status 500");
    CliRun.Result four = watch(p, "api", "--max-cycles", "4");
    assertThat(four.code()).as(four.out() + four.err()).isZero();
    assertThat(four.out()).doesNotContain("ALERT");
    assertThat(four.err()).contains("round 4: api wrong status 500").contains("stopped after 4 rounds, 0 alerts");

    api.sequence("ok", "ok", "status 500");
    CliRun.Result five = watch(p, "api", "--max-cycles", "5");
    assertThat(five.code()).isEqualTo(1);
    assertThat(five.out()).containsOnlyOnce("ALERT")
        .contains("ALERT api: HLT903 ")
        .contains("trigger: consecutive-failures: health probe GET " + api.healthUrl() + ": status 500, expected 200 (3 failures in a row)")
        .contains("answer:  error 500")
        .contains("cause:   ");
    assertThat(api.requests()).isEqualTo(5);

    try (Store store = Store.open(db())) {
      List<HealthSample> samples = store.healthSamples("shop", "api", null, 0);
      assertThat(samples).hasSize(9);
      assertThat(samples.stream().filter(HealthSample::ok).count()).isEqualTo(4);
      assertThat(samples.get(8).statusCode()).isEqualTo(500);
      assertThat(samples.get(8).detail()).contains("status 500, expected 200");
      List<TrackedError> errors = store.errors(new ErrorQuery("shop", null, "api", null, null, 10));
      assertThat(errors).hasSize(1);
      assertThat(errors.get(0).code()).isEqualTo("HLT903");
      assertThat(errors.get(0).stage()).isEqualTo("watch");
      assertThat(errors.get(0).message()).contains("3 failures in a row");
    }
  }

  @Test
  void errorRateAlertsWhenAboveTheLimit() throws Exception {
    Path p = project("");
    // window 4, limit 30 %: rounds 1-4 hold 1 error (25 %); round 5 makes it 2 of 4 (50 %).
    String[] seq = {"ok", "status 502", "ok", "ok", "status 503", "ok"};
    api.sequence(seq);
    CliRun.Result at = watch(p, "--max-cycles", "4", "--window", "4", "--error-rate", "30", "--failures", "10");
    assertThat(at.code()).as(at.out()).isZero();
    api.sequence(seq);
    CliRun.Result above = watch(p, "--max-cycles", "5", "--window", "4", "--error-rate", "30", "--failures", "10");
    assertThat(above.code()).isEqualTo(1);
    assertThat(above.out()).contains("ALERT api: HLT907 ")
        .contains("trigger: error-rate: health probe GET " + api.healthUrl() + ": error rate 50.0 % above 30.0 % (2 of 4 probes)");
  }

  @Test
  void slowServiceAlertsAgainstTheBaselineOfTheLastGoodDeploy() throws Exception {
    Path p = project("");
    // The last successful deploy recorded its gate's samples at 40 ms.
    try (Store store = Store.open(db())) {
      long id = store.startDeployment(NewDeployment.of("shop", "test", "process"));
      for (int i = 0; i < 6; i++) store.recordHealth(new HealthSample(0, id, "shop", "api", Instant.now(), true, 40L, 200, "GET " + api.healthUrl(), null));
      store.finishDeployment(id, Outcome.SUCCEEDED, Instant.now().plusSeconds(1), null);
    }
    api.sequence("slow 1");
    CliRun.Result two = watch(p, "--max-cycles", "2", "--window", "3");
    assertThat(two.code()).as(two.out() + two.err()).isZero();
    assertThat(two.err()).contains("api: latency baseline p95 40 ms from the last successful deployment");
    api.sequence("slow 1");
    CliRun.Result three = watch(p, "--max-cycles", "3", "--window", "3");
    assertThat(three.code()).as(three.out() + three.err()).isEqualTo(1);
    assertThat(three.out()).contains("ALERT api: PRF903 ").containsPattern("p95 latency \\d+ ms is \\d+ % above the baseline 40 ms");
  }

  @Test
  void webhookGetsTheAlertAndTheRecovery() throws Exception {
    List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
    hook.createContext("/hook", ex -> {
      bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) + "|" + ex.getRequestMethod() + "|" + ex.getRequestHeaders().getFirst("Content-Type"));
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    hook.start();
    try {
      Path p = project("");
      api.sequence("status 503", "status 503", "ok");
      CliRun.Result r = watch(p, "--max-cycles", "3", "--failures", "2", "--webhook", "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook");
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.out()).contains("ALERT api").contains("RECOVERED api");
      assertThat(bodies).hasSize(2);
      String[] first = bodies.get(0).split("\\|");
      assertThat(first[1]).isEqualTo("POST");
      assertThat(first[2]).isEqualTo("application/json");
      JsonNode alert = new ObjectMapper().readTree(first[0]);
      assertThat(alert.get("event").asText()).isEqualTo("alert");
      assertThat(alert.get("project").asText()).isEqualTo("shop");
      assertThat(alert.get("service").asText()).isEqualTo("api");
      assertThat(alert.get("trigger").asText()).isEqualTo("consecutive-failures");
      assertThat(alert.get("value").asInt()).isEqualTo(2);
      assertThat(alert.get("status").asInt()).isEqualTo(503);
      assertThat(alert.get("diagnosis").get("code").asText()).isEqualTo("HLT903");
      JsonNode back = new ObjectMapper().readTree(bodies.get(1).split("\\|")[0]);
      assertThat(back.get("event").asText()).isEqualTo("recovered");
      assertThat(back.get("service").asText()).isEqualTo("api");
    } finally {
      hook.stop(0);
    }
  }

  @Test
  void oneRootAlertWhenTheDatabaseIsDown() throws Exception {
    Path p = project("""
            depends_on: [postgres]
          postgres:
            image: busybox
            x-flotilla:
              health: { tcp: "127.0.0.1:%d" }
          web:
            image: busybox
            depends_on: [api]
            x-flotilla:
              health: { url: "http://127.0.0.1:%d/" }
        """.formatted(deadPort, deadPort));
    // api's own health check fails because its database is down.
    api.sequence("status 503");
    CliRun.Result r = watch(p, "--max-cycles", "3");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).containsOnlyOnce("ALERT").contains("ALERT postgres: HLT002 ")
        .contains("also failing behind it (no separate alert): api, web");
    try (Store store = Store.open(db())) {
      List<TrackedError> errors = store.errors(new ErrorQuery("shop", null, null, null, null, 10));
      assertThat(errors).extracting(TrackedError::service).containsExactly("postgres");
      assertThat(errors.get(0).userImpact()).isEqualTo("also failing behind it: api, web");
      assertThat(store.healthSamples("shop", null, null, 0)).hasSize(9);
    }
  }

  @Test
  void thresholdsFromXFlotillaWatch() throws Exception {
    Files.writeString(dir.resolve("compose.yaml"), """
        name: shop
        x-flotilla:
          watch: { failures: 5, interval: 10ms }
        services:
          api:
            image: busybox
            x-flotilla:
              health: { url: "%s" }
              watch: { failures: 1 }
          other:
            image: busybox
            x-flotilla:
              health: { tcp: "127.0.0.1:%d" }
        """.formatted(api.healthUrl(), deadPort));
    api.sequence("status 500");
    CliRun.Result r = run("watch", dir.toString(), "--db", db(), "--max-cycles", "4");
    assertThat(r.code()).isEqualTo(1);
    // api alerts on its first failure; other needs 5 and gets 4.
    assertThat(r.out()).containsOnlyOnce("ALERT").contains("ALERT api: ");

    Files.writeString(dir.resolve("compose.yaml"), """
        services:
          api:
            image: busybox
            x-flotilla:
              health: { url: "%s" }
              watch:
                failures: lots
        """.formatted(api.healthUrl()));
    CliRun.Result bad = run("watch", dir.toString(), "--db", db(), "--max-cycles", "1");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("compose.yaml:7:1: services.api.x-flotilla.watch.failures: 'lots' is not a whole number of 1 or more");
  }

  @Test
  void durationEndsTheWatch() throws Exception {
    Path p = project("");
    api.sequence("ok");
    CliRun.Result r = run("watch", p.toString(), "--db", db(), "--duration", "1s", "--interval", "200ms");
    assertThat(r.code()).isZero();
    assertThat(r.err()).containsPattern("stopped after \\d+ rounds?, 0 alerts");
  }

  /**
   * {@code --rollback} on the process runtime: v2 passes its deploy gate, then fails; watch alerts
   * and the deployer puts v1 back (health-gated); the next round sees v1 healthy.
   */
  @Test
  void rollbackRestoresThePreviousVersion() throws Exception {
    Path bb = Files.isExecutable(Path.of("/usr/bin/busybox")) ? Path.of("/usr/bin/busybox") : Path.of("/bin/busybox");
    Parts.require(Files.isExecutable(bb), "busybox");
    int port = 19780 + (int) (ProcessHandle.current().pid() % 9);
    for (String v : List.of("v1", "v2")) Files.createDirectories(dir.resolve(v + "/cgi-bin"));
    Path v1 = dir.resolve("v1/cgi-bin/health");
    Files.writeString(v1, "#!/bin/sh\nprintf 'HTTP/1.1 200 OK\\r\\n\\r\\nv1\\n'\n");
    // v2 answers its first two requests (the deploy gate's) and fails after.
    Path v2 = dir.resolve("v2/cgi-bin/health");
    Files.writeString(v2, """
        #!/bin/sh
        n=$(cat '%s' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '%s'
        if [ $n -le 2 ]; then printf 'HTTP/1.1 200 OK\\r\\n\\r\\nv2\\n'; else printf 'HTTP/1.1 500 X\\r\\n\\r\\nv2 broken\\n'; fi
        """.formatted(dir.resolve("v2/count"), dir.resolve("v2/count")));
    for (Path x : List.of(v1, v2)) x.toFile().setExecutable(true);
    String compose = """
        name: flthealthrb
        services:
          api:
            image: busybox
            x-flotilla:
              process: { command: [BB, httpd, -f, -p, "127.0.0.1:PORT", -h, VERSION] }
              health: { url: "http://127.0.0.1:PORT/cgi-bin/health" }
        """.replace("BB", bb.toString()).replace("PORT", String.valueOf(port));
    try {
      Files.writeString(dir.resolve("compose.yaml"), compose.replace("VERSION", "v1"));
      CliRun.Result up1 = run("up", dir.toString(), "--runtime", "process", "--db", db());
      assertThat(up1.code()).as(up1.out() + up1.err()).isZero();
      Files.writeString(dir.resolve("compose.yaml"), compose.replace("VERSION", "v2"));
      CliRun.Result up2 = run("up", dir.toString(), "--runtime", "process", "--db", db());
      assertThat(up2.code()).as(up2.out() + up2.err()).isZero();

      CliRun.Result w = run("watch", dir.toString(), "--runtime", "process", "--db", db(), "--interval", "50ms",
          "--failures", "2", "--rollback", "--max-cycles", "4");
      assertThat(w.code()).as(w.out() + w.err()).isEqualTo(1);
      assertThat(w.out()).containsOnlyOnce("ALERT api").contains("ROLLED BACK api").contains("RECOVERED api");
      assertThat(w.err()).contains("round 3: api ");
      assertThat(w.err()).doesNotContain("round 3: api wrong status");
      CliRun.Result h = run("health", dir.toString(), "--format", "json");
      assertThat(new ObjectMapper().readTree(h.out()).get("services").get(0).get("excerpt").asText()).isEqualTo("v1");
      try (Store store = Store.open(db())) {
        assertThat(store.deployments("flthealthrb", null, 10).get(0).rolledBackTo()).isNotNull();
        assertThat(store.errors(new ErrorQuery("flthealthrb", null, "api", null, null, 10))).extracting(TrackedError::stage).contains("watch");
      }
    } finally {
      run("down", dir.toString(), "--runtime", "process", "--db", db());
    }
  }

  /** A service under the real Docker engine (host network): healthy, then stopped; the store keeps both runs. */
  @Test
  void serviceUnderDocker() throws Exception {
    Parts.requireDocker();
    String name = "flthealth-watch-" + ProcessHandle.current().pid();
    int port = 19790 + (int) (ProcessHandle.current().pid() % 9);
    Files.writeString(dir.resolve("compose.yaml"), """
        name: flthealth
        services:
          web:
            image: busybox:latest
            network_mode: host
            command: ["httpd", "-f", "-p", "127.0.0.1:%d", "-h", "/etc"]
            x-flotilla:
              health: { url: "http://127.0.0.1:%d/hostname", timeout: 3s }
        """.formatted(port, port));
    try {
      assertThat(Parts.run("docker", "run", "-d", "--name", name, "--network", "host", "busybox:latest",
          "httpd", "-f", "-p", "127.0.0.1:" + port, "-h", "/etc")).isTrue();
      CliRun.Result up = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < deadline) {
        up = run("watch", dir.toString(), "--db", db(), "--interval", "10ms", "--max-cycles", "1", "-q");
        if (up.code() == 0) break;
      }
      assertThat(up.code()).as(up.out() + up.err()).isZero();
      assertThat(Parts.run("docker", "rm", "-f", name)).isTrue();
      CliRun.Result down = run("watch", dir.toString(), "--db", db(), "--interval", "10ms", "--max-cycles", "3");
      assertThat(down.code()).isEqualTo(1);
      assertThat(down.out()).contains("ALERT web: HLT002 ");
      try (Store store = Store.open(db())) {
        List<HealthSample> s = store.healthSamples("flthealth", "web", null, 0);
        assertThat(s.stream().filter(HealthSample::ok).count()).isGreaterThanOrEqualTo(1);
        assertThat(s.stream().filter(x -> !x.ok()).count()).isGreaterThanOrEqualTo(3);
      }
    } finally {
      Parts.run("docker", "rm", "-f", name);
    }
  }
}
