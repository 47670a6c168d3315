package dev.flotilla.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.flotilla.load.LoadOptions;
import dev.flotilla.load.Loader;
import dev.flotilla.model.Service;
import dev.flotilla.model.Stack;
import dev.flotilla.testing.TestStacks;
import dev.flotilla.runtime.Instance;
import dev.flotilla.runtime.ProcessRuntime;
import dev.flotilla.runtime.Runtime;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health gate on real parts: a local process (the process runtime) gated on a real HTTP
 * endpoint (a JDK server on 127.0.0.1:19460-19469 whose answers the test scripts request by
 * request). N consecutive good probes, streaks broken by a bad answer, the confirming probe's
 * spacing, an exit seen while probes fail, and a timeout.
 */
class HealthGateTest {
  static final int PORT = 19461;

  @TempDir Path dir;
  ProcessRuntime runtime;
  RuntimeProber prober;
  HttpServer server;
  final AtomicInteger requests = new AtomicInteger();
  volatile IntUnaryOperator answer = n -> 200; // request number (from 1) → status
  final List<Instance> started = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    runtime = new ProcessRuntime(dir);
    prober = new RuntimeProber(runtime);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", PORT), 50);
    server.createContext("/health", ex -> {
      int status = answer.applyAsInt(requests.incrementAndGet());
      byte[] body = ("status " + status).getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void tearDown() {
    for (Instance i : started) runtime.remove(i);
    prober.close();
    server.stop(0);
  }

  Service service(String command, String extra) throws Exception {
    Stack stack = TestStacks.processApp(dir, "fltgate", command, extra, "health: { url: \"http://127.0.0.1:" + PORT + "/health\" }");
    Service s = stack.services().get("app");
    Instance i = runtime.create(stack, s, new Runtime.Image("busybox", "local"), "h");
    started.add(i);
    runtime.start(i);
    gatedStack = stack;
    gated = i;
    return s;
  }

  Stack gatedStack;
  Instance gated;
  final List<Long> probedAt = Collections.synchronizedList(new ArrayList<>());
  final List<Boolean> probeOk = Collections.synchronizedList(new ArrayList<>());

  HealthGate.Result await(Service s, HealthGate.Settings settings) {
    return new HealthGate(runtime, prober).await(s, gated, settings, () -> false, p -> {
      probedAt.add(System.nanoTime());
      probeOk.add(p.ok());
    });
  }

  static HealthGate.Settings settings(int consecutive, Duration timeout) {
    return new HealthGate.Settings(Duration.ZERO, timeout, consecutive, false, Duration.ZERO);
  }

  @Test
  void passesAfterTheConfiguredNumberOfConsecutiveGoodProbes() throws Exception {
    Service s = service("exec sleep 600", "");
    HealthGate.Result r = await(s, settings(3, Duration.ofSeconds(20)));
    assertThat(r.verdict()).isEqualTo(HealthGate.Verdict.HEALTHY);
    assertThat(r.probes()).isEqualTo(3);
    assertThat(probeOk).containsExactly(true, true, true);
  }

  @Test
  void aBadAnswerBreaksTheStreak() throws Exception {
    answer = n -> n == 2 || n == 4 ? 503 : 200; // good, bad, good, bad, good, good
    Service s = service("exec sleep 600", "");
    HealthGate.Result r = await(s, settings(2, Duration.ofSeconds(20)));
    assertThat(r.verdict()).isEqualTo(HealthGate.Verdict.HEALTHY);
    assertThat(probeOk).containsExactly(true, false, true, false, true, true);
    assertThat(r.lastFailedProbe().detail()).contains("503");
  }

  @Test
  void theConfirmingProbeWaitsTheConfirmationInterval() throws Exception {
    Service s = service("exec sleep 600", "");
    HealthGate.Result r = await(s, settings(3, Duration.ofSeconds(20)));
    assertThat(r.passed()).isTrue();
    for (int i = 1; i < probedAt.size(); i++) {
      assertThat(Duration.ofNanos(probedAt.get(i) - probedAt.get(i - 1))).isGreaterThanOrEqualTo(HealthGate.CONFIRM);
    }
  }

  @Test
  void anExitIsSeenWhileProbesFail() throws Exception {
    answer = n -> 503;
    Service s = service("sleep 0.3; exit 4", "");
    HealthGate.Result r = await(s, settings(2, Duration.ofSeconds(30)));
    assertThat(r.verdict()).isEqualTo(HealthGate.Verdict.EXITED);
    assertThat(r.state().exitCode()).isEqualTo(4);
    assertThat(r.took()).isLessThan(Duration.ofSeconds(30)); // not the timeout
  }

  @Test
  void aRestartLoopOfTheProcessRuntimeFailsTheGate() throws Exception {
    answer = n -> 503;
    Service s = service("echo run; exit 3", "restart: on-failure");
    HealthGate.Result r = await(s, settings(2, Duration.ofSeconds(30)));
    assertThat(r.verdict()).isEqualTo(HealthGate.Verdict.RESTART_LOOP);
    assertThat(r.state().restartCount()).isGreaterThanOrEqualTo(1);
    assertThat(runtime.logs(gated, -1)).filteredOn("run"::equals).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void aServiceThatNeverAnswersWellTimesOut() throws Exception {
    answer = n -> 500;
    Service s = service("exec sleep 600", "");
    HealthGate.Result r = await(s, settings(2, Duration.ofMillis(600)));
    assertThat(r.verdict()).isEqualTo(HealthGate.Verdict.TIMEOUT);
    assertThat(r.took()).isGreaterThanOrEqualTo(Duration.ofMillis(600));
    assertThat(r.lastFailedProbe().detail()).contains("500");
  }

  @Test
  void httpProbesAreCheapExecProbesAreNot() throws Exception {
    Service http = service("exec sleep 600", "");
    assertThat(prober.cheap(http)).isTrue();
    Files.writeString(dir.resolve("compose.yaml"), """
        name: fltgate
        services:
          app:
            image: busybox
            healthcheck: { test: ["CMD", "true"] }
            x-flotilla:
              process: { command: [sh, -c, "exec sleep 600"] }
        """);
    Service exec = Loader.load(LoadOptions.ofDirectory(dir)).services().get("app");
    assertThat(prober.cheap(exec)).isFalse();
  }
}
