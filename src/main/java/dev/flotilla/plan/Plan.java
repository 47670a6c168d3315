package dev.flotilla.plan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The start order of a stack: the dependency edges, the phases (each phase's services only need
 * services of earlier phases), whether the phases were given explicitly, and the outside TCP
 * endpoints env values point at.
 */
public record Plan(String project, List<String> services, List<Edge> edges, List<Phase> phases, boolean explicitPhases, List<OutsideEndpoint> outside, List<String> warnings) {

  /** A host:port named in an env value that no service of the stack provides (a database elsewhere). */
  public record OutsideEndpoint(String service, String variable, String host, int port) {}

  public Optional<Phase> phaseOf(String service) {
    return phases.stream().filter(p -> p.services().contains(service)).findFirst();
  }

  public int phaseNumber(String service) {
    return phaseOf(service).map(Phase::number).orElse(0);
  }

  public List<Edge> dependenciesOf(String service) {
    return edges.stream().filter(e -> e.from().equals(service)).toList();
  }

  /** Every service that needs {@code service}, directly or through others, in phase order. */
  public List<String> dependentsOf(String service) {
    Set<String> out = new LinkedHashSet<>();
    List<String> todo = new ArrayList<>(List.of(service));
    while (!todo.isEmpty()) {
      String s = todo.remove(0);
      for (Edge e : edges) if (e.to().equals(s) && out.add(e.from())) todo.add(e.from());
    }
    List<String> ordered = new ArrayList<>();
    for (Phase p : phases) for (String s : p.services()) if (out.contains(s)) ordered.add(s);
    return ordered;
  }

  /** Every service {@code service} needs, directly or through others. */
  public Set<String> requirementsOf(String service) {
    Set<String> out = new LinkedHashSet<>();
    List<String> todo = new ArrayList<>(List.of(service));
    while (!todo.isEmpty()) {
      String s = todo.remove(0);
      for (Edge e : edges) if (e.from().equals(s) && out.add(e.to())) todo.add(e.to());
    }
    return out;
  }

  /** The plan restricted to {@code selected} and everything they need (like {@code docker compose up SERVICE}). */
  public Plan restrictTo(Set<String> selected) {
    Set<String> keep = new LinkedHashSet<>(selected);
    for (String s : selected) keep.addAll(requirementsOf(s));
    List<Phase> ph = new ArrayList<>();
    for (Phase p : phases) {
      List<String> in = p.services().stream().filter(keep::contains).toList();
      if (!in.isEmpty()) ph.add(new Phase(ph.size() + 1, in));
    }
    return new Plan(project, services.stream().filter(keep::contains).toList(),
        edges.stream().filter(e -> keep.contains(e.from()) && keep.contains(e.to())).toList(), ph, explicitPhases,
        outside.stream().filter(o -> keep.contains(o.service())).toList(), warnings);
  }

  public Map<String, Integer> phaseIndex() {
    Map<String, Integer> m = new java.util.LinkedHashMap<>();
    for (Phase p : phases) for (String s : p.services()) m.put(s, p.number());
    return m;
  }
}
