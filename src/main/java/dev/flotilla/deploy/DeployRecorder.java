package dev.flotilla.deploy;

import dev.flotilla.track.Event;
import dev.flotilla.track.HealthSample;
import dev.flotilla.track.NewDeployment;
import dev.flotilla.track.NewError;
import dev.flotilla.track.Outcome;
import dev.flotilla.track.Store;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One deploy's writes to the store, in order, on a thread of their own: container starts and
 * health probes never wait for the database, and the store may still be opening while the
 * preflight runs. {@link #deploymentId()} waits for the deployment's row (and so for the store to
 * open) and rethrows what prevented it, so a deploy can refuse to change anything it could not
 * record; {@link #close()} waits for every write. A write that fails after that is reported to
 * {@code warn} and does not stop the deploy: the audit trail must not break it.
 */
final class DeployRecorder implements AutoCloseable {
  private final ExecutorService writer = Executors.newSingleThreadExecutor(Deployer.daemon("flotilla-record"));
  private final Supplier<Store> source;
  private final Consumer<String> warn;
  private final Map<Integer, Long> phaseIds = new ConcurrentHashMap<>();
  private volatile Store store;
  private volatile long id;
  private volatile boolean warned;
  private Future<?> started = CompletableFuture.completedFuture(null);

  /** {@code source} gives the store (null: nothing is recorded); it is called on the writer thread. */
  DeployRecorder(Supplier<Store> source, Consumer<String> warn) {
    this.source = source;
    this.warn = warn;
  }

  /** Opens the store if need be and records the deployment's start. */
  void startDeployment(NewDeployment d) {
    started = writer.submit(() -> {
      store = source.get();
      if (store != null) id = store.startDeployment(d);
      return null;
    });
  }

  /** The deployment's id (0 when nothing is recorded), waiting for it; rethrows why it could not be recorded. */
  long deploymentId() {
    try {
      started.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while opening the store", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error err) throw err;
      throw new IllegalStateException(e.getCause());
    }
    return id;
  }

  void startPhase(int number, List<String> services, Instant at) {
    write("phase " + number, s -> {
      if (id != 0) phaseIds.put(number, s.startPhase(id, number - 1, services, at));
    });
  }

  void finishPhase(int number, Outcome outcome, Instant at, String detail) {
    write("phase " + number, s -> {
      Long phaseId = phaseIds.get(number);
      if (phaseId != null) s.finishPhase(phaseId, outcome, at, detail);
    });
  }

  void event(Event event) {
    write("event", s -> s.recordEvent(event));
  }

  void health(HealthSample sample) {
    write("health sample", s -> s.recordHealth(sample));
  }

  void error(NewError error) {
    write("error", s -> s.recordError(error));
  }

  void finishDeployment(Outcome outcome, Instant at, Long rolledBackTo) {
    write("deployment", s -> {
      if (id != 0) s.finishDeployment(id, outcome, at, rolledBackTo);
    });
  }

  /** Whether anything is recorded (known once {@link #deploymentId()} returned). */
  boolean recording() {
    return store != null;
  }

  private interface Write {
    void to(Store s);
  }

  private void write(String what, Write w) {
    writer.execute(() -> {
      Store s = store;
      if (s == null) return;
      try {
        w.to(s);
      } catch (RuntimeException e) {
        if (!warned) warn.accept("could not record the " + what + ": " + e.getMessage());
        warned = true;
      }
    });
  }

  /** Waits for every write so far. */
  void flush() {
    try {
      writer.submit(() -> { }).get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      warn.accept("could not finish recording: " + e);
    }
  }

  @Override
  public void close() {
    flush();
    writer.shutdown();
  }
}
