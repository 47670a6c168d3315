package dev.flotilla.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * Merges compose trees by the compose specification's rules: mappings merge key by key, sequences
 * append, scalars replace; {@code command}, {@code entrypoint} and {@code healthcheck.test}
 * replace; {@code environment}, {@code labels}, {@code build.args} … merge as mappings whatever
 * their syntax; {@code ports}, {@code volumes}, {@code secrets}, {@code configs}, {@code expose}
 * and {@code env_file} stay unique by their key (the later entry wins); {@code !reset} removes a
 * value and {@code !override} replaces it.
 */
public final class ComposeMerge {
  public static final String RESET = "!reset";
  public static final String OVERRIDE = "!override";

  private static final Set<String> REPLACED = Set.of("command", "entrypoint");
  private static final Set<String> AS_MAP =
      Set.of("environment", "labels", "annotations", "sysctls", "extra_hosts", "build.args", "build.labels", "build.extra_hosts", "deploy.labels", "build.additional_contexts");
  private static final Set<String> UNIQUE = Set.of("ports", "volumes", "secrets", "configs", "expose", "env_file", "dns", "dns_search", "dns_opt", "tmpfs", "profiles", "cap_add", "cap_drop", "devices", "volumes_from", "links", "external_links", "group_add", "security_opt");

  private ComposeMerge() {}

  /** Merges two whole compose files (top level). */
  public static YNode.Map mergeFiles(YNode.Map base, YNode.Map over) {
    LinkedHashMap<String, YNode.Entry> out = new LinkedHashMap<>(base.entries());
    for (YNode.Entry e : over.entries().values()) {
      YNode.Entry old = out.get(e.key());
      if (isReset(e.value())) {
        out.remove(e.key());
      } else if (old == null || isOverride(e.value())) {
        out.put(e.key(), e);
      } else if (e.key().equals("services") && old.value() instanceof YNode.Map bs && e.value() instanceof YNode.Map os) {
        LinkedHashMap<String, YNode.Entry> svcs = new LinkedHashMap<>(bs.entries());
        for (YNode.Entry s : os.entries().values()) {
          YNode.Entry prev = svcs.get(s.key());
          if (isReset(s.value())) svcs.remove(s.key());
          else if (prev == null || isOverride(s.value()) || !(prev.value() instanceof YNode.Map) || !(s.value() instanceof YNode.Map)) svcs.put(s.key(), s);
          else svcs.put(s.key(), new YNode.Entry(s.key(), prev.keyLocation(), mergeService((YNode.Map) prev.value(), (YNode.Map) s.value())));
        }
        out.put(e.key(), new YNode.Entry(e.key(), old.keyLocation(), new YNode.Map(svcs, bs.location(), bs.tag())));
      } else {
        out.put(e.key(), new YNode.Entry(e.key(), old.keyLocation(), merge(old.value(), e.value(), e.key())));
      }
    }
    return new YNode.Map(out, base.location(), base.tag());
  }

  /** Merges one service definition onto another (also used by {@code extends}). */
  public static YNode.Map mergeService(YNode.Map base, YNode.Map over) {
    return (YNode.Map) merge(base, over, "");
  }

  static YNode merge(YNode base, YNode over, String path) {
    if (isReset(over)) return null;
    if (isOverride(over) || base == null) return over.withTag(null);
    String leaf = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path;
    if (REPLACED.contains(path) || path.equals("healthcheck.test")) return over;
    if (AS_MAP.contains(path)) return mergeMaps(toMap(base), toMap(over), path);
    if (path.equals("depends_on")) return mergeMaps(dependsToMap(base), dependsToMap(over), path);
    if (path.equals("networks")) return mergeMaps(namesToMap(base), namesToMap(over), path);
    if (path.equals("build")) return mergeMaps(buildToMap(base), buildToMap(over), path);
    if (base instanceof YNode.Map bm && over instanceof YNode.Map om) return mergeMaps(bm, om, path);
    if (base instanceof YNode.Seq bs && over instanceof YNode.Seq os) {
      if (UNIQUE.contains(path)) return unique(bs, os, leaf);
      List<YNode> items = new ArrayList<>(bs.items());
      items.addAll(os.items());
      return new YNode.Seq(items, bs.location(), null);
    }
    return over;
  }

  private static YNode.Map mergeMaps(YNode.Map base, YNode.Map over, String path) {
    LinkedHashMap<String, YNode.Entry> out = new LinkedHashMap<>(base.entries());
    for (YNode.Entry e : over.entries().values()) {
      YNode.Entry old = out.get(e.key());
      String sub = path.isEmpty() ? e.key() : path + "." + e.key();
      if (AS_MAP.contains(path)) {
        sub = path + ".*";
      }
      YNode merged = merge(old == null ? null : old.value(), e.value(), sub);
      if (merged == null) out.remove(e.key());
      else out.put(e.key(), new YNode.Entry(e.key(), old == null ? e.keyLocation() : old.keyLocation(), merged));
    }
    return new YNode.Map(out, base.location(), null);
  }

  private static YNode.Seq unique(YNode.Seq base, YNode.Seq over, String kind) {
    LinkedHashMap<String, YNode> byKey = new LinkedHashMap<>();
    for (YNode n : base.items()) byKey.put(uniqueKey(n, kind), n);
    for (YNode n : over.items()) {
      String k = uniqueKey(n, kind);
      byKey.remove(k);
      byKey.put(k, n);
    }
    return new YNode.Seq(new ArrayList<>(byKey.values()), base.location(), null);
  }

  /** The identity of a ports/volumes/secrets/configs entry, as the spec defines it. */
  static String uniqueKey(YNode n, String kind) {
    if (n instanceof YNode.Scalar s) {
      if (kind.equals("volumes")) return "t:" + ShortSyntax.volumeTarget(s.value());
      return "s:" + s.value();
    }
    if (n instanceof YNode.Map m) {
      switch (kind) {
        case "volumes":
          return "t:" + str(m.get("target"));
        case "secrets":
        case "configs":
          return m.has("target") ? "t:" + str(m.get("target")) : "s:" + str(m.get("source"));
        case "ports":
          return "p:" + str(m.get("host_ip")) + ":" + str(m.get("published")) + ":" + str(m.get("target")) + "/" + str(m.get("protocol"));
        case "env_file":
          return "s:" + str(m.get("path"));
        default:
          return "m:" + YNode.toPlain(m);
      }
    }
    return "q:" + YNode.toPlain(n);
  }

  private static String str(YNode n) {
    return n instanceof YNode.Scalar s ? s.value() : "";
  }

  /** {@code [K=V, K]} or a mapping → a mapping (values null for bare keys). */
  static YNode.Map toMap(YNode n) {
    if (n instanceof YNode.Map m) return m;
    LinkedHashMap<String, YNode.Entry> out = new LinkedHashMap<>();
    if (n instanceof YNode.Seq q) {
      for (YNode i : q.items()) {
        if (!(i instanceof YNode.Scalar s)) continue;
        String v = s.value();
        int eq = v.indexOf('=');
        String k = eq < 0 ? v : v.substring(0, eq);
        YNode val = eq < 0 ? new YNode.Scalar("", YNode.Scalar.Kind.NULL, false, s.location(), null) : new YNode.Scalar(v.substring(eq + 1), YNode.Scalar.Kind.STRING, true, s.location(), null);
        out.put(k, new YNode.Entry(k, s.location(), val));
      }
    }
    return new YNode.Map(out, n.location(), null);
  }

  static YNode.Map dependsToMap(YNode n) {
    if (n instanceof YNode.Map m) return m;
    LinkedHashMap<String, YNode.Entry> out = new LinkedHashMap<>();
    if (n instanceof YNode.Seq q) {
      for (YNode i : q.items()) {
        if (!(i instanceof YNode.Scalar s)) continue;
        LinkedHashMap<String, YNode.Entry> c = new LinkedHashMap<>();
        c.put("condition", new YNode.Entry("condition", s.location(), YNode.Scalar.of("service_started", s.location())));
        out.put(s.value(), new YNode.Entry(s.value(), s.location(), new YNode.Map(c, s.location(), null)));
      }
    }
    return new YNode.Map(out, n.location(), null);
  }

  static YNode.Map namesToMap(YNode n) {
    if (n instanceof YNode.Map m) return m;
    LinkedHashMap<String, YNode.Entry> out = new LinkedHashMap<>();
    if (n instanceof YNode.Seq q) {
      for (YNode i : q.items()) {
        if (i instanceof YNode.Scalar s) {
          out.put(s.value(), new YNode.Entry(s.value(), s.location(), new YNode.Scalar("", YNode.Scalar.Kind.NULL, false, s.location(), null)));
        }
      }
    }
    return new YNode.Map(out, n.location(), null);
  }

  static YNode.Map buildToMap(YNode n) {
    if (n instanceof YNode.Map m) return m;
    LinkedHashMap<String, YNode.Entry> out = new LinkedHashMap<>();
    out.put("context", new YNode.Entry("context", n.location(), n));
    return new YNode.Map(out, n.location(), null);
  }

  static boolean isReset(YNode n) {
    return n != null && RESET.equals(n.tag());
  }

  static boolean isOverride(YNode n) {
    return n != null && OVERRIDE.equals(n.tag());
  }

  /** Drops every value still tagged {@code !reset} (a reset within one file) and clears tags. */
  public static YNode stripResets(YNode n) {
    if (n instanceof YNode.Map m) {
      LinkedHashMap<String, YNode.Entry> out = new LinkedHashMap<>();
      for (YNode.Entry e : m.entries().values()) {
        if (isReset(e.value())) continue;
        out.put(e.key(), new YNode.Entry(e.key(), e.keyLocation(), stripResets(e.value())));
      }
      return new YNode.Map(out, m.location(), null);
    }
    if (n instanceof YNode.Seq q) {
      List<YNode> items = new ArrayList<>();
      for (YNode i : q.items()) if (!isReset(i)) items.add(stripResets(i));
      return new YNode.Seq(items, q.location(), null);
    }
    return n.tag() == null ? n : n.withTag(null);
  }

}
