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
    String[] want = split(path);
    String[] got = split(concretePath);
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

  private static String[] split(String p) {
    String s = p == null ? "" : p;
    int q = s.indexOf('?');
    if (q >= 0) s = s.substring(0, q);
    while (s.startsWith("/")) s = s.substring(1);
    while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
    return s.isEmpty() ? new String[0] : s.split("/+");
  }
}
