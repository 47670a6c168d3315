package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.facts.EffectiveHealthcheck;
import dev.flotilla.check.facts.ImageFacts;
import dev.flotilla.model.Category;
import dev.flotilla.model.Dependency;
import dev.flotilla.model.Service;
import dev.flotilla.model.Severity;
import dev.flotilla.model.Stack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@RuleInfo(
    code = "HLT003",
    severity = Severity.HIGH,
    category = Category.DEPENDENCY,
    title = "depends_on condition: service_healthy on a service without a healthcheck",
    explanation = "docker compose refuses to start a service that waits for service_healthy on a dependency "
        + "that has no healthcheck ('dependency failed to start: container … has no healthcheck configured'), "
        + "or waits forever when the healthcheck is disabled. Flotilla looks for the healthcheck in compose and "
        + "in the Dockerfile the dependency is built from; for a pulled image it cannot see, the finding is "
        + "MEDIUM because the image may declare one.",
    example = "services:\n  api:\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: postgres:16   # no healthcheck",
    fix = "Give the dependency a healthcheck (for postgres: test: [\"CMD-SHELL\", \"pg_isready -U $$POSTGRES_USER\"]) "
        + "or wait with condition: service_started.")
public final class Hlt003HealthyConditionWithoutCheck implements Rule {

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    for (Service s : stack.services().values()) {
      for (Map.Entry<String, Dependency> e : s.dependsOn().entrySet()) {
        Dependency d = e.getValue();
        if (d.inferred() || d.condition() != Dependency.Condition.SERVICE_HEALTHY) continue;
        Optional<Service> target = stack.service(e.getKey());
        if (target.isEmpty()) continue; // DEP001
        Service t = target.get();
        Optional<EffectiveHealthcheck> hc = EffectiveHealthcheck.of(t);
        if (hc.isPresent() && hc.get().runs()) continue;
        boolean disabled = hc.isPresent();
        boolean imageUnseen = !t.builds() && ImageFacts.get().profile(t.imageName()).isEmpty();
        String msg = disabled
            ? s.name() + " waits for " + t.name() + " to be healthy, but its healthcheck is disabled: " + s.name() + " never starts"
            : s.name() + " waits for " + t.name() + " to be healthy, but " + t.name() + " has no healthcheck"
                + (imageUnseen ? " in compose (its image " + t.imageName() + " may declare one)" : ": compose refuses to start " + s.name());
        Finding.Builder b = finding(s.name(), msg, d.location())
            .related(t.location(), "service " + t.name() + " has no healthcheck")
            .remedy("add a healthcheck to " + t.name() + " or use condition: service_started");
        if (imageUnseen && !disabled) b.severity(Severity.MEDIUM);
        out.add(b.build());
      }
    }
    return out;
  }
}
