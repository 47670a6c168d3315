package dev.flotilla.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.testing.Parts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code flotilla up} from the packaged jar against the real Docker engine: images built from
 * busybox, host networking, 127.0.0.1 ports 19100-19199. A 6-service platform in 3 phases deploys
 * healthy; then four broken variants each fail at the right phase, name the right service and
 * cause, and leave {@code docker ps -a} exactly as it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerDeployIT {
  static final String PROJECT = "fltdeployit";
  static final String BASE_IMAGE = "fltdeploy-svc:it";
  Path dir;

  record Result(int code, String out, String err) {}

  static final String PLATFORM = """
      name: fltdeployit
      x-flotilla:
        start_timeout: 6s
      x-svc: &svc
        image: fltdeploy-svc:it
        network_mode: host
        stop_grace_period: 1s
      services:
        db:
          <<: *svc
          environment: { PORT: "19101" }
          x-flotilla: { health: { url: "http://127.0.0.1:19101/health" } }
        cache:
          <<: *svc
          environment: { PORT: "19102" }
          healthcheck: { test: ["CMD", "wget", "-q", "-O-", "http://127.0.0.1:19102/health"], interval: 1s }
        api:
          <<: *svc
          build: ./svc
          image: fltdeploy-api:it
          environment: { PORT: "19103" }
          depends_on: [db, cache]
          x-flotilla: { health: { url: "http://127.0.0.1:19103/health" } }
        auth:
          <<: *svc
          environment: { PORT: "19104" }
          depends_on: [db]
          x-flotilla: { health: { url: "http://127.0.0.1:19104/health" } }
        web:
          <<: *svc
          environment: { PORT: "19105" }
          depends_on: [api, auth]
          x-flotilla: { health: { url: "http://127.0.0.1:19105/health" } }
        worker:
          <<: *svc
          command: ["sh", "-c", "echo worker up; sleep 3600"]
          depends_on: [api]
      """;

  @BeforeAll
  void setUp() throws Exception {
    Parts.requireDocker();
    dir = Files.createTempDirectory("fltdeployit");
    cleanUp();
    Files.createDirectories(dir.resolve("svc"));
    Files.writeString(dir.resolve("svc/Dockerfile"), "FROM busybox:latest\nCOPY run.sh /run.sh\nCMD [\"sh\", \"/run.sh\"]\n");
    Files.writeString(dir.resolve("svc/run.sh"), """
        mkdir -p /www && if [ -z "$NOHEALTH" ]; then echo ok > /www/health; fi
        exec httpd -f -p "127.0.0.1:${PORT}" -h /www
        """);
    Files.createDirectories(dir.resolve("broken"));
    Files.writeString(dir.resolve("broken/Dockerfile"), "FROM busybox:latest\nCOPY missing-file.txt /app/\n");
    assertThat(Parts.run("docker", "build", "-q", "-t", BASE_IMAGE, dir.resolve("svc").toString())).isTrue();
  }

  @AfterAll
  void cleanUp() throws Exception {
    String ids = sh("docker", "ps", "-aq", "--filter", "label=com.docker.compose.project=" + PROJECT).strip();
    if (!ids.isEmpty()) {
      List<String> rm = new ArrayList<>(List.of("docker", "rm", "-f"));
      rm.addAll(List.of(ids.split("\\s+")));
      sh(rm.toArray(String[]::new));
    }
    String images = sh("docker", "images", "-q", "--filter", "reference=fltdeploy-*:it", "--filter", "reference=fltdeploy-*:flotilla-*").strip();
    if (!images.isEmpty()) {
      List<String> rmi = new ArrayList<>(List.of("docker", "rmi", "-f"));
      rmi.addAll(List.of(images.split("\\s+")).stream().distinct().toList());
      sh(rmi.toArray(String[]::new));
    }
  }

  @Test
  @Order(1)
  void sixServicesInThreePhasesDeployHealthy() throws Exception {
    write(PLATFORM);
    Result r = flotilla("up", dir.toString());
    assertThat(r.code()).as(r.err() + r.out()).isZero();
    assertThat(r.out()).contains("deployed: 6 service(s) healthy in 3 phases");
    assertThat(r.err()).contains("phase 1", "phase 2", "phase 3");
    String ps = ps();
    assertThat(ps.lines()).hasSize(6).allMatch(l -> l.endsWith("running"));
    assertThat(ps).contains("fltdeployit-db-1", "fltdeployit-web-1", "fltdeployit-worker-1", "fltdeploy-api:it");
    // compose labels: docker-compose's own filter finds the containers
    assertThat(sh("docker", "ps", "--filter", "label=com.docker.compose.service=api", "--filter", "label=com.docker.compose.project=" + PROJECT, "--format", "{{.Names}}"))
        .contains("fltdeployit-api-1");

    Result status = flotilla("status", dir.toString(), "--format", "json");
    assertThat(status.code()).as(status.err() + status.out()).isZero();
    assertThat(status.out()).contains("\"service\" : \"web\"", "\"state\" : \"running\"", "\"health\" : \"healthy\"");
  }

  @Test
  @Order(2)
  void aCrashingServiceFailsItsPhaseAndIsRolledBack() throws Exception {
    String before = ps();
    write(PLATFORM.replace("command: [\"sh\", \"-c\", \"echo worker up; sleep 3600\"]",
        "command: [\"sh\", \"-c\", \"echo 'Traceback (most recent call last):'; echo \\\"ModuleNotFoundError: No module named 'celery'\\\"; exit 1\"]"));
    Result r = flotilla("up", dir.toString());
    assertThat(r.code()).as(r.err() + r.out()).isEqualTo(1);
    assertThat(r.out()).contains("at phase 3 of 3", "worker exited (code 1)", "celery", "rolled back");
    assertThat(ps()).isEqualTo(before);
  }

  @Test
  @Order(3)
  void aServiceThatNeverBecomesHealthyBlocksItsDependents() throws Exception {
    String before = ps();
    write(PLATFORM.replace("environment: { PORT: \"19104\" }", "environment: { PORT: \"19104\", NOHEALTH: \"1\" }")
        .replace("x-flotilla: { health: { url: \"http://127.0.0.1:19104/health\" } }",
            "x-flotilla: { health: { url: \"http://127.0.0.1:19104/health\" }, start_timeout: 2s }"));
    Result r = flotilla("up", dir.toString());
    assertThat(r.code()).as(r.err() + r.out()).isEqualTo(1);
    assertThat(r.out()).contains("at phase 2 of 3", "auth unhealthy", "not healthy within", "404", "→ web not started", "rolled back");
    assertThat(ps()).isEqualTo(before);
  }

  @Test
  @Order(4)
  void aTakenPortStopsTheDeployBeforeAnythingChanges() throws Exception {
    String before = ps();
    write(PLATFORM + """
          metrics:
            <<: *svc
            environment: { PORT: "19110" }
            depends_on: [api]
            x-flotilla: { health: { url: "http://127.0.0.1:19110/health" } }
        """);
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress("127.0.0.1", 19110));
      Result r = flotilla("up", dir.toString());
      assertThat(r.code()).as(r.err() + r.out()).isEqualTo(1);
      assertThat(r.out()).contains("at phase 3 of 3", "metrics port taken", "19110", "PRT001", "nothing was changed");
    }
    assertThat(ps()).isEqualTo(before);
  }

  @Test
  @Order(5)
  void aBrokenBuildStopsTheDeployBeforeAnythingChanges() throws Exception {
    String before = ps();
    write(PLATFORM.replace("build: ./svc", "build: ./broken").replace("x-flotilla:\n  start_timeout: 6s", "x-flotilla:\n  start_timeout: 6s"));
    Result r = flotilla("up", dir.toString(), "--force");
    assertThat(r.code()).as(r.err() + r.out()).isEqualTo(1);
    assertThat(r.out()).contains("at phase 2 of 3", "api build failed", "missing-file.txt", "→ web, worker not started", "nothing was changed");
    assertThat(ps()).isEqualTo(before);

    Result history = flotilla("history", dir.toString(), "--format", "json");
    assertThat(history.code()).isZero();
    assertThat(history.out()).contains("rolled-back", "succeeded");
  }

  @Test
  @Order(6)
  void downRemovesEverything() throws Exception {
    write(PLATFORM);
    Result r = flotilla("down", dir.toString());
    assertThat(r.code()).as(r.err() + r.out()).isZero();
    assertThat(sh("docker", "ps", "-aq", "--filter", "label=com.docker.compose.project=" + PROJECT).strip()).isEmpty();
  }

  // ---------------------------------------------------------------- helpers

  void write(String compose) throws IOException {
    Files.writeString(dir.resolve("compose.yaml"), compose);
  }

  /** What docker ps -a shows of the project: id, name, image and whether it is up, sorted. */
  static String ps() throws Exception {
    return sh("docker", "ps", "-a", "--filter", "label=com.docker.compose.project=" + PROJECT, "--format", "{{.ID}} {{.Names}} {{.Image}} {{.State}} ")
        .lines().map(String::strip).sorted().reduce("", (a, b) -> a + b + "\n");
  }

  Result flotilla(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        System.getProperty("flotilla.jar", "target/flotilla.jar")));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("flotilla " + String.join(" ", args) + " did not finish in 180 s: " + Files.readString(err));
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  static String sh(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] b = p.getInputStream().readAllBytes();
    p.waitFor(60, TimeUnit.SECONDS);
    return new String(b, StandardCharsets.UTF_8);
  }
}
