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
    // a cycle through a service stays inside its strongly connected component: only services in a
    // component with a cycle are searched, and only within it (one linear pass instead of a
    // search of everything reachable from every service)
    Map<String, Integer> component = components(graph, stack.services().keySet());
    for (String start : stack.services().keySet()) {
      if (reported.contains(start) || !component.containsKey(start)) continue;
      List<String> cycle = findCycle(start, graph, component);
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

  /**
   * The strongly connected components that hold a cycle (two or more services, or one depending on
   * itself), as service name to component number; services in no cycle are absent. Tarjan's
   * algorithm, iterative so a long chain of services cannot overflow the stack.
   */
  static Map<String, Integer> components(Map<String, List<String>> graph, java.util.Collection<String> nodes) {
    Map<String, Integer> index = new HashMap<>();
    Map<String, Integer> low = new HashMap<>();
    java.util.Deque<String> stack = new java.util.ArrayDeque<>();
    Set<String> onStack = new HashSet<>();
    Map<String, Integer> out = new HashMap<>();
    int[] counter = {0};
    int components = 0;
    for (String root : nodes) {
      if (index.containsKey(root)) continue;
      // each frame: a node and how many of its successors have been looked at
      java.util.Deque<Object[]> work = new java.util.ArrayDeque<>();
      work.push(new Object[] {root, 0});
      index.put(root, counter[0]);
      low.put(root, counter[0]++);
      stack.push(root);
      onStack.add(root);
      while (!work.isEmpty()) {
        Object[] frame = work.peek();
        String v = (String) frame[0];
        List<String> next = graph.getOrDefault(v, List.of());
        int i = (Integer) frame[1];
        if (i < next.size()) {
          frame[1] = i + 1;
          String w = next.get(i);
          if (!index.containsKey(w)) {
            index.put(w, counter[0]);
            low.put(w, counter[0]++);
            stack.push(w);
            onStack.add(w);
            work.push(new Object[] {w, 0});
          } else if (onStack.contains(w)) {
            low.put(v, Math.min(low.get(v), index.get(w)));
          }
          continue;
        }
        work.pop();
        if (!work.isEmpty()) {
          String parent = (String) work.peek()[0];
          low.put(parent, Math.min(low.get(parent), low.get(v)));
        }
        if (low.get(v).equals(index.get(v))) {
          List<String> members = new ArrayList<>();
          String w;
          do {
            w = stack.pop();
            onStack.remove(w);
            members.add(w);
          } while (!w.equals(v));
          if (members.size() > 1 || graph.getOrDefault(v, List.of()).contains(v)) {
            for (String m : members) out.put(m, components);
            components++;
          }
        }
      }
    }
    return out;
  }

  /** A cycle through {@code start}, as the services in order, or null. */
  private static List<String> findCycle(String start, Map<String, List<String>> graph, Map<String, Integer> component) {
    List<String> path = new ArrayList<>();
    Set<String> visited = new HashSet<>();
    return dfs(start, start, graph, path, visited, component, component.get(start));
  }

  private static List<String> dfs(String node, String start, Map<String, List<String>> graph, List<String> path, Set<String> visited,
      Map<String, Integer> component, int within) {
    path.add(node);
    visited.add(node);
    for (String n : graph.getOrDefault(node, List.of())) {
      if (n.equals(start)) return new ArrayList<>(path);
      // a service outside start's component can never lead back to it
      if (!visited.contains(n) && Integer.valueOf(within).equals(component.get(n))) {
        List<String> c = dfs(n, start, graph, path, visited, component, within);
        if (c != null) return c;
      }
    }
    path.remove(path.size() - 1);
    return null;
  }
}
