package dev.flotilla.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.UserError;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates a resolved compose tree (interpolated, merged, resets applied) against the bundled
 * compose-spec JSON schema ({@code dev/flotilla/load/compose-spec.json}, see docs/decisions/0003).
 * Every violation is reported, each with the file:line of the offending key or value. The schema
 * is compiled once per process: {@code check} loads many projects and loads must stay cheap.
 */
public final class SchemaValidator {
  static final String RESOURCE = "dev/flotilla/load/compose-spec.json";

  private SchemaValidator() {}

  /** One schema violation at a place in the files. */
  public record Problem(SourceLocation location, String path, String message) {}

  /** All violations of one project; the message lists each on its own line. */
  public static final class InvalidProject extends UserError {
    private final transient List<Problem> problems;

    InvalidProject(List<Problem> problems) {
      super(Kind.INPUT, problems.get(0).location(), text(problems));
      this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
      return problems;
    }

    private static String text(List<Problem> problems) {
      StringBuilder b = new StringBuilder(problems.get(0).message());
      java.nio.file.Path cwd = java.nio.file.Path.of("").toAbsolutePath();
      for (Problem p : problems.subList(1, problems.size())) {
        b.append('\n').append("error: ").append(p.location().display(cwd)).append(": ").append(p.message());
      }
      return b.toString();
    }
  }

  private static final class Holder {
    static final Schema SCHEMA =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09).getSchema(SchemaLocation.of("classpath:" + RESOURCE));
  }

  /** Compiles the schema now, so that a later {@link #validate} does not wait for it. */
  static void prepare() {
    java.util.Objects.requireNonNull(Holder.SCHEMA);
  }

  /** Throws {@link InvalidProject} listing every violation; returns when the tree is valid. */
  static void validate(YNode.Map root) {
    List<Problem> problems = problems(root);
    if (!problems.isEmpty()) throw new InvalidProject(problems);
  }

  /** Every violation, in file order. */
  public static List<Problem> problems(YNode.Map root) {
    List<Error> errors = Holder.SCHEMA.validate(toJson(root));
    if (errors.isEmpty()) return List.of();
    // oneOf/anyOf report every branch; group by place, then keep what explains the problem best
    Map<String, List<Error>> byPath = new LinkedHashMap<>();
    Map<String, List<Object>> stepsOf = new LinkedHashMap<>();
    for (Error e : errors) {
      List<Object> steps = steps(e.getInstanceLocation());
      if (isKeyError(e)) steps.add(e.getProperty());
      String path = dotted(steps);
      byPath.computeIfAbsent(path, k -> new ArrayList<>()).add(e);
      stepsOf.putIfAbsent(path, steps);
    }
    List<Problem> out = new ArrayList<>();
    for (Map.Entry<String, List<Error>> g : byPath.entrySet()) {
      String path = g.getKey();
      List<Error> es = g.getValue();
      boolean onlyBranches = es.stream().allMatch(SchemaValidator::inBranch);
      boolean deeper = byPath.keySet().stream().anyMatch(k -> k.length() > path.length() && (path.isEmpty() || k.startsWith(path + ".") || k.startsWith(path + "[")));
      if (onlyBranches && deeper) continue; // a child error says what is wrong
      Error best = es.get(0);
      for (Error e : es) if (rank(e) > rank(best)) best = e;
      String msg;
      List<String> types = new ArrayList<>();
      for (Error e : es) {
        if (e.getKeyword().equals("type") && inBranch(e)) {
          for (String t : typeWords(e).split(" or ")) if (!types.contains(t)) types.add(t);
        }
      }
      if (onlyBranches && !types.isEmpty()) {
        msg = (path.isEmpty() ? "" : path + ": ") + "must be " + String.join(" or ", types) + ", not " + jsonType(best.getInstanceNode());
      } else {
        msg = message(best, path, isKeyError(best) ? best.getProperty() : null);
      }
      out.add(new Problem(locate(root, stepsOf.get(path), isKeyError(best)), path, msg));
    }
    out.sort(Comparator.comparing((Problem p) -> String.valueOf(p.location().file())).thenComparingInt(p -> p.location().line()).thenComparingInt(p -> p.location().column()));
    return out;
  }

  private static boolean isKeyError(Error e) {
    return e.getKeyword().equals("additionalProperties") || e.getKeyword().equals("unevaluatedProperties");
  }

  private static boolean inBranch(Error e) {
    String ev = String.valueOf(e.getEvaluationPath());
    return ev.contains("oneOf") || ev.contains("anyOf") || e.getKeyword().equals("oneOf") || e.getKeyword().equals("anyOf");
  }

  private static int rank(Error e) {
    return switch (e.getKeyword()) {
      case "additionalProperties", "required", "enum", "pattern" -> 4;
      case "type" -> 3;
      case "uniqueItems" -> 2;
      default -> 1;
    };
  }

  private static String message(Error e, String path, String key) {
    String where = path.isEmpty() ? "" : path + ": ";
    switch (e.getKeyword()) {
      case "additionalProperties":
        if (path.equals(key)) {
          return "unknown top-level key '" + key + "' (allowed: services, networks, volumes, secrets, configs, include, name; custom keys start with x-)";
        }
        if (!key.matches("[a-zA-Z0-9._-]+") && (path.startsWith("services.") || path.startsWith("volumes.") || path.startsWith("networks."))
            && path.indexOf('.') == path.lastIndexOf('.')) {
          return "'" + key + "' is not a valid name (use letters, digits, '.', '_' and '-')";
        }
        return where + "unknown key '" + key + "' (check the spelling against the compose specification; custom keys start with x-)";
      case "type":
        return where + "must be " + typeWords(e) + ", not " + jsonType(e.getInstanceNode());
      case "required":
        return where + "missing required key '" + e.getProperty() + "'";
      case "enum":
        return where + "'" + e.getInstanceNode().asText() + "' is not allowed (use one of " + e.getSchemaNode() + ")";
      case "pattern":
        return where + "'" + e.getInstanceNode().asText() + "' does not match " + e.getSchemaNode().asText();
      case "uniqueItems":
        return where + "has duplicate entries (remove the repeated one)";
      case "oneOf", "anyOf":
        return where + "does not match the allowed forms (" + jsonType(e.getInstanceNode()) + " given; see the compose specification for " + lastName(path) + ")";
      default:
        return where + YamlReader.oneLine(e.getMessage().replaceFirst("^\\$[^:]*: ", ""));
    }
  }

  private static String typeWords(Error e) {
    JsonNode t = e.getSchemaNode();
    if (t == null) return "another type";
    if (t.isArray()) {
      List<String> w = new ArrayList<>();
      t.forEach(x -> w.add(article(x.asText())));
      return String.join(" or ", w);
    }
    return article(t.asText());
  }

  private static String article(String t) {
    return switch (t) {
      case "object" -> "a mapping";
      case "array" -> "a list";
      case "string" -> "a string";
      case "integer" -> "an integer";
      case "number" -> "a number";
      case "boolean" -> "true or false";
      case "null" -> "empty";
      default -> t;
    };
  }

  private static String jsonType(JsonNode n) {
    if (n == null || n.isNull()) return "empty";
    if (n.isObject()) return "a mapping";
    if (n.isArray()) return "a list";
    if (n.isBoolean()) return "a boolean";
    if (n.isIntegralNumber()) return "an integer";
    if (n.isNumber()) return "a number";
    return "a string";
  }

  private static String lastName(String path) {
    String p = path.replaceAll("\\[\\d+]$", "");
    return p.contains(".") ? p.substring(p.lastIndexOf('.') + 1) : p;
  }

  private static List<Object> steps(NodePath p) {
    List<Object> out = new ArrayList<>();
    if (p == null) return out;
    for (int i = 0; i < p.getNameCount(); i++) out.add(p.getElement(i));
    return out;
  }

  static String dotted(List<Object> steps) {
    StringBuilder b = new StringBuilder();
    for (Object s : steps) {
      if (s instanceof Integer i) b.append('[').append(i).append(']');
      else {
        if (b.length() > 0) b.append('.');
        b.append(s);
      }
    }
    return b.toString();
  }

  /** The location of the node at {@code steps}; for an unknown key, the key itself. */
  static SourceLocation locate(YNode.Map root, List<Object> steps, boolean lastIsKey) {
    YNode cur = root;
    SourceLocation best = root.location();
    for (int i = 0; i < steps.size(); i++) {
      Object s = steps.get(i);
      boolean last = i == steps.size() - 1;
      if (cur instanceof YNode.Map m && s instanceof String k && m.has(k)) {
        cur = m.get(k);
        // a bad key, or a value that is itself a mapping, is shown at the key; a bad scalar at the value
        best = last && !lastIsKey && !(cur instanceof YNode.Map) && cur != null ? cur.location() : m.keyLocation(k);
      } else if (cur instanceof YNode.Seq q && s instanceof Integer idx && idx < q.items().size()) {
        cur = q.items().get(idx);
        best = cur.location();
      } else {
        break;
      }
    }
    return best;
  }

  /** The tree as JSON, scalars typed by YAML 1.2's core schema (after interpolation). */
  static JsonNode toJson(YNode n) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (n == null) return f.nullNode();
    if (n instanceof YNode.Scalar s) {
      Object v = s.plain();
      if (v == null) return f.nullNode();
      if (v instanceof Boolean b) return f.booleanNode(b);
      if (v instanceof Long l) return f.numberNode(l);
      if (v instanceof BigInteger bi) return f.numberNode(bi);
      if (v instanceof Double d) return d.isNaN() || d.isInfinite() ? f.textNode(s.value()) : f.numberNode(d);
      return f.textNode(s.value());
    }
    if (n instanceof YNode.Seq q) {
      ArrayNode a = f.arrayNode();
      for (YNode i : q.items()) a.add(toJson(i));
      return a;
    }
    ObjectNode o = f.objectNode();
    for (YNode.Entry e : ((YNode.Map) n).entries().values()) o.set(e.key(), toJson(e.value()));
    return o;
  }
}
