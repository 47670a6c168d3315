package dev.flotilla.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.model.Stack;
import dev.flotilla.testing.TestStacks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process runtime applies compose restart policies the way Docker does, counting restarts. */
class ProcessRuntimeRestartTest {
  @TempDir Path dir;
  final List<Instance> started = new ArrayList<>();
  ProcessRuntime runtime;

  @AfterEach
  void tearDown() {
    if (runtime != null) for (Instance i : started) runtime.remove(i);
  }

  Instance start(String command, String restart) throws Exception {
    Stack stack = TestStacks.processApp(dir, "fltrestart", command, restart == null ? "" : "restart: \"" + restart + "\"", "");
    runtime = new ProcessRuntime(dir);
    Instance i = runtime.create(stack, stack.services().get("app"), new Runtime.Image("busybox", "local"), "h");
    started.add(i);
    runtime.start(i);
    return i;
  }

  InstanceState exited(Instance i) {
    return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
        .until(() -> runtime.inspect(i), InstanceState::exited);
  }

  @Test
  void withoutAPolicyAnExitStaysAnExit() throws Exception {
    Instance i = start("echo run; exit 3", null);
    InstanceState st = exited(i);
    assertThat(st.exitCode()).isEqualTo(3);
    assertThat(st.restartCount()).isZero();
    assertThat(runtime.logs(i, -1)).containsExactly("run");
  }

  @Test
  void onFailureWithAMaximumRestartsThatManyTimesThenStops() throws Exception {
    Instance i = start("echo run; exit 3", "on-failure:2");
    InstanceState st = exited(i);
    assertThat(st.exitCode()).isEqualTo(3);
    assertThat(st.restartCount()).isEqualTo(2);
    assertThat(runtime.logs(i, -1)).containsExactly("run", "run", "run");
  }

  @Test
  void onFailureDoesNotRestartASuccess() throws Exception {
    Instance i = start("echo run; exit 0", "on-failure");
    InstanceState st = exited(i);
    assertThat(st.exitCode()).isZero();
    assertThat(st.restartCount()).isZero();
  }

  @Test
  void alwaysRestartsUntilStopped() throws Exception {
    Instance i = start("echo run; exit 0", "always");
    Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
        .until(() -> runtime.inspect(i).restartCount() >= 2);
    runtime.stop(i, Duration.ofSeconds(5));
    InstanceState st = runtime.inspect(i);
    assertThat(st.running()).isFalse();
    assertThat(st.restarting()).isFalse();
  }
}
