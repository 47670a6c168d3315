package dev.flotilla.load;

import dev.flotilla.model.SourceLocation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loader's own YAML tree: every node keeps where it was written, aliases are already
 * expanded and merge keys applied. {@code tag} is a local tag such as {@code !reset} or
 * {@code !override}, else null.
 */
public sealed interface YNode permits YNode.Scalar, YNode.Seq, YNode.Map {

  SourceLocation location();

  String tag();

  YNode withTag(String tag);

  /** A scalar: its text, how YAML's core schema types it, and whether it was quoted. */
  record Scalar(String value, Kind kind, boolean quoted, SourceLocation location, String tag) implements YNode {
    public enum Kind {
      STRING,
      INT,
      FLOAT,
      BOOL,
      NULL
    }

    public static Scalar of(String value, SourceLocation at) {
      return new Scalar(value, Kind.STRING, true, at, null);
    }

    public boolean isNull() {
      return kind == Kind.NULL;
    }

    /** The value as Java: String, Long, Double, Boolean or null. */
    public Object plain() {
      return switch (kind) {
        case NULL -> null;
        case BOOL -> Boolean.parseBoolean(value.toLowerCase(java.util.Locale.ROOT));
        case INT -> YamlReader.parseInt(value);
        case FLOAT -> YamlReader.parseFloat(value);
        case STRING -> value;
      };
    }

    @Override
    public YNode withTag(String t) {
      return new Scalar(value, kind, quoted, location, t);
    }
  }

  record Seq(List<YNode> items, SourceLocation location, String tag) implements YNode {
    public Seq {
      items = Collections.unmodifiableList(new ArrayList<>(items));
    }

    @Override
    public YNode withTag(String t) {
      return new Seq(items, location, t);
    }
  }

  /** One key of a mapping with the key's own location. */
  record Entry(String key, SourceLocation keyLocation, YNode value) {}

  record Map(java.util.Map<String, Entry> entries, SourceLocation location, String tag) implements YNode {
    public Map {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public YNode get(String key) {
      Entry e = entries.get(key);
      return e == null ? null : e.value();
    }

    public boolean has(String key) {
      return entries.containsKey(key);
    }

    public SourceLocation keyLocation(String key) {
      Entry e = entries.get(key);
      return e == null ? location : e.keyLocation();
    }

    public Map with(String key, YNode value) {
      LinkedHashMap<String, Entry> m = new LinkedHashMap<>(entries);
      Entry old = m.get(key);
      m.put(key, new Entry(key, old == null ? value.location() : old.keyLocation(), value));
      return new Map(m, location, tag);
    }

    public Map without(String key) {
      LinkedHashMap<String, Entry> m = new LinkedHashMap<>(entries);
      m.remove(key);
      return new Map(m, location, tag);
    }

    @Override
    public YNode withTag(String t) {
      return new Map(entries, location, t);
    }
  }

  /** Plain Java form (LinkedHashMap, ArrayList, String, Long, Double, Boolean, null). */
  static Object toPlain(YNode n) {
    if (n == null) return null;
    if (n instanceof Scalar s) return s.plain();
    if (n instanceof Seq q) {
      List<Object> out = new ArrayList<>();
      for (YNode i : q.items()) out.add(toPlain(i));
      return out;
    }
    YNode.Map m = (YNode.Map) n;
    java.util.Map<String, Object> out = new LinkedHashMap<>();
    for (Entry e : m.entries().values()) out.put(e.key(), toPlain(e.value()));
    return out;
  }

  static String describe(YNode n) {
    if (n instanceof Scalar s) return s.isNull() ? "null" : s.kind().name().toLowerCase(java.util.Locale.ROOT);
    return n instanceof Seq ? "list" : "mapping";
  }
}
