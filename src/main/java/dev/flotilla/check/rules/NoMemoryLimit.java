package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.model.Category;
import dev.flotilla.model.Service;
import dev.flotilla.model.Severity;
import dev.flotilla.model.Stack;
import java.util.ArrayList;
import java.util.List;

@RuleInfo(
    code = "RES001",
    severity = Severity.LOW,
    category = Category.RESOURCE,
    title = "No memory limit",
    explanation = "Without a memory limit one service with a leak or a burst (a model loaded twice, an unbounded cache) "
        + "takes memory from every other container on the host until the kernel's OOM killer picks a victim, which is "
        + "often not the culprit. A limit turns that into a restart of the one service, with exit code 137 to explain it.",
    example = "services:\n  worker:\n    image: myorg/worker   # no deploy.resources.limits.memory",
    fix = "Set `deploy.resources.limits.memory` (or `mem_limit`) to a little above the service's working set.")
public final class NoMemoryLimit implements Rule {

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    for (Service s : stack.services().values()) {
      if (s.resources() != null && s.resources().hasMemoryLimit()) continue;
      out.add(finding(s.name(), "service '" + s.name() + "' has no memory limit", s.location())
          .remedy("add deploy.resources.limits.memory (for example 512M)")
          .build());
    }
    return out;
  }
}
