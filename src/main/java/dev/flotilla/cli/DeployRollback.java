package dev.flotilla.cli;

import dev.flotilla.deploy.DeployResult;
import dev.flotilla.deploy.Deployer;
import dev.flotilla.deploy.ProjectLock;
import dev.flotilla.deploy.RuntimeProber;
import dev.flotilla.diagnose.Diagnoser;
import dev.flotilla.load.LoadOptions;
import dev.flotilla.model.Stack;
import dev.flotilla.model.UserError;
import dev.flotilla.runtime.Runtime;
import dev.flotilla.runtime.Runtimes;
import dev.flotilla.track.Store;
import dev.flotilla.watch.Rollback;

/**
 * {@code watch --rollback}: the deployer puts one service back to what the previous successful
 * deployment ran, health-gated like {@code up} (and undone itself if the old version is not
 * healthy either), under the project's deploy lock.
 */
final class DeployRollback implements Rollback {
  private final LoadOptions options;
  private final Stack stack;
  private final String runtimeKind;
  private final StoreOptions storeOptions;

  DeployRollback(LoadOptions options, Stack stack, String runtimeKind, StoreOptions storeOptions, Console console) {
    this.options = new LoadOptions(options.files(), stack.projectDir(), options.projectName(), options.envFiles(), options.profiles(), options.environment());
    this.stack = stack;
    this.runtimeKind = runtimeKind;
    this.storeOptions = storeOptions;
  }

  @Override
  public String rollback(String service) {
    StoreOptions.Scope scope = new StoreOptions.Scope(stack.projectDir(), stack.name(), stack, null);
    try (ProjectLock lock = ProjectLock.acquire(stack.projectDir(), stack.name(), "flotilla watch --rollback");
        Runtime runtime = Runtimes.open(runtimeKind, stack.projectDir());
        Store store = storeOptions.open(scope);
        RuntimeProber prober = new RuntimeProber(runtime)) {
      Deployer deployer = new Deployer(runtime, store, Diagnoser.builtIn(), prober, null);
      DeployResult r = deployer.rollbackService(options, stack.name(), stack.projectDir(), service);
      if (!r.succeeded()) throw new IllegalStateException("the rollback deploy of " + service + " failed: " + summary(r));
      return service + " is back to the previous successful deployment and healthy (" + summary(r) + ")";
    } catch (UserError e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static String summary(DeployResult r) {
    if (!r.succeeded()) return r.story().isEmpty() ? r.outcome().lower() : String.join("; ", r.story());
    return "deployment #" + r.deploymentId() + (r.started().isEmpty() ? ", nothing to change" : ", restarted " + String.join(", ", r.started()));
  }
}
