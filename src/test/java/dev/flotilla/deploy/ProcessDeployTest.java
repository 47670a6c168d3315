package dev.flotilla.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.diagnose.Diagnoser;
import dev.flotilla.load.LoadOptions;
import dev.flotilla.load.Loader;
import dev.flotilla.model.Stack;
import dev.flotilla.model.UserError;
import dev.flotilla.plan.Planner;
import dev.flotilla.runtime.Instance;
import dev.flotilla.runtime.ProcessRuntime;
import dev.flotilla.testing.Parts;
import dev.flotilla.track.Outcome;
import dev.flotilla.track.Store;
import dev.flotilla.track.TrackedError;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deploy logic on the process runtime: local busybox httpd processes on 127.0.0.1:19200-19299.
 * Phases, health gate, root failure and blocked services, exact rollback, the store's records,
 * the project lock, cancellation and rollback to the previous deploy.
 */
class ProcessDeployTest {
  static final Path BUSYBOX = Files.isExecutable(Path.of("/usr/bin/busybox")) ? Path.of("/usr/bin/busybox") : Path.of("/bin/busybox");

  @TempDir Path dir;
  ProcessRuntime runtime;
  Store store;
  RuntimeProber prober;
  final List<DeployEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>(); // streamed while the deployer appends

  static String platform(String workerCommand, String apiExtra) {
    return """
        name: fltproc
        x-flotilla:
          start_timeout: 3s
        services:
          db:
            image: busybox
            x-flotilla:
              process: { command: [BB, httpd, -f, -p, "127.0.0.1:19201", -h, www] }
              health: { url: "http://127.0.0.1:19201/health" }
          cache:
            image: busybox
            healthcheck: { test: ["CMD", "BB", "wget", "-q", "-O-", "http://127.0.0.1:19202/health"] }
            x-flotilla:
              process: { command: [BB, httpd, -f, -p, "127.0.0.1:19202", -h, www] }
          api:
            image: busybox
            depends_on: [db, cache]
            environment: { API_SECRET: "s3cr3t-canary-77", MODE: "v1" APIEXTRA }
            x-flotilla:
              process: { command: [BB, httpd, -f, -p, "127.0.0.1:19203", -h, www] }
              health: { url: "http://127.0.0.1:19203/health" }
          worker:
            image: busybox
            depends_on: [api]
            x-flotilla:
              min_uptime: 300ms
              process: { command: [sh, -c, "WORKER"] }
        """.replace("BB", BUSYBOX.toString()).replace("WORKER", workerCommand).replace(" APIEXTRA", apiExtra);
  }

  static final String GOOD_WORKER = "echo worker up; exec sleep 600";

  @BeforeEach
  void setUp() throws Exception {
    Parts.require(Files.isExecutable(BUSYBOX), "busybox (apt-get install busybox-static)");
    Files.createDirectories(dir.resolve("www"));
    Files.writeString(dir.resolve("www/health"), "ok\n");
    runtime = new ProcessRuntime(dir);
    store = Store.open("jdbc:h2:file:" + dir.resolve(".flotilla/flotilla"));
    prober = new RuntimeProber(runtime);
  }

  @AfterEach
  void tearDown() {
    for (Instance i : runtime.list("fltproc")) runtime.remove(i);
    prober.close();
    store.close();
  }

  Stack load(String compose) throws Exception {
    Files.writeString(dir.resolve("compose.yaml"), compose);
    return Loader.load(LoadOptions.ofDirectory(dir));
  }

  DeployResult up(Stack stack, Deployer.Options o) {
    Deployer d = new Deployer(runtime, store, Diagnoser.builtIn(), prober, events::add);
    return d.deploy(stack, Planner.plan(stack), o);
  }

  Deployer.Options opts() {
    return new Deployer.Options(Set.of(), false, false, "test", null, true);
  }

  /** What runs: instance name → pid and config hash, the process runtime's "docker ps". */
  Map<String, String> ps() throws Exception {
    Map<String, String> m = new TreeMap<>();
    for (Instance i : runtime.list("fltproc")) {
      String spec = Files.readString(runtime.directory().resolve(i.name() + ".json"));
      String pid = spec.replaceAll("(?s).*\"pid\" : (\\d+).*", "$1");
      m.put(i.name(), (i.running() ? "running " : "stopped ") + pid + " " + i.configHash());
    }
    return m;
  }

  @Test
  void deploysPhaseByPhaseAndRecordsIt() throws Exception {
    Stack stack = load(platform(GOOD_WORKER, ""));
    DeployResult r = up(stack, opts());
    assertThat(r.outcome()).as(r.story().toString()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(r.started()).containsExactlyInAnyOrder("db", "cache", "api", "worker");
    assertThat(ps().values()).hasSize(4).allMatch(v -> v.startsWith("running"));
    // phases in order: nothing of phase 2 starts before phase 1 is healthy
    List<String> order = events.stream().filter(e -> e.kind().equals("service.healthy") || e.kind().equals("service.start"))
        .map(e -> e.kind() + ":" + e.service()).toList();
    assertThat(order.indexOf("service.start:api")).isGreaterThan(order.indexOf("service.healthy:db")).isGreaterThan(order.indexOf("service.healthy:cache"));
    assertThat(order.indexOf("service.start:worker")).isGreaterThan(order.indexOf("service.healthy:api"));
    assertThat(store.phases(r.deploymentId())).hasSize(3).allMatch(p -> p.outcome() == Outcome.SUCCEEDED);
    assertThat(store.deployment(r.deploymentId()).orElseThrow().outcome()).isEqualTo(Outcome.SUCCEEDED);
    assertThat(new DeployHistory(dir).latest("fltproc")).isPresent();

    // a second up with nothing changed keeps every instance
    Map<String, String> before = ps();
    DeployResult again = up(stack, opts());
    assertThat(again.succeeded()).isTrue();
    assertThat(again.unchanged()).hasSize(4);
    assertThat(ps()).isEqualTo(before);
  }

  @Test
  void aCrashRollsBackToExactlyWhatRanBefore() throws Exception {
    up(load(platform(GOOD_WORKER, "")), opts());
    Map<String, String> before = ps();
    Stack broken = load(platform("echo starting; echo \\\"ModuleNotFoundError: No module named 'kombu'\\\" >&2; exit 1", ", EXTRA: \"x\""));
    DeployResult r = up(broken, opts());
    assertThat(r.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(r.failedPhase()).isEqualTo(3);
    assertThat(r.roots()).singleElement().satisfies(f -> {
      assertThat(f.service()).isEqualTo("worker");
      assertThat(f.reason()).isEqualTo(ServiceFailure.Reason.EXITED);
      assertThat(f.exitCode()).isEqualTo(1);
      assertThat(f.logTail()).anyMatch(l -> l.contains("kombu"));
      assertThat(f.diagnosis()).isNotNull();
      assertThat(f.code()).startsWith("COD");
    });
    // api changed too (new env): its previous process is back, with the previous config
    Map<String, String> after = ps();
    assertThat(after.keySet()).isEqualTo(before.keySet());
    after.forEach((name, v) -> assertThat(v.split(" ")[2]).as(name).isEqualTo(before.get(name).split(" ")[2]));
    assertThat(after.values()).allMatch(v -> v.startsWith("running"));
    assertThat(after.get("fltproc-db-1")).isEqualTo(before.get("fltproc-db-1")); // untouched: same pid

    List<TrackedError> errors = store.errorsOfDeployment(r.deploymentId());
    assertThat(errors).singleElement().satisfies(e -> {
      assertThat(e.service()).isEqualTo("worker");
      assertThat(e.code()).isEqualTo(r.roots().get(0).code());
    });
    assertThat(store.deployment(r.deploymentId()).orElseThrow().outcome()).isEqualTo(Outcome.ROLLED_BACK);
  }

  @Test
  void aNeverHealthyServiceIsTheRootAndItsDependentsAreBlocked() throws Exception {
    Stack stack = load(platform(GOOD_WORKER, "").replace("http://127.0.0.1:19203/health", "http://127.0.0.1:19203/nothere")
        .replace("x-flotilla:\n      process: { command: [" + BUSYBOX + ", httpd, -f, -p, \"127.0.0.1:19203\"",
            "x-flotilla:\n      start_timeout: 1s\n      process: { command: [" + BUSYBOX + ", httpd, -f, -p, \"127.0.0.1:19203\""));
    DeployResult r = up(stack, opts());
    assertThat(r.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(r.failedPhase()).isEqualTo(2);
    assertThat(r.story()).singleElement().asString().startsWith("api unhealthy").contains("404").endsWith("→ worker not started");
    assertThat(r.roots().get(0).probeOutput()).contains("404");
    // a first deploy rolls back to nothing
    assertThat(runtime.list("fltproc")).isEmpty();
    // the secret in api's environment never reaches the store
    assertThat(store.errorsOfDeployment(r.deploymentId()).toString()).doesNotContain("s3cr3t-canary-77");
  }

  @Test
  void aTakenPortFailsBeforeAnythingChanges() throws Exception {
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress("127.0.0.1", 19203));
      DeployResult r = up(load(platform(GOOD_WORKER, "")), opts());
      assertThat(r.succeeded()).isFalse();
      assertThat(r.changed()).isFalse();
      assertThat(r.roots()).singleElement().satisfies(f -> {
        assertThat(f.service()).isEqualTo("api");
        assertThat(f.phase()).isEqualTo(2);
        assertThat(f.reason()).isEqualTo(ServiceFailure.Reason.PORT_TAKEN);
        assertThat(f.code()).isEqualTo("PRT001");
      });
      assertThat(r.blocked().get("api")).containsExactly("worker");
      assertThat(runtime.list("fltproc")).isEmpty();
    }
  }

  @Test
  void noRollbackLeavesTheFailedPhaseUp() throws Exception {
    Stack broken = load(platform("echo boom; exit 3", ""));
    DeployResult r = up(broken, new Deployer.Options(Set.of(), false, true, "test", null, true));
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.rolledBack()).isFalse();
    assertThat(ps()).containsKeys("fltproc-db-1", "fltproc-api-1", "fltproc-worker-1");
    assertThat(ps().get("fltproc-api-1")).startsWith("running");
  }

  @Test
  void withoutRollbackWhatWasCreatedAheadForUnreachedPhasesIsRemoved() throws Exception {
    Stack stack = load(platform(GOOD_WORKER, "").replace("http://127.0.0.1:19203/health", "http://127.0.0.1:19203/nothere")
        .replace("start_timeout: 3s", "start_timeout: 1s"));
    DeployResult r = up(stack, new Deployer.Options(Set.of(), false, true, "test", null, true));
    assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(r.failedPhase()).isEqualTo(2);
    assertThat(r.notStarted()).containsExactly("worker");
    // the failed phase is left up; worker (created ahead for phase 3) is gone
    assertThat(ps().keySet()).containsExactlyInAnyOrder("fltproc-db-1", "fltproc-cache-1", "fltproc-api-1");
  }

  @Test
  void cancellingRollsBackWhatThisRunStarted() throws Exception {
    Stack stack = load(platform(GOOD_WORKER, "").replace("http://127.0.0.1:19203/health", "http://127.0.0.1:19203/slow")
        .replace("start_timeout: 3s", "start_timeout: 30s"));
    Deployer d = new Deployer(runtime, store, Diagnoser.builtIn(), prober, e -> {
      events.add(e);
    });
    CompletableFuture<DeployResult> run = CompletableFuture.supplyAsync(() -> d.deploy(stack, Planner.plan(stack), opts()));
    // cancel once api is being gated (its probe keeps failing: /slow does not exist)
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
        .until(() -> events.stream().anyMatch(e -> "api".equals(e.service()) && "service.health".equals(e.kind())));
    // phase 3's worker was created ahead while api is gated, and is not running
    assertThat(runtime.list("fltproc")).anySatisfy(i -> {
      assertThat(i.name()).isEqualTo("fltproc-worker-1");
      assertThat(i.running()).isFalse();
    });
    d.cancel();
    DeployResult r = run.get(30, TimeUnit.SECONDS);
    assertThat(r.outcome()).isEqualTo(Outcome.CANCELLED);
    assertThat(r.took()).isLessThan(Duration.ofSeconds(20));
    assertThat(runtime.list("fltproc")).isEmpty();
  }

  @Test
  void theLockNamesItsHolder() {
    try (ProjectLock held = ProjectLock.acquire(dir, "fltproc", "flotilla up")) {
      assertThatThrownBy(() -> ProjectLock.acquire(dir, "fltproc", "flotilla up"))
          .isInstanceOf(UserError.class)
          .hasMessageContaining("locked by 'flotilla up' (pid " + ProcessHandle.current().pid());
    }
    ProjectLock.acquire(dir, "fltproc", "flotilla up").close();
  }

  @Test
  void rollbackReturnsToThePreviousSuccessfulDeploy() throws Exception {
    DeployResult first = up(load(platform(GOOD_WORKER, "")), opts());
    assertThat(first.succeeded()).isTrue();
    String v1 = ps().get("fltproc-api-1").split(" ")[2];
    DeployResult second = up(load(platform(GOOD_WORKER, ", EXTRA: \"v2\"")), opts());
    assertThat(second.succeeded()).isTrue();
    assertThat(ps().get("fltproc-api-1").split(" ")[2]).isNotEqualTo(v1);

    Deployer d = new Deployer(runtime, store, Diagnoser.builtIn(), prober, events::add);
    DeployResult back = d.rollbackService(LoadOptions.ofDirectory(dir), "fltproc", dir, "api");
    assertThat(back.succeeded()).as(back.story().toString()).isTrue();
    assertThat(ps().get("fltproc-api-1").split(" ")[2]).isEqualTo(v1);
    assertThat(store.deployment(back.deploymentId()).orElseThrow().rolledBackTo()).isEqualTo(first.deploymentId());
  }
}
