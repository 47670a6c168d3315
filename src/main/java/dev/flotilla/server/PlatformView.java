package dev.flotilla.server;

import dev.flotilla.plan.Edge;
import dev.flotilla.plan.Plan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * What the server knows of the platform beyond the store: the project on disk it was started
 * with (its plan: phases and the dependency graph), and the live state of services from the
 * runtime when one answers.
 */
public final class PlatformView {
  /** The shape of a platform: phases (service names) and dependency edges. */
  public record Shape(List<List<String>> phases, List<Map<String, Object>> edges) {}

  private final String project;
  private final Shape shape;
  private final BiFunction<String, Set<String>, Optional<Map<String, String>>> live;

  public PlatformView(String project, Shape shape, BiFunction<String, Set<String>, Optional<Map<String, String>>> live) {
    this.project = project;
    this.shape = shape;
    this.live = live == null ? (p, s) -> Optional.empty() : live;
  }

  /** Nothing known beyond the store. */
  public static PlatformView none() {
    return new PlatformView(null, null, null);
  }

  /** The shape of a computed plan. */
  public static Shape shapeOf(Plan plan) {
    List<List<String>> phases = new ArrayList<>();
    for (var p : plan.phases()) phases.add(List.copyOf(p.services()));
    List<Map<String, Object>> edges = new ArrayList<>();
    for (Edge e : plan.edges()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("from", e.from());
      m.put("to", e.to());
      m.put("inferred", e.inferred());
      if (e.reason() != null) m.put("reason", e.reason());
      edges.add(m);
    }
    return new Shape(phases, edges);
  }

  public Optional<String> defaultProject() {
    return Optional.ofNullable(project);
  }

  public Optional<Shape> shape(String project) {
    return this.project != null && this.project.equals(project) ? Optional.ofNullable(shape) : Optional.empty();
  }

  /** Service name → live state from the runtime, or empty when no runtime answers. */
  public Optional<Map<String, String>> liveStates(String project, Set<String> services) {
    try {
      return live.apply(project, services);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
