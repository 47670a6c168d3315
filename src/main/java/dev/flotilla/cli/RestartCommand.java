package dev.flotilla.cli;

import dev.flotilla.deploy.Operations;
import dev.flotilla.deploy.RuntimeProber;
import dev.flotilla.diagnose.Diagnoser;
import dev.flotilla.model.Stack;
import dev.flotilla.model.UserError;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code flotilla restart SERVICE}: health-gated, dependents respected. */
@Command(
    name = "restart",
    mixinStandardHelpOptions = true,
    description = {"Restart one service, health-gated: its running dependents stop first, the service restarts and",
        "must become healthy, then the dependents start again in phase order, each gated."},
    footer = {"", "Exit codes: 0 restarted and healthy; 1 a service did not become healthy again; 2 invalid input;",
        "3 the engine is unreachable. See docs/cli/restart.md."})
public class RestartCommand implements Callable<Integer> {
  @ParentCommand FlotillaCommand parent;
  @Mixin ProjectOptions project;
  @Mixin RuntimeOption runtimeOption;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Console console = parent.global.console(spec.commandLine().getOut(), spec.commandLine().getErr());
    Stack stack = runtimeOption.load(project.toLoadOptionsWithServices());
    var selected = ServiceNames.selected(stack, project.services());
    if (selected.size() != 1) throw UserError.input("restart takes one service name (got " + selected.size() + ")");
    String service = selected.iterator().next();
    DeployProgress progress = new DeployProgress(DeployProgress.choose(false, console), console);
    try (RuntimeOption.Session s = runtimeOption.session(stack, "flotilla restart " + service);
        RuntimeProber prober = new RuntimeProber(s.runtime())) {
      Operations.RestartResult r = new Operations(s.runtime(), s.store()).restart(stack, service, prober, Diagnoser.builtIn(), progress);
      if (r.failure() != null) {
        console.result("restart failed: " + r.failure().headline()
            + (r.restarted().isEmpty() ? "" : " (healthy again: " + String.join(", ", r.restarted()) + ")"));
        return ExitCode.FAILED;
      }
      console.result("restarted and healthy: " + String.join(", ", r.restarted()));
      return ExitCode.OK;
    }
  }
}
