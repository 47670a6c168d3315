package dev.flotilla.cli;

import dev.flotilla.deploy.DeployHistory;
import dev.flotilla.deploy.DeployResult;
import dev.flotilla.deploy.Deployer;
import dev.flotilla.deploy.ProjectLock;
import dev.flotilla.deploy.RuntimeProber;
import dev.flotilla.diagnose.Diagnoser;
import dev.flotilla.load.LoadOptions;
import dev.flotilla.model.Stack;
import dev.flotilla.model.UserError;
import dev.flotilla.runtime.Runtime;
import dev.flotilla.track.Store;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code flotilla rollback}: back to the previous successful deployment. */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = {"Deploy the previous successful deployment again: its compose files and the images it ran",
        "(built images are kept as REPO:flotilla-ID), health-gated like up, and rolled back itself if it fails."},
    footer = {"", "Exit codes: 0 rolled back and healthy; 1 nothing to roll back to, or the rollback deploy failed;",
        "2 invalid input; 3 the engine is unreachable. See docs/cli/rollback.md."})
public class RollbackCommand implements Callable<Integer> {
  @ParentCommand FlotillaCommand parent;
  @Mixin ProjectOptions project;
  @Mixin RuntimeOption runtimeOption;
  @Spec CommandSpec spec;

  @Option(names = "--to", paramLabel = "ID", description = "The deployment to return to (default: the one before the last successful one).")
  Long to;

  @Option(names = "--environment", paramLabel = "ENV", description = "Recorded with the deployment (default: development).")
  String environment = "development";

  @Override
  public Integer call() {
    Console console = parent.global.console(spec.commandLine().getOut(), spec.commandLine().getErr());
    LoadOptions options = project.toLoadOptions();
    Stack stack = runtimeOption.load(options);
    DeployHistory history = new DeployHistory(stack.projectDir());
    DeployHistory.Snapshot target = to == null
        ? history.previous(stack.name()).orElseThrow(() -> new UserError(UserError.Kind.FAILED, null,
            "no earlier successful deployment of " + stack.name() + " is recorded; nothing to roll back to"))
        : history.all(stack.name()).stream().filter(s -> s.deploymentId() == to).findFirst()
            .orElseThrow(() -> UserError.input("--to " + to + ": no successful deployment with that id is recorded (see flotilla history)"));
    console.info("rolling back " + stack.name() + " to deployment #" + target.deploymentId() + " of " + target.at());
    LoadOptions withDir = new LoadOptions(options.files(), stack.projectDir(), options.projectName(), options.envFiles(), options.profiles(), options.environment());
    DeployProgress progress = new DeployProgress(DeployProgress.choose(false, console), console);
    try (ProjectLock lock = ProjectLock.acquire(stack.projectDir(), stack.name(), "flotilla rollback");
        Runtime runtime = runtimeOption.open(stack);
        Store store = runtimeOption.store(stack);
        RuntimeProber prober = new RuntimeProber(runtime)) {
      Deployer deployer = new Deployer(runtime, store, Diagnoser.builtIn(), prober, progress);
      DeployResult r = UpCommand.Interruptible.run(deployer, console,
          () -> deployer.rollbackTo(target, withDir, null, new Deployer.Options(java.util.Set.of(), true, false, environment, target.deploymentId(), true)));
      UpCommand.report(r, console, false);
      return r.succeeded() ? ExitCode.OK : ExitCode.FAILED;
    }
  }
}
