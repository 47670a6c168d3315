package dev.flotilla.cli;

import dev.flotilla.deploy.Operations;
import dev.flotilla.model.Stack;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code flotilla stop [SERVICE…]}: stop without removing. */
@Command(
    name = "stop",
    mixinStandardHelpOptions = true,
    description = {"Stop services (all when none is named) without removing them, in reverse phase order.",
        "A service that running dependents need is reported."},
    footer = {"", "Exit codes: 0 stopped; 1 something could not be stopped; 2 invalid input; 3 the engine is unreachable.",
        "See docs/cli/stop.md."})
public class StopCommand implements Callable<Integer> {
  @ParentCommand FlotillaCommand parent;
  @Mixin ProjectOptions project;
  @Mixin RuntimeOption runtimeOption;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Console console = parent.global.console(spec.commandLine().getOut(), spec.commandLine().getErr());
    Stack stack = runtimeOption.load(project.toLoadOptionsWithServices());
    var selected = ServiceNames.selected(stack, project.services());
    try (RuntimeOption.Session s = runtimeOption.session(stack, "flotilla stop")) {
      List<String> problems = new Operations(s.runtime(), s.store()).stop(stack, selected, console::info, console::warn);
      console.result(problems.isEmpty() ? "stopped" : "stop: " + String.join("; ", problems));
      return problems.isEmpty() ? ExitCode.OK : ExitCode.FAILED;
    }
  }
}
