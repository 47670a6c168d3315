package dev.flotilla.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Makes relative paths of a compose tree absolute against a base directory, for trees that come
 * from somewhere other than the project directory ({@code include}, {@code extends.file}). Paths
 * in the main files stay as written and are resolved against the project directory later.
 */
final class Paths {
  private Paths() {}

  private static final java.util.regex.Pattern REMOTE = java.util.regex.Pattern.compile("^[a-z]+://.*|^git@.*");

  /** A build context given as a URL (git, https) rather than a directory. */
  static boolean isRemote(String context) {
    return REMOTE.matcher(context).matches();
  }

  static YNode.Map rebaseServices(YNode.Map services, Path baseDir, Path fileDir) {
    LinkedHashMap<String, YNode.Entry> out = new LinkedHashMap<>();
    for (YNode.Entry e : services.entries().values()) {
      YNode v = e.value() instanceof YNode.Map m ? rebaseService(m, baseDir, fileDir) : e.value();
      out.put(e.key(), new YNode.Entry(e.key(), e.keyLocation(), v));
    }
    return new YNode.Map(out, services.location(), services.tag());
  }

  static YNode.Map rebaseExtendsFiles(YNode.Map services, Path fileDir) {
    LinkedHashMap<String, YNode.Entry> out = new LinkedHashMap<>();
    for (YNode.Entry e : services.entries().values()) {
      YNode v = e.value();
      if (v instanceof YNode.Map m && m.get("extends") instanceof YNode.Map x && x.get("file") instanceof YNode.Scalar f) {
        v = m.with("extends", x.with("file", abs(f, fileDir)));
      }
      out.put(e.key(), new YNode.Entry(e.key(), e.keyLocation(), v));
    }
    return new YNode.Map(out, services.location(), services.tag());
  }

  static YNode.Map rebaseService(YNode.Map svc, Path base, Path fileDir) {
    YNode.Map m = svc;
    YNode b = m.get("build");
    if (b instanceof YNode.Scalar s && !s.isNull()) m = m.with("build", absContext(s, base));
    else if (b instanceof YNode.Map bm && bm.get("context") instanceof YNode.Scalar c) m = m.with("build", bm.with("context", absContext(c, base)));
    else if (b instanceof YNode.Map bm && bm.get("context") == null) m = m.with("build", bm.with("context", YNode.Scalar.of(base.toString(), bm.location())));
    YNode ef = m.get("env_file");
    if (ef != null) m = m.with("env_file", envFiles(ef, base));
    if (m.get("volumes") instanceof YNode.Seq q) {
      List<YNode> items = new ArrayList<>();
      for (YNode i : q.items()) items.add(volume(i, base));
      m = m.with("volumes", new YNode.Seq(items, q.location(), q.tag()));
    }
    if (m.get("extends") instanceof YNode.Map x && x.get("file") instanceof YNode.Scalar f) m = m.with("extends", x.with("file", abs(f, fileDir)));
    return m;
  }

  static YNode.Map rebaseTopLevel(YNode.Map root, Path base) {
    YNode.Map out = root;
    for (String section : List.of("secrets", "configs")) {
      if (!(out.get(section) instanceof YNode.Map sm)) continue;
      LinkedHashMap<String, YNode.Entry> entries = new LinkedHashMap<>();
      for (YNode.Entry e : sm.entries().values()) {
        YNode v = e.value();
        if (v instanceof YNode.Map d && d.get("file") instanceof YNode.Scalar f) v = d.with("file", abs(f, base));
        entries.put(e.key(), new YNode.Entry(e.key(), e.keyLocation(), v));
      }
      out = out.with(section, new YNode.Map(entries, sm.location(), sm.tag()));
    }
    return out;
  }

  private static YNode envFiles(YNode n, Path base) {
    if (n instanceof YNode.Scalar s) return abs(s, base);
    if (n instanceof YNode.Map m && m.get("path") instanceof YNode.Scalar p) return m.with("path", abs(p, base));
    if (n instanceof YNode.Seq q) {
      List<YNode> items = new ArrayList<>();
      for (YNode i : q.items()) items.add(envFiles(i, base));
      return new YNode.Seq(items, q.location(), q.tag());
    }
    return n;
  }

  private static YNode volume(YNode n, Path base) {
    if (n instanceof YNode.Scalar s) {
      try {
        ShortSyntax.Volume v = ShortSyntax.volume(s.value());
        if (v.type().equals("bind") && !v.source().startsWith("/")) {
          String src = resolve(v.source(), base);
          return new YNode.Scalar(src + ":" + v.target() + (v.mode() == null ? "" : ":" + v.mode()), YNode.Scalar.Kind.STRING, true, s.location(), s.tag());
        }
      } catch (IllegalArgumentException e) {
        return n; // reported when the service is normalized
      }
      return n;
    }
    if (n instanceof YNode.Map m && m.get("source") instanceof YNode.Scalar src) {
      String type = m.get("type") instanceof YNode.Scalar t ? t.value() : "";
      if ((type.equals("bind") || type.isEmpty()) && ShortSyntax.isPath(src.value()) && !src.value().startsWith("/")) return m.with("source", abs(src, base));
    }
    return n;
  }

  private static YNode.Scalar absContext(YNode.Scalar s, Path base) {
    if (isRemote(s.value())) return s;
    return abs(s, base);
  }

  private static YNode.Scalar abs(YNode.Scalar s, Path base) {
    return new YNode.Scalar(resolve(s.value(), base), YNode.Scalar.Kind.STRING, true, s.location(), s.tag());
  }

  static String resolve(String raw, Path base) {
    if (raw.equals("~") || raw.startsWith("~/")) return System.getProperty("user.home") + raw.substring(1);
    return base.resolve(raw).normalize().toString();
  }
}
