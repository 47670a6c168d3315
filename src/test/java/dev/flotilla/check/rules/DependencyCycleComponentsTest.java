package dev.flotilla.check.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** DEP002 searches only services in a strongly connected component with a cycle: exactly those a cycle runs through. */
class DependencyCycleComponentsTest {
  /** Whether some path leads from {@code start} back to it (the search DEP002 used to run from every service). */
  static boolean onACycle(String start, Map<String, List<String>> graph) {
    return graph.getOrDefault(start, List.of()).stream().anyMatch(n -> reaches(n, start, graph));
  }

  @Test
  void componentsHoldExactlyTheServicesOnACycle() {
    Random random = new Random(42);
    for (int round = 0; round < 300; round++) {
      int n = 1 + random.nextInt(30);
      double p = random.nextDouble() * 0.15;
      Map<String, List<String>> graph = new HashMap<>();
      List<String> nodes = new ArrayList<>();
      for (int i = 0; i < n; i++) nodes.add("s" + i);
      for (String a : nodes) {
        List<String> next = new ArrayList<>();
        for (String b : nodes) if (random.nextDouble() < p) next.add(b); // self-loops included
        graph.put(a, next);
      }
      Map<String, Integer> c = DependencyCycle.components(graph, nodes);
      for (String a : nodes) {
        assertThat(c.containsKey(a)).as("round %d, %s in %s", round, a, graph).isEqualTo(onACycle(a, graph));
        for (String b : nodes) {
          if (c.containsKey(a) && c.containsKey(b)) {
            boolean together = onACycleThrough(a, b, graph);
            assertThat(c.get(a).equals(c.get(b))).as("round %d, %s and %s", round, a, b).isEqualTo(together);
          }
        }
      }
    }
  }

  static boolean onACycleThrough(String a, String b, Map<String, List<String>> graph) {
    return a.equals(b) || reaches(a, b, graph) && reaches(b, a, graph);
  }

  static boolean reaches(String from, String to, Map<String, List<String>> graph) {
    Set<String> seen = new HashSet<>();
    List<String> todo = new ArrayList<>(List.of(from));
    while (!todo.isEmpty()) {
      String n = todo.remove(todo.size() - 1);
      if (n.equals(to)) return true;
      if (seen.add(n)) todo.addAll(graph.getOrDefault(n, List.of()));
    }
    return false;
  }

  @Test
  void aLongChainDoesNotOverflowTheStack() {
    Map<String, List<String>> graph = new HashMap<>();
    List<String> nodes = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      nodes.add("s" + i);
      graph.put("s" + i, List.of("s" + ((i + 1) % 100_000)));
    }
    assertThat(DependencyCycle.components(graph, nodes)).hasSize(100_000);
  }
}
