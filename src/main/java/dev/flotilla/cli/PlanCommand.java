package dev.flotilla.cli;

import dev.flotilla.load.Loader;
import dev.flotilla.model.Stack;
import dev.flotilla.plan.Plan;
import dev.flotilla.plan.PlanRenderer;
import dev.flotilla.plan.Planner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code flotilla plan}: the dependency graph and the phases {@code up} will start. */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = {
      "Show the start order: the dependency graph from depends_on and from env values that name another",
      "service (marked inferred), cut into phases of services that start together. Explicit",
      "x-flotilla.phases are used when given, after checking them against the graph."
    },
    footer = {"", "Exit codes: 0 planned; 2 invalid input, a dependency cycle (printed) or x-flotilla.phases that",
        "contradict the graph. See docs/cli/plan.md."})
public class PlanCommand implements Callable<Integer> {
  @ParentCommand FlotillaCommand parent;
  @Mixin ProjectOptions project;
  @Spec CommandSpec spec;

  @Option(names = "--format", paramLabel = "FORMAT", description = "text, json, dot or mermaid (default: text).")
  PlanRenderer.Format format = PlanRenderer.Format.TEXT;

  @Override
  public Integer call() {
    Console console = parent.global.console(spec.commandLine().getOut(), spec.commandLine().getErr());
    Stack stack = Loader.load(project.toLoadOptionsWithServices());
    Plan plan = Planner.plan(stack);
    if (!project.services().isEmpty()) plan = plan.restrictTo(ServiceNames.selected(stack, project.services()));
    console.result(PlanRenderer.render(plan, format, stack.projectDir()));
    return ExitCode.OK;
  }
}
