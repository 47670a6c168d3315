package dev.flotilla.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TasksTest {
  @Test
  void runsOnANamedDaemonThreadAndHandsTheResultBack() {
    AtomicReference<Thread> ran = new AtomicReference<>();
    CompletableFuture<String> f = Tasks.supply("flotilla-test", () -> {
      ran.set(Thread.currentThread());
      return "done";
    });
    assertThat(Tasks.await(f)).isEqualTo("done");
    assertThat(ran.get().getName()).isEqualTo("flotilla-test");
    assertThat(ran.get().isDaemon()).isTrue();
  }

  @Test
  void rethrowsWhatTheTaskThrewAsItWasThrown() {
    IllegalArgumentException boom = new IllegalArgumentException("boom");
    assertThatThrownBy(() -> Tasks.await(Tasks.run("flotilla-test", () -> { throw boom; }))).isSameAs(boom);
    StackOverflowError error = new StackOverflowError();
    assertThatThrownBy(() -> Tasks.await(Tasks.run("flotilla-test", () -> { throw error; }))).isSameAs(error);
  }

  @Test
  void waitsThroughAnInterruptAndSetsTheFlagAgain() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Void> slow = Tasks.run("flotilla-test", () -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.currentThread().interrupt();
    Tasks.run("flotilla-test-release", release::countDown);
    Tasks.await(slow); // returns only once the task is done, although this thread was interrupted
    assertThat(slow).isDone();
    assertThat(Thread.interrupted()).isTrue(); // reads and clears the flag for the next test
  }
}
