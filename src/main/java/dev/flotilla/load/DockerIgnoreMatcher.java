package dev.flotilla.load;

import dev.flotilla.model.DockerIgnore;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decides whether a path in a build context is sent to the builder, with Docker's semantics: a
 * pattern matches a path or any of its parent directories; {@code *} and {@code ?} stay within
 * one path segment; {@code **} spans any number of segments; {@code !} re-includes; the last
 * matching pattern decides.
 */
public final class DockerIgnoreMatcher {
  private record Compiled(Pattern regex, boolean exclusion, String glob) {}

  private final List<Compiled> patterns = new ArrayList<>();

  public DockerIgnoreMatcher(DockerIgnore ignore) {
    if (ignore != null) for (DockerIgnore.Pattern p : ignore.patterns()) patterns.add(new Compiled(compile(p.glob()), p.exclusion(), p.glob()));
  }

  public static DockerIgnoreMatcher of(DockerIgnore ignore) {
    return new DockerIgnoreMatcher(ignore);
  }

  /** True when {@code relativePath} (slash-separated, relative to the context) is left out of the context. */
  public boolean isExcluded(String relativePath) {
    String file = DockerIgnoreParser.clean(relativePath);
    if (file.equals(".")) return false;
    String[] dirs = file.split("/");
    boolean matched = false;
    for (Compiled c : patterns) {
      if (c.exclusion() != matched) continue; // cannot change the outcome
      boolean m = c.regex().matcher(file).matches();
      if (!m && dirs.length > 1) {
        StringBuilder parent = new StringBuilder();
        for (int i = 0; i < dirs.length - 1 && !m; i++) {
          if (i > 0) parent.append('/');
          parent.append(dirs[i]);
          m = c.regex().matcher(parent).matches();
        }
      }
      if (m) matched = !c.exclusion();
    }
    return matched;
  }

  /** True when the path or something under it might be re-included by a '!' pattern. */
  public boolean hasExclusions() {
    return patterns.stream().anyMatch(Compiled::exclusion);
  }

  static Pattern compile(String glob) {
    StringBuilder r = new StringBuilder("^");
    int n = glob.length();
    for (int i = 0; i < n; i++) {
      char c = glob.charAt(i);
      if (c == '*') {
        if (i + 1 < n && glob.charAt(i + 1) == '*') {
          i++;
          while (i + 1 < n && glob.charAt(i + 1) == '*') i++;
          if (i + 1 >= n) {
            r.append(".*");
          } else if (glob.charAt(i + 1) == '/') {
            r.append("(.*/)?");
            i++;
          } else {
            r.append(".*");
          }
        } else {
          r.append("[^/]*");
        }
      } else if (c == '?') {
        r.append("[^/]");
      } else if (c == '[') {
        int close = glob.indexOf(']', i + 1);
        if (close < 0) {
          r.append("\\[");
        } else {
          String cls = glob.substring(i + 1, close);
          if (cls.startsWith("!")) cls = "^" + cls.substring(1);
          r.append('[').append(cls.replace("\\", "\\\\")).append(']');
          i = close;
        }
      } else if (c == '\\' && i + 1 < n) {
        r.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
      } else if (".+()|{}^$".indexOf(c) >= 0) {
        r.append('\\').append(c);
      } else {
        r.append(c);
      }
    }
    r.append('$');
    return Pattern.compile(r.toString());
  }
}
