package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Fix;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.TextEdit;
import dev.flotilla.check.facts.ComposeText;
import dev.flotilla.check.facts.PortPlan;
import dev.flotilla.model.Category;
import dev.flotilla.model.HealthProbe;
import dev.flotilla.model.PortBinding;
import dev.flotilla.model.PortRange;
import dev.flotilla.model.Service;
import dev.flotilla.model.Severity;
import dev.flotilla.model.Stack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

@RuleInfo(
    code = "PRT003",
    severity = Severity.MEDIUM,
    category = Category.NETWORK,
    title = "Host port outside the project's port range",
    explanation = "The project sets a host-port policy in `x-flotilla.ports.range`, and this service publishes a port outside it. "
        + "Ranges exist so that firewalls, proxies and other stacks on the same host can rely on them; a port picked by hand "
        + "outside the range collides with something else sooner or later (seed: twenty services, ports fixed by a script).",
    example = "x-flotilla:\n  ports: { range: 9000-9099 }\nservices:\n  api:\n    ports: [\"8080:8000\"]   # outside 9000-9099",
    fix = "Publish a port from the range. `flotilla check --fix` picks the lowest free one and edits only that number "
        + "(and the service's `x-flotilla.health` URL when it used the old port).",
    fixable = true)
public final class PortOutsideRange implements Rule {

  @Override
  public List<Finding> check(Stack stack) {
    PortRange range = stack.settings() == null ? null : stack.settings().portRange();
    if (range == null) return List.of();
    List<Finding> out = new ArrayList<>();
    Map<PortBinding, Integer> plan = PortPlan.reassignments(stack);
    for (Service s : stack.services().values()) {
      for (PortBinding b : s.ports()) {
        if (b.published() == null || range.contains(b.published())) continue;
        Finding.Builder f = finding(s.name(),
                "host port " + b.published() + " is outside the project's range " + range.from() + "-" + range.to(), b.location())
            .related(range.location(), "the range is set here");
        Integer to = plan.get(b);
        if (to == null) {
          f.remedy("the range " + range.from() + "-" + range.to() + " has no free port left: widen it or free one");
        } else {
          f.remedy("publish host port " + to + " (free in the range)");
          List<TextEdit> edits = new ArrayList<>();
          PortPlan.edit(b, to).ifPresent(edits::add);
          HealthProbe h = s.settings() == null ? null : s.settings().health();
          if (!edits.isEmpty() && h != null && h.url() != null && h.url().matches("https?://(127\\.0\\.0\\.1|localhost|\\[::1]):" + b.published() + "(/.*)?")) {
            ComposeText.replaceNear(h.location(), 3, Pattern.compile("(?:127\\.0\\.0\\.1|localhost|\\[::1]):(" + b.published() + ")\\b"), String.valueOf(to))
                .ifPresent(edits::add);
          }
          if (!edits.isEmpty()) f.fix(new Fix("publish host port " + to + " instead of " + b.published(), List.copyOf(edits)));
        }
        out.add(f.build());
      }
    }
    return out;
  }
}
