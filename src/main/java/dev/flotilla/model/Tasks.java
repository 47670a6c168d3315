package dev.flotilla.model;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The one way Flotilla overlaps work on a second thread (loading, source scanning, recording,
 * the deploy's start-up): a daemon thread per task, so a task never keeps a finished command's
 * JVM alive, and a wait that rethrows what the task threw as it was thrown.
 */
public final class Tasks {
  private Tasks() {}

  /** Runs {@code job} on a daemon thread of its own; the future holds its result or what it threw. */
  public static <T> CompletableFuture<T> supply(String threadName, Supplier<T> job) {
    CompletableFuture<T> f = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        f.complete(job.get());
      } catch (Throwable e) {
        f.completeExceptionally(e);
      }
    }, threadName);
    t.setDaemon(true);
    t.start();
    return f;
  }

  /** {@link #supply} for work without a result. */
  public static CompletableFuture<Void> run(String threadName, Runnable work) {
    return supply(threadName, () -> {
      work.run();
      return null;
    });
  }

  /**
   * Waits for {@code f} to finish, through interrupts (the thread's interrupt flag is set again
   * afterwards: the work it waits for cannot be abandoned half-done), and returns its result or
   * rethrows the unchecked exception or error the task threw.
   */
  public static <T> T await(Future<T> f) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return f.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException r) throw r;
          if (cause instanceof Error err) throw err;
          throw new IllegalStateException(cause);
        }
      }
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
  }
}
