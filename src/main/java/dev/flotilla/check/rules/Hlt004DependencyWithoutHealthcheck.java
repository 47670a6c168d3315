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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@RuleInfo(
    code = "HLT004",
    severity = Severity.MEDIUM,
    category = Category.DEPENDENCY,
    title = "a service others depend on has no healthcheck",
    explanation = "Without a healthcheck, 'started' is all anyone can know about a dependency: its dependents "
        + "start while the database is still initialising and fail their first connections, and Flotilla's "
        + "phased deploy cannot gate the next phase on it. Every service that others depend on should say how "
        + "to tell that it is ready.",
    example = "services:\n  api:\n    depends_on: [db]\n  db:\n    image: postgres:16   # no healthcheck",
    fix = "Add a healthcheck that proves readiness (pg_isready, redis-cli ping, an HTTP /health endpoint), then "
        + "let dependents wait with condition: service_healthy.")
public final class Hlt004DependencyWithoutHealthcheck implements Rule {

  @Override
  public List<Finding> check(Stack stack) {
    Map<String, List<String>> dependents = new LinkedHashMap<>();
    Map<String, Boolean> waitsHealthy = new LinkedHashMap<>();
    for (Service s : stack.services().values()) {
      for (Map.Entry<String, Dependency> e : s.dependsOn().entrySet()) {
        Dependency d = e.getValue();
        if (d.inferred() || d.condition() == Dependency.Condition.SERVICE_COMPLETED_SUCCESSFULLY) continue;
        dependents.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(s.name());
        if (d.condition() == Dependency.Condition.SERVICE_HEALTHY) waitsHealthy.put(e.getKey(), true);
      }
    }
    List<Finding> out = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : dependents.entrySet()) {
      Optional<Service> target = stack.service(e.getKey());
      if (target.isEmpty() || waitsHealthy.containsKey(e.getKey())) continue; // DEP001 / HLT003 say it better
      Service t = target.get();
      if (EffectiveHealthcheck.of(t).isPresent()) continue;
      boolean imageUnseen = !t.builds() && ImageFacts.get().profile(t.imageName()).isEmpty();
      Finding.Builder b = finding(t.name(),
              t.name() + " has no healthcheck, yet " + String.join(", ", e.getValue()) + " depend" + (e.getValue().size() == 1 ? "s" : "")
                  + " on it: they start before it is ready",
              t.location())
          .remedy("add a healthcheck to " + t.name() + " and let dependents wait with condition: service_healthy");
      if (imageUnseen) b.severity(Severity.LOW);
      out.add(b.build());
    }
    return out;
  }
}
