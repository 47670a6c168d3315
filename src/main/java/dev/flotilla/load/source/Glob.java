package dev.flotilla.load.source;

import dev.flotilla.model.DockerIgnore;
import java.util.List;
import java.util.regex.Pattern;

/** Docker's path globs ({@code *}, {@code ?}, {@code **}, {@code [..]}) and .dockerignore matching. */
final class Glob {
  private Glob() {}

  /** Compiled globs: a .dockerignore's few patterns are matched against every file of its context. */
  private static final java.util.Map<String, Pattern> COMPILED = new java.util.concurrent.ConcurrentHashMap<>();

  static Pattern compile(String glob) {
    Pattern p = COMPILED.get(glob);
    if (p == null) {
      p = translate(glob);
      if (COMPILED.size() < 10_000) COMPILED.put(glob, p);
    }
    return p;
  }

  private static Pattern translate(String glob) {
    StringBuilder sb = new StringBuilder();
    String g = glob;
    while (g.startsWith("./")) g = g.substring(2);
    while (g.startsWith("/")) g = g.substring(1);
    for (int i = 0; i < g.length(); i++) {
      char c = g.charAt(i);
      if (c == '*') {
        if (i + 1 < g.length() && g.charAt(i + 1) == '*') {
          sb.append(".*");
          i++;
          if (i + 1 < g.length() && g.charAt(i + 1) == '/') i++;
        } else {
          sb.append("[^/]*");
        }
      } else if (c == '?') {
        sb.append("[^/]");
      } else if (c == '[') {
        int close = g.indexOf(']', i);
        if (close < 0) sb.append("\\[");
        else {
          sb.append('[').append(g, i + 1, close).append(']');
          i = close;
        }
      } else if ("\\.^$+(){}|".indexOf(c) >= 0) {
        sb.append('\\').append(c);
      } else {
        sb.append(c);
      }
    }
    return Pattern.compile(sb.toString());
  }

  static boolean hasWildcard(String s) {
    return s.contains("*") || s.contains("?") || s.contains("[");
  }

  /** Whether .dockerignore excludes {@code rel} (a path relative to the context, '/'-separated). */
  static boolean ignored(DockerIgnore ignore, String rel) {
    if (ignore == null) return false;
    boolean excluded = false;
    List<DockerIgnore.Pattern> ps = ignore.patterns();
    for (DockerIgnore.Pattern p : ps) {
      if (p.glob().isEmpty()) continue;
      Pattern re = compile(p.glob());
      boolean m = re.matcher(rel).matches();
      if (!m) {
        // a pattern matching a parent directory excludes what is under it
        String cur = rel;
        int slash;
        while (!m && (slash = cur.lastIndexOf('/')) > 0) {
          cur = cur.substring(0, slash);
          m = re.matcher(cur).matches();
        }
      }
      if (m) excluded = !p.exclusion();
    }
    return excluded;
  }
}
