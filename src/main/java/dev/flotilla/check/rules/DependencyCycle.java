package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.model.Category;
import dev.flotilla.model.Dependency;
import dev.flotilla.model.Service;
import dev.flotilla.model.Severity;
import dev.flotilla.model.Stack;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

@RuleInfo(
    code = "DEP002",
    severity = Severity.CRITICAL,
    category = Category.DEPENDENCY,
    title = "Dependency cycle in depends_on",
    explanation = "Services that depend on each other through `depends_on` cannot be ordered: compose rejects the project "
        + "('dependency cycle detected') and no phase plan exists. The cycle is usually one edge that was added for a "
        + "run-time call (A calls B, B calls A) where only one side needs to wait.",
    example = "services:\n  api:\n    depends_on: [worker]\n  worker:\n    depends_on: [api]",
    fix = "Remove the edge that is not a start-order requirement; let that side retry its connection instead.")
public final class DependencyCycle implements Rule {

  @Override
  public List<Finding> check(Stack stack) {
    Map<String, List<String>> graph = new HashMap<>();
    for (Service s : stack.services().values()) {
      List<String> next = new ArrayList<>();
      for (Map.Entry<String, Dependency> e : s.dependsOn().entrySet()) {
        if (!e.getValue().inferred() && stack.services().containsKey(e.getKey())) next.add(e.getKey());
      }
      graph.put(s.name(), next);
    }
    List<Finding> out = new ArrayList<>();
    Set<String> reported = new HashSet<>();
    for (String start : stack.services().keySet()) {
      if (reported.contains(start)) continue;
      List<String> cycle = findCycle(start, graph);
      if (cycle == null) continue;
      reported.addAll(cycle);
      String from = cycle.get(0);
      String to = cycle.get(1 % cycle.size());
      Service s = stack.services().get(from);
      Dependency edge = s.dependsOn().get(to);
      List<String> shown = new ArrayList<>(cycle);
      shown.add(cycle.get(0));
      Finding.Builder f = finding(from, "dependency cycle: " + String.join(" → ", shown), edge.location())
          .remedy("remove one depends_on edge of the cycle (the one that is a run-time call, not a start-order need)");
      for (int i = 1; i < cycle.size(); i++) {
        Dependency d = stack.services().get(cycle.get(i)).dependsOn().get(cycle.get((i + 1) % cycle.size()));
        if (d != null) f.related(d.location(), cycle.get(i) + " depends on " + cycle.get((i + 1) % cycle.size()));
      }
      out.add(f.build());
    }
    return out;
  }

  /** A cycle through {@code start}, as the services in order, or null. */
  private static List<String> findCycle(String start, Map<String, List<String>> graph) {
    List<String> path = new ArrayList<>();
    Set<String> visited = new HashSet<>();
    return dfs(start, start, graph, path, visited);
  }

  private static List<String> dfs(String node, String start, Map<String, List<String>> graph, List<String> path, Set<String> visited) {
    path.add(node);
    visited.add(node);
    for (String n : graph.getOrDefault(node, List.of())) {
      if (n.equals(start)) return new ArrayList<>(path);
      if (!visited.contains(n)) {
        List<String> c = dfs(n, start, graph, path, visited);
        if (c != null) return c;
      }
    }
    path.remove(path.size() - 1);
    return null;
  }
}
