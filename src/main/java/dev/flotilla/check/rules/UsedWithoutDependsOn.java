package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.facts.EnvReference;
import dev.flotilla.check.facts.EnvReferences;
import dev.flotilla.check.facts.Hosts;
import dev.flotilla.model.Category;
import dev.flotilla.model.Dependency;
import dev.flotilla.model.Service;
import dev.flotilla.model.Severity;
import dev.flotilla.model.Stack;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

@RuleInfo(
    code = "DEP005",
    severity = Severity.MEDIUM,
    category = Category.DEPENDENCY,
    title = "Service uses another (env URL) without depends_on on it",
    explanation = "When a service's environment points at a sibling but `depends_on` does not say so, compose starts both "
        + "at once: the client's first connection races the server's start-up, and a service without retry logic crashes "
        + "or, worse, comes up half-working. `depends_on` (with `condition: service_healthy`) also tells Flotilla's planner "
        + "which phase each service belongs to.",
    example = "services:\n  api:\n    environment:\n      REDIS_URL: redis://redis:6379/0   # no depends_on: [redis]\n  redis:\n    image: redis:7",
    fix = "Add the sibling to `depends_on`, with `condition: service_healthy` when it has a healthcheck.")
public final class UsedWithoutDependsOn implements Rule {

  @Override
  public List<Finding> check(Stack stack) {
    Map<String, String> names = Hosts.names(stack);
    List<Finding> out = new ArrayList<>();
    for (Service s : stack.services().values()) {
      if (s.networkMode() != null && s.networkMode().equals("host")) continue;
      Set<String> reported = new HashSet<>();
      for (EnvReference r : EnvReferences.of(s)) {
        Optional<String> t = Hosts.serviceFor(names, r.host());
        if (t.isEmpty() || t.get().equals(s.name()) || !reported.add(t.get())) continue;
        if (reaches(stack, s.name(), t.get()) || reaches(stack, t.get(), s.name())) continue;
        out.add(finding(s.name(), r.variable() + " uses '" + t.get() + "', but '" + s.name() + "' has no depends_on on it: "
                + "both start at once and the first connection races " + t.get() + "'s start-up", r.location())
            .related(s.location(), "service '" + s.name() + "'")
            .remedy("add depends_on: { " + t.get() + ": { condition: service_healthy } } (or service_started without a healthcheck)")
            .build());
      }
    }
    return out;
  }

  /** Whether {@code from} depends on {@code to}, directly or through others (declared edges only). */
  static boolean reaches(Stack stack, String from, String to) {
    Deque<String> todo = new ArrayDeque<>(List.of(from));
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      String n = todo.pop();
      if (!seen.add(n)) continue;
      Service s = stack.services().get(n);
      if (s == null) continue;
      for (Map.Entry<String, Dependency> e : s.dependsOn().entrySet()) {
        if (e.getValue().inferred()) continue;
        if (e.getKey().equals(to)) return true;
        todo.push(e.getKey());
      }
    }
    return false;
  }
}
