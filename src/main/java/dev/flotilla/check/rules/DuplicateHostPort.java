package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Fix;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.facts.PortPlan;
import dev.flotilla.model.Category;
import dev.flotilla.model.PortBinding;
import dev.flotilla.model.Service;
import dev.flotilla.model.Severity;
import dev.flotilla.model.Stack;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

@RuleInfo(
    code = "PRT001",
    severity = Severity.HIGH,
    category = Category.NETWORK,
    title = "Host port published twice",
    explanation = "Two `ports` entries (in two services, or twice in one) publish the same host port on overlapping addresses. "
        + "Only one can bind it: the second container fails to start with 'port is already allocated', and the failure "
        + "shows up at deploy time, often long after the first service came up.",
    example = "services:\n  auth:\n    ports: [\"9002:8000\"]\n  policy:\n    ports: [\"9002:8000\"]   # same host port",
    fix = "Give each service its own host port (keep the container port). With `x-flotilla.ports.range`, "
        + "`flotilla check --fix` reassigns the second one from the range.",
    fixable = true)
public final class DuplicateHostPort implements Rule {

  private record Seen(Service service, PortBinding binding) {}

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    List<Seen> seen = new ArrayList<>();
    Map<PortBinding, Integer> plan = null;
    for (Service s : stack.services().values()) {
      for (PortBinding b : s.ports()) {
        if (b.published() == null) continue;
        Seen clash = null;
        for (Seen p : seen) {
          if (p.binding.published().equals(b.published()) && p.binding.protocol().equals(b.protocol()) && overlaps(p.binding, b)) {
            clash = p;
            break;
          }
        }
        if (clash == null) {
          seen.add(new Seen(s, b));
          continue;
        }
        boolean exclusive = !clash.service.name().equals(s.name()) && exclusiveProfiles(clash.service, s);
        String where = clash.service.name().equals(s.name()) ? "already by this service" : "already by service '" + clash.service.name() + "'";
        Finding.Builder f = finding(s.name(),
                "host port " + b.published() + "/" + b.protocol() + " is published " + where
                    + (exclusive ? " (only when profiles " + clash.service.profiles() + " and " + s.profiles() + " are both enabled)" : "")
                    + ": the second container cannot bind it",
                b.location())
            .related(clash.binding.location(), "first published here")
            .remedy("publish a different host port here (the container port " + b.target() + " can stay)");
        if (exclusive) f.severity(Severity.MEDIUM);
        if (plan == null) plan = PortPlan.reassignments(stack);
        Integer to = plan.get(b);
        if (to != null && stack.settings().portRange().contains(b.published())) {
          PortPlan.edit(b, to).ifPresent(e -> f.fix(new Fix("publish host port " + to + " instead of " + b.published(), List.of(e))));
        }
        out.add(f.build());
      }
    }
    return out;
  }

  private static boolean overlaps(PortBinding a, PortBinding b) {
    String x = a.hostIpOrDefault();
    String y = b.hostIpOrDefault();
    return x.equals(y) || any(x) || any(y);
  }

  private static boolean any(String ip) {
    return ip.equals("0.0.0.0") || ip.equals("::") || ip.equals("[::]");
  }

  /** Both gated by profiles, with no profile in common: they run together only when both are enabled. */
  private static boolean exclusiveProfiles(Service a, Service b) {
    return !a.profiles().isEmpty() && !b.profiles().isEmpty() && Collections.disjoint(a.profiles(), b.profiles());
  }
}
