package dev.flotilla.cli;

import dev.flotilla.model.Tasks;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Something opened on a thread of its own while the command goes on (the engine's connection, the
 * store): {@link #get()} waits for it and rethrows what went wrong as it was thrown; closing waits
 * for it and closes it unless it was {@link #take() taken}.
 */
final class Background<T extends AutoCloseable> implements AutoCloseable {
  private final CompletableFuture<T> future;
  private boolean taken;

  private Background(CompletableFuture<T> future) {
    this.future = future;
  }

  /** Starts {@code open} on a daemon thread; a null {@code open} gives an empty one. */
  static <T extends AutoCloseable> Background<T> start(String name, Supplier<T> open) {
    if (open == null) return new Background<>(null);
    return new Background<>(Tasks.supply(name, open));
  }

  boolean isEmpty() {
    return future == null;
  }

  /** Waits for the thing; rethrows its failure. */
  T get() {
    return future == null ? null : Tasks.await(future);
  }

  /** Waits for the thing and hands it over: the caller closes it. */
  T take() {
    T t = get();
    taken = true;
    return t;
  }

  /** Closes the thing when it is ready, without waiting for it, unless it was taken. */
  void release() {
    if (future == null || taken) return;
    future.thenAccept(t -> {
      try {
        if (t != null) t.close();
      } catch (Exception e) {
        // nobody used it: nothing to report
      }
    });
  }

  @Override
  public void close() {
    if (future == null || taken) return;
    T t;
    try {
      t = future.join();
    } catch (CompletionException e) {
      return; // it never opened: nothing to close (whoever needed it saw the failure)
    }
    try {
      if (t != null) t.close();
    } catch (Exception e) {
      throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }
  }
}
