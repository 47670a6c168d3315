package dev.flotilla.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/** A plan as text (phases and edges), JSON, Graphviz DOT or Mermaid. */
public final class PlanRenderer {
  public enum Format {
    TEXT,
    JSON,
    DOT,
    MERMAID
  }

  private PlanRenderer() {}

  public static String render(Plan plan, Format format, Path base) {
    return switch (format) {
      case TEXT -> text(plan, base);
      case JSON -> json(plan, base);
      case DOT -> dot(plan);
      case MERMAID -> mermaid(plan);
    };
  }

  static String text(Plan plan, Path base) {
    StringBuilder sb = new StringBuilder();
    sb.append("Plan for ").append(plan.project()).append(": ").append(plan.services().size()).append(" services in ")
        .append(plan.phases().size()).append(plan.phases().size() == 1 ? " phase" : " phases")
        .append(plan.explicitPhases() ? " (from x-flotilla.phases)" : "").append('\n');
    for (Phase p : plan.phases()) {
      sb.append("\nphase ").append(p.number()).append(": ").append(String.join(", ", p.services())).append('\n');
      for (String s : p.services()) {
        for (Edge e : plan.dependenciesOf(s)) {
          sb.append("  ").append(s).append(" → ").append(e.to());
          if (e.inferred()) sb.append("  (inferred: ").append(e.reason()).append(')');
          else sb.append("  (").append(e.condition().spec()).append(')');
          if (e.location() != null && e.location().known()) sb.append("  ").append(e.location().display(base));
          sb.append('\n');
        }
      }
    }
    if (!plan.outside().isEmpty()) {
      sb.append("\noutside dependencies (checked by TCP before up):\n");
      for (Plan.OutsideEndpoint o : plan.outside())
        sb.append("  ").append(o.service()).append(" → ").append(o.host()).append(':').append(o.port()).append("  (").append(o.variable()).append(")\n");
    }
    for (String w : plan.warnings()) sb.append("\nnote: ").append(w).append('\n');
    return sb.toString().stripTrailing();
  }

  static String json(Plan plan, Path base) {
    ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = m.createObjectNode();
    root.put("project", plan.project());
    root.put("explicitPhases", plan.explicitPhases());
    ArrayNode phases = root.putArray("phases");
    for (Phase p : plan.phases()) {
      ObjectNode o = phases.addObject();
      o.put("phase", p.number());
      ArrayNode a = o.putArray("services");
      p.services().forEach(a::add);
    }
    ArrayNode edges = root.putArray("edges");
    for (Edge e : plan.edges()) {
      ObjectNode o = edges.addObject();
      o.put("from", e.from());
      o.put("to", e.to());
      o.put("inferred", e.inferred());
      o.put("condition", e.condition().spec());
      if (e.reason() != null) o.put("reason", e.reason());
      if (e.location() != null && e.location().known()) o.put("location", e.location().display(base));
    }
    ArrayNode outside = root.putArray("outside");
    for (Plan.OutsideEndpoint x : plan.outside()) {
      ObjectNode o = outside.addObject();
      o.put("service", x.service());
      o.put("variable", x.variable());
      o.put("host", x.host());
      o.put("port", x.port());
    }
    ArrayNode w = root.putArray("warnings");
    plan.warnings().forEach(w::add);
    try {
      return m.writeValueAsString(root);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String dot(Plan plan) {
    StringBuilder sb = new StringBuilder("digraph \"" + esc(plan.project()) + "\" {\n  rankdir=BT;\n  node [shape=box];\n");
    for (Phase p : plan.phases()) {
      sb.append("  subgraph cluster_phase").append(p.number()).append(" {\n    label=\"phase ").append(p.number()).append("\";\n");
      for (String s : p.services()) sb.append("    \"").append(esc(s)).append("\";\n");
      sb.append("  }\n");
    }
    for (Edge e : plan.edges()) {
      sb.append("  \"").append(esc(e.from())).append("\" -> \"").append(esc(e.to())).append('"');
      if (e.inferred()) sb.append(" [style=dashed, label=\"inferred\"]");
      sb.append(";\n");
    }
    return sb.append("}").toString();
  }

  static String mermaid(Plan plan) {
    StringBuilder sb = new StringBuilder("flowchart BT\n");
    for (Phase p : plan.phases()) {
      sb.append("  subgraph phase").append(p.number()).append("[\"phase ").append(p.number()).append("\"]\n");
      for (String s : p.services()) sb.append("    ").append(id(s)).append("[\"").append(s).append("\"]\n");
      sb.append("  end\n");
    }
    for (Edge e : plan.edges()) sb.append("  ").append(id(e.from())).append(e.inferred() ? " -.->|inferred| " : " --> ").append(id(e.to())).append('\n');
    return sb.toString().stripTrailing();
  }

  private static String id(String s) {
    return s.replaceAll("[^A-Za-z0-9_]", "_");
  }

  private static String esc(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  static List<String> formats() {
    return List.of("text", "json", "dot", "mermaid");
  }
}
