package dev.flotilla.runtime;

import dev.flotilla.model.Service;
import dev.flotilla.model.Stack;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The seam between deployment logic and an engine: prepare a service's image, create, start, stop,
 * rename and remove its instances, read their state, logs and usage, run a command in them, and
 * list what belongs to a project. Deployment logic never knows which runtime it drives.
 *
 * <p>Failures of the engine while doing a job for a service are {@link RuntimeFailure}s (they carry
 * the engine's message as evidence); an engine that cannot be reached at all is a
 * {@code UserError} of kind UNREACHABLE.
 */
public interface Runtime extends AutoCloseable {

  /** {@code docker} or {@code process}. */
  String name();

  /** Fails with an UNREACHABLE {@code UserError} when the engine does not answer. */
  void ping();

  /**
   * Loads what a deploy's first create, start and inspect would load (for docker: the client's
   * request path and its reflective JSON (de)serialisers), so that cost is paid on a start-up
   * thread rather than by the first phase. Changes nothing; failures are ignored.
   */
  default void warmUp() {}

  /**
   * Makes the service's image available (builds {@code build}, never pulling what exists locally)
   * and returns the image reference to create instances from; build output goes to {@code log}.
   */
  Image prepare(Stack stack, Service service, Consumer<String> log);

  /** An image ready to run: the reference to create from and its id (a rebuild changes the id). */
  record Image(String ref, String id) {}

  /**
   * Keeps an image that a deployment ran under a name of its own ({@code repo:flotilla-ID}) so a
   * later build cannot take it away from a rollback; returns the pinned reference.
   */
  Image pin(Image image, long deploymentId);

  /** Creates (does not start) instance number 1 of a service under its canonical name. */
  Instance create(Stack stack, Service service, Image image, String configHash);

  void start(Instance instance);

  void stop(Instance instance, Duration timeout);

  void remove(Instance instance);

  /** Renames an instance (to keep a previous one aside while its replacement is proven). */
  Instance rename(Instance instance, String newName);

  InstanceState inspect(Instance instance);

  /** The last {@code tail} log lines (stdout and stderr), oldest first; all with {@code tail < 0}. */
  List<String> logs(Instance instance, int tail);

  /** Streams log lines from the last {@code tail} on until {@code stop} says so. */
  void follow(Instance instance, int tail, Consumer<String> line, BooleanSupplier stop);

  /** CPU and memory now, when the engine can tell. */
  Optional<Usage> usage(Instance instance);

  /** Runs a command inside (docker) or beside (process) the instance, with a time limit. */
  ExecResult exec(Instance instance, List<String> command, Duration timeout);

  /** Every instance of the project, running or not, previous ones kept aside included. */
  List<Instance> list(String project);

  /** The canonical instance name of a service: {@code project-service-1}, as Compose v2 names it. */
  static String canonicalName(String project, String service) {
    return project + "-" + service + "-1";
  }

  @Override
  void close();
}
