package dev.flotilla.plan;

import dev.flotilla.model.Dependency;
import dev.flotilla.model.HealthProbe;
import dev.flotilla.model.Located;
import dev.flotilla.model.PortBinding;
import dev.flotilla.model.Service;
import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.Stack;
import dev.flotilla.model.UserError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jgrapht.Graph;
import org.jgrapht.alg.cycle.CycleDetector;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;

/**
 * Turns a {@link Stack} into a {@link Plan}: the dependency graph of its active services
 * (declared {@code depends_on} plus edges inferred from env values that point at another
 * service), cut into phases by longest path, or the explicit {@code x-flotilla.phases} checked
 * against that graph.
 */
public final class Planner {

  private Planner() {}

  public static Plan plan(Stack stack) {
    List<Service> active = stack.activeServices();
    Map<String, Service> byName = new LinkedHashMap<>();
    for (Service s : active) byName.put(s.name(), s);
    List<String> warnings = new ArrayList<>();

    Graph<String, DefaultEdge> g = new DefaultDirectedGraph<>(DefaultEdge.class);
    byName.keySet().forEach(g::addVertex);
    List<Edge> edges = new ArrayList<>();
    for (Service s : active) {
      for (Map.Entry<String, Dependency> d : s.dependsOn().entrySet()) {
        String to = d.getKey();
        Dependency dep = d.getValue();
        if (!byName.containsKey(to)) {
          if (stack.services().containsKey(to)) {
            if (dep.required()) warnings.add(s.name() + " depends on " + to + ", which is not active (profile); it is not started");
            continue;
          }
          throw UserError.input(dep.location(), s.name() + " depends on '" + to + "', which is not a service of this project; fix the name or remove it");
        }
        if (to.equals(s.name())) throw UserError.input(dep.location(), s.name() + " depends on itself; remove that depends_on entry");
        g.addEdge(s.name(), to);
        edges.add(new Edge(s.name(), to, dep.inferred(), dep.condition(), dep.inferred() ? "declared by the loader" : null, dep.location()));
      }
    }
    List<Edge> declared = List.copyOf(edges);
    CycleDetector<String, DefaultEdge> cycles = new CycleDetector<>(g);
    if (cycles.detectCycles()) throw cycleError(g, declared);

    List<Plan.OutsideEndpoint> outside = new ArrayList<>();
    Map<String, String> hostToService = hostIndex(active);
    Map<Integer, String> loopbackPorts = loopbackPortIndex(active);
    for (Service s : active) {
      for (EnvReferences.Endpoint e : EnvReferences.of(s)) {
        String target = null;
        String why = null;
        String host = e.host().toLowerCase(java.util.Locale.ROOT);
        if (hostToService.containsKey(host)) {
          target = hostToService.get(host);
          why = e.variable() + " names " + e.host();
        } else if (e.loopback() && e.port() > 0 && loopbackPorts.containsKey(e.port())) {
          target = loopbackPorts.get(e.port());
          why = e.variable() + " points at " + e.host() + ":" + e.port() + ", " + target + "'s port";
        }
        if (target == null) {
          boolean reachableFromHere = !e.loopback() || "host".equals(s.networkMode());
          if (e.port() > 0 && reachableFromHere && !"http".equals(e.scheme()) && !"https".equals(e.scheme())
              && !(stack.services().containsKey(host))) {
            outside.add(new Plan.OutsideEndpoint(s.name(), e.variable(), e.host(), e.port()));
          }
          continue;
        }
        if (target.equals(s.name()) || g.containsEdge(s.name(), target)) continue;
        g.addEdge(s.name(), target);
        if (new CycleDetector<>(g).detectCyclesContainingVertex(s.name())) {
          g.removeEdge(s.name(), target);
          warnings.add("not inferring " + s.name() + " → " + target + " (" + why + "): it would close a cycle");
          continue;
        }
        SourceLocation at = s.environment().get(e.variable()).location();
        edges.add(new Edge(s.name(), target, true, Dependency.Condition.SERVICE_HEALTHY, why, at));
      }
    }

    List<Phase> phases;
    boolean explicit = stack.settings() != null && stack.settings().phases() != null && !stack.settings().phases().isEmpty();
    if (explicit) phases = checkExplicit(stack, byName.keySet(), edges, warnings);
    else phases = layers(byName.keySet(), edges);
    return new Plan(stack.name(), List.copyOf(byName.keySet()), List.copyOf(edges), phases, explicit, List.copyOf(outside), List.copyOf(warnings));
  }

  /** Phase = 1 + the deepest phase among what a service needs; order inside a phase follows the file. */
  static List<Phase> layers(Set<String> services, List<Edge> edges) {
    Map<String, Integer> depth = new HashMap<>();
    for (String s : services) depthOf(s, edges, depth);
    int max = depth.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    List<Phase> out = new ArrayList<>();
    for (int i = 1; i <= max; i++) {
      final int n = i;
      out.add(new Phase(i, services.stream().filter(s -> depth.get(s) == n).toList()));
    }
    return out;
  }

  private static int depthOf(String s, List<Edge> edges, Map<String, Integer> memo) {
    Integer known = memo.get(s);
    if (known != null) return known;
    int d = 1;
    for (Edge e : edges) if (e.from().equals(s)) d = Math.max(d, depthOf(e.to(), edges, memo) + 1);
    memo.put(s, d);
    return d;
  }

  private static List<Phase> checkExplicit(Stack stack, Set<String> services, List<Edge> edges, List<String> warnings) {
    SourceLocation at = stack.settings().phasesLocation();
    Map<String, Integer> index = new LinkedHashMap<>();
    List<Phase> phases = new ArrayList<>();
    int n = 0;
    for (List<String> names : stack.settings().phases()) {
      List<String> in = new ArrayList<>();
      n++;
      for (String name : names) {
        if (!stack.services().containsKey(name))
          throw UserError.input(at, "x-flotilla.phases names '" + name + "', which is not a service of this project; fix the name");
        if (index.containsKey(name))
          throw UserError.input(at, "x-flotilla.phases places " + name + " twice (phases " + index.get(name) + " and " + n + "); keep one");
        if (!services.contains(name)) continue; // inactive profile
        index.put(name, n);
        in.add(name);
      }
      if (!in.isEmpty()) phases.add(new Phase(phases.size() + 1, in));
    }
    // renumber after dropping empty phases
    index.clear();
    for (Phase p : phases) for (String s : p.services()) index.put(s, p.number());
    List<String> missing = services.stream().filter(s -> !index.containsKey(s)).toList();
    if (!missing.isEmpty())
      throw UserError.input(at, "x-flotilla.phases does not place " + String.join(", ", missing) + "; add each to a phase or remove x-flotilla.phases to have them computed");
    for (Edge e : edges) {
      int from = index.get(e.from());
      int to = index.get(e.to());
      if (to >= from)
        throw UserError.input(at, "x-flotilla.phases puts " + e.from() + " in phase " + from + " but it needs " + e.to()
            + " (phase " + to + ", " + (e.inferred() ? "inferred: " + e.reason() : "depends_on") + "); move " + e.to() + " to an earlier phase");
    }
    return phases;
  }

  private static UserError cycleError(Graph<String, DefaultEdge> g, List<Edge> edges) {
    CycleDetector<String, DefaultEdge> cd = new CycleDetector<>(g);
    Set<String> inCycle = cd.findCycles();
    String start = inCycle.iterator().next();
    // shortest way back to start from one of its successors gives one concrete cycle
    List<String> best = null;
    for (DefaultEdge out : g.outgoingEdgesOf(start)) {
      String next = g.getEdgeTarget(out);
      var path = DijkstraShortestPath.findPathBetween(g, next, start);
      if (path != null && (best == null || path.getLength() + 1 < best.size())) {
        best = new ArrayList<>();
        best.add(start);
        best.addAll(path.getVertexList());
      }
    }
    List<String> cycle = best == null ? List.of(start, start) : best;
    SourceLocation where = SourceLocation.UNKNOWN;
    for (Edge e : edges) if (e.from().equals(cycle.get(0)) && e.to().equals(cycle.get(1))) where = e.location();
    return UserError.input(where, "dependency cycle: " + String.join(" → ", cycle) + "; remove one of these depends_on entries");
  }

  private static Map<String, String> hostIndex(List<Service> services) {
    Map<String, String> m = new HashMap<>();
    for (Service s : services) {
      m.put(s.name().toLowerCase(java.util.Locale.ROOT), s.name());
      if (s.containerName() != null) m.put(s.containerName().toLowerCase(java.util.Locale.ROOT), s.name());
      s.networks().values().forEach(n -> { if (n.aliases() != null) n.aliases().forEach(a -> m.putIfAbsent(a.toLowerCase(java.util.Locale.ROOT), s.name())); });
    }
    return m;
  }

  private static Map<Integer, String> loopbackPortIndex(List<Service> services) {
    Map<Integer, String> m = new HashMap<>();
    for (Service s : services) for (int p : listeningPorts(s)) m.putIfAbsent(p, s.name());
    return m;
  }

  /**
   * Host ports a service will listen on: its published ports, and for host networking its
   * exposed and target ports and the port its own probe checks.
   */
  public static Set<Integer> listeningPorts(Service s) {
    Set<Integer> out = new LinkedHashSet<>();
    for (PortBinding p : s.ports()) if (p.published() != null) out.add(p.published());
    if ("host".equals(s.networkMode())) {
      for (PortBinding p : s.ports()) out.add(p.target());
      for (Located<String> e : s.expose()) {
        String v = e.value().replaceAll("/.*", "");
        if (v.matches("\\d{1,5}")) out.add(Integer.parseInt(v));
      }
      HealthProbe h = s.settings() == null ? null : s.settings().health();
      if (h != null) {
        if (h.kind() == HealthProbe.Kind.TCP && EnvReferences.isLoopback(h.host())) out.add(h.port());
        if (h.kind() == HealthProbe.Kind.HTTP) {
          for (EnvReferences.Endpoint e : EnvReferences.parse("URL", h.url())) if (e.loopback() && e.port() > 0) out.add(e.port());
        }
      }
    }
    return out;
  }

  public static String describeCycle(List<String> c) {
    return c.stream().collect(Collectors.joining(" → "));
  }
}
