package dev.flotilla.model;

/**
 * An HTTP route a service defines. {@code method} is upper case or {@code *} for any;
 * {@code path} is the full path with router and mount prefixes, parameters written
 * {@code {name}} ({@code {name:path}} matches the rest of the path); {@code owner} is the router
 * or app variable it was declared on (for prefix resolution).
 */
public record Route(String framework, String method, String path, String owner, SourceLocation location) {

  /** True when this route answers {@code method} on {@code concretePath} (whose unknown segments are {@code {?}}). */
  public boolean matches(String requestMethod, String concretePath) {
    if (!method.equals("*") && requestMethod != null && !requestMethod.equals("*") && !method.equalsIgnoreCase(requestMethod)) {
      return false;
    }
    return pathMatches(concretePath);
  }

  public boolean pathMatches(String concretePath) {
    return pathMatches(segments(path), segments(concretePath));
  }

  /** {@link #pathMatches(String)} on paths already split with {@link #segments}: callers matching many routes split once. */
  public static boolean pathMatches(String[] want, String[] got) {
    for (int i = 0; i < want.length; i++) {
      String w = want[i];
      if (w.startsWith("{") && (w.endsWith(":path}") || w.endsWith(":rest}"))) return i < got.length || i == got.length;
      if (i >= got.length) return false;
      String g = got[i];
      if (g.contains("{?}")) continue;
      if (w.startsWith("{") && w.endsWith("}")) continue;
      if (!w.equals(g)) return false;
    }
    return want.length == got.length;
  }

  /** True when this route answers {@code requestMethod} at all (any path). */
  public boolean answers(String requestMethod) {
    return method.equals("*") || requestMethod == null || requestMethod.equals("*") || method.equalsIgnoreCase(requestMethod);
  }

  /** The non-empty segments of a path, query dropped: {@code /a//b/?x=1} gives [a, b]. No regex: called per route per call. */
  public static String[] segments(String p) {
    String s = p == null ? "" : p;
    int q = s.indexOf('?');
    while (q > 0 && s.charAt(q - 1) == '{' && q + 1 < s.length() && s.charAt(q + 1) == '}') q = s.indexOf('?', q + 1); // {?} is a segment
    if (q >= 0) s = s.substring(0, q);
    java.util.List<String> out = new java.util.ArrayList<>();
    int start = 0;
    for (int i = 0; i <= s.length(); i++) {
      if (i == s.length() || s.charAt(i) == '/') {
        if (i > start) out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    return out.toArray(new String[0]);
  }
}
