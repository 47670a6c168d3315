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

/** {@code flotilla down}: stop and remove every instance of the project. */
@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description = {"Stop and remove every container (or process) of the project, dependents first. Volumes stay."},
    footer = {"", "Exit codes: 0 removed; 1 something could not be removed; 2 invalid input; 3 the engine is unreachable.",
        "See docs/cli/down.md."})
public class DownCommand implements Callable<Integer> {
  @ParentCommand FlotillaCommand parent;
  @Mixin ProjectOptions project;
  @Mixin RuntimeOption runtimeOption;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Console console = parent.global.console(spec.commandLine().getOut(), spec.commandLine().getErr());
    Stack stack = runtimeOption.load(project.toLoadOptions());
    try (RuntimeOption.Session s = runtimeOption.session(stack, "flotilla down")) {
      List<String> problems = new Operations(s.runtime(), s.store()).down(stack, console::info);
      console.result(problems.isEmpty() ? "down: " + stack.name() + " removed" : "down: " + String.join("; ", problems));
      return problems.isEmpty() ? ExitCode.OK : ExitCode.FAILED;
    }
  }
}
