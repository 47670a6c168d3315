package dev.flotilla.load.source.python;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Works out the string value of a simple Python expression, as far as it can without running it:
 * literals, f-strings, {@code +}, names bound to such expressions, environment lookups
 * ({@code os.getenv("X", "d")} becomes {@code ${X:-d}}), pydantic settings fields; anything else
 * becomes {@code {?}}.
 */
final class PyEval {
  static final String UNKNOWN = "{?}";

  /** A token range of an assignment's value. */
  record Expr(List<PyToken> toks, int a, int b) {}

  /** Name lookup: the value expression a name (or {@code self.x}) was last bound to, or null. */
  interface Scope {
    Expr lookup(String name);

    /** The settings field default for an attribute name, or null when it is no settings field. */
    default Expr settingsField(String attr) {
      return null;
    }
  }

  private final Scope scope;
  private int budget = 64;

  PyEval(Scope scope) {
    this.scope = scope;
  }

  String eval(Expr e) {
    return eval(e.toks(), e.a(), e.b());
  }

  String eval(List<PyToken> t, int a, int b) {
    if (--budget < 0 || a >= b) return UNKNOWN;
    // strip wrapping parentheses
    if (t.get(a).is("(") && PyScanner.matching(t, a) == b - 1) return eval(t, a + 1, b - 1);
    // concatenation at depth 0
    List<Integer> plus = new ArrayList<>();
    int d = 0;
    for (int i = a; i < b; i++) {
      PyToken k = t.get(i);
      if (k.is("(") || k.is("[") || k.is("{")) d++;
      else if (k.is(")") || k.is("]") || k.is("}")) d--;
      else if (d == 0 && k.is("+")) plus.add(i);
      else if (d == 0 && (k.is("%") || k.is("if") || k.is("or") || k.is("and"))) {
        if (k.is("or")) {
          // `os.getenv("X") or "default"`
          String left = eval(t, a, i);
          String right = eval(t, i + 1, b);
          if (left.startsWith("${") && left.endsWith("}") && !left.contains(":-") && !right.contains("{?}")) {
            return left.substring(0, left.length() - 1) + ":-" + right + "}";
          }
          return left.equals(UNKNOWN) ? right : left;
        }
        return UNKNOWN;
      }
    }
    if (!plus.isEmpty()) {
      StringBuilder sb = new StringBuilder();
      int from = a;
      for (int p : plus) {
        sb.append(eval(t, from, p));
        from = p + 1;
      }
      sb.append(eval(t, from, b));
      return sb.toString();
    }
    // adjacent string literals
    if (t.get(a).kind() == PyToken.Kind.STRING) {
      StringBuilder sb = new StringBuilder();
      int i = a;
      while (i < b && t.get(i).kind() == PyToken.Kind.STRING) {
        PyToken s = t.get(i);
        sb.append(s.fstring() ? fstring(s.value()) : unescape(s.value()));
        i++;
      }
      if (i == b) return sb.toString();
      // "…".format(…) and the like
      if (t.get(i).is(".") && i + 1 < b && t.get(i + 1).name()) {
        String m = t.get(i + 1).text();
        if ((m.equals("rstrip") || m.equals("strip") || m.equals("lower")) && i + 2 < b && t.get(i + 2).is("(")) {
          return sb.toString();
        }
      }
      return UNKNOWN;
    }
    // dotted name, maybe a call
    if (t.get(a).name()) {
      int i = a;
      StringBuilder dotted = new StringBuilder(t.get(i).text());
      i++;
      while (i + 1 < b && t.get(i).is(".") && t.get(i + 1).name()) {
        dotted.append('.').append(t.get(i + 1).text());
        i += 2;
      }
      String name = dotted.toString();
      if (i == b) return name(name);
      if (t.get(i).is("(")) {
        int close = PyScanner.matching(t, i);
        List<PyScanner.Arg> args = PyScanner.args(t, i);
        String tail = close + 1 < b ? tail(t, close + 1, b) : "";
        if (tail == null) return UNKNOWN;
        String v = call(name, args, t);
        return v == null ? UNKNOWN : v + tail;
      }
      if (t.get(i).is("[") && (name.equals("os.environ") || name.equals("environ"))) {
        int close = PyScanner.matching(t, i);
        String key = literal(t, i + 1, close);
        if (key != null && close == b - 1) return "${" + key + "}";
      }
      // name.method(...) where name resolves: `BASE.rstrip("/")`
      if (t.get(i - 1).name() && i < b && t.get(i).is("(")) return UNKNOWN;
    }
    return UNKNOWN;
  }

  /** After a call: `.rstrip("/")` keeps the value; anything else is unknown (null). */
  private String tail(List<PyToken> t, int a, int b) {
    if (a + 2 < b && t.get(a).is(".") && t.get(a + 1).name() && t.get(a + 2).is("(")) {
      String m = t.get(a + 1).text();
      if (m.equals("rstrip") || m.equals("strip") || m.equals("lower")) return "";
    }
    return null;
  }

  private String call(String fn, List<PyScanner.Arg> args, List<PyToken> t) {
    switch (fn) {
      case "os.getenv", "getenv", "os.environ.get", "environ.get", "env", "config", "env.str", "decouple.config" -> {
        if (args.isEmpty()) return null;
        String key = literal(t, args.get(0).a(), args.get(0).b());
        if (key == null) return null;
        PyScanner.Arg def = args.size() > 1 && args.get(1).keyword() == null ? args.get(1) : null;
        for (PyScanner.Arg x : args) if ("default".equals(x.keyword())) def = x;
        if (def == null) return "${" + key + "}";
        String dv = eval(t, def.a(), def.b());
        return "${" + key + ":-" + dv + "}";
      }
      case "str", "int" -> {
        if (args.size() == 1) return eval(t, args.get(0).a(), args.get(0).b());
        return null;
      }
      case "urljoin", "urllib.parse.urljoin", "parse.urljoin" -> {
        if (args.size() < 2) return null;
        String base = eval(t, args.get(0).a(), args.get(0).b());
        String path = eval(t, args.get(1).a(), args.get(1).b());
        if (path.startsWith("/")) {
          int s = base.indexOf("://");
          int slash = s < 0 ? -1 : base.indexOf('/', s + 3);
          return (slash < 0 ? base : base.substring(0, slash)) + path;
        }
        return base.endsWith("/") ? base + path : base.substring(0, Math.max(0, base.lastIndexOf('/') + 1)) + path;
      }
      default -> {
        return null;
      }
    }
  }

  private String name(String name) {
    if (name.equals("None")) return UNKNOWN;
    Expr e = scope.lookup(name);
    if (e != null) return eval(e);
    int dot = name.lastIndexOf('.');
    if (dot > 0) {
      String attr = name.substring(dot + 1);
      Expr f = scope.settingsField(attr);
      if (f != null) {
        String dv = f.a() < f.b() ? eval(f) : null;
        return "${" + attr.toUpperCase(java.util.Locale.ROOT) + (dv == null ? "" : ":-" + dv) + "}";
      }
    }
    return UNKNOWN;
  }

  /** A plain (non-f) string literal's value, or null. */
  static String literal(List<PyToken> t, int a, int b) {
    if (b - a != 1 || t.get(a).kind() != PyToken.Kind.STRING || t.get(a).fstring()) return null;
    return unescape(t.get(a).value());
  }

  String fstring(String body) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c == '{' && body.startsWith("{{", i)) {
        sb.append('{');
        i += 2;
      } else if (c == '}' && body.startsWith("}}", i)) {
        sb.append('}');
        i += 2;
      } else if (c == '{') {
        int end = exprEnd(body, i + 1);
        String expr = body.substring(i + 1, Math.min(end, body.length()));
        sb.append(evalText(stripFormat(expr)));
        i = end + 1;
      } else {
        sb.append(c);
        i++;
      }
    }
    return sb.toString();
  }

  private String evalText(String expr) {
    List<PyToken> toks = PyTokenizer.tokenize(expr.strip());
    int n = toks.size();
    while (n > 0 && (toks.get(n - 1).kind() == PyToken.Kind.END || toks.get(n - 1).kind() == PyToken.Kind.NEWLINE
        || toks.get(n - 1).kind() == PyToken.Kind.DEDENT)) n--;
    int a = 0;
    while (a < n && toks.get(a).kind() == PyToken.Kind.INDENT) a++;
    return eval(toks, a, n);
  }

  private static int exprEnd(String s, int from) {
    int d = 0;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'' || c == '"') {
        int close = s.indexOf(c, i + 1);
        if (close < 0) return s.length();
        i = close;
      } else if (c == '{' || c == '(' || c == '[') d++;
      else if (c == ')' || c == ']') d--;
      else if (c == '}') {
        if (d == 0) return i;
        d--;
      }
    }
    return s.length();
  }

  private static String stripFormat(String expr) {
    int d = 0;
    for (int i = 0; i < expr.length(); i++) {
      char c = expr.charAt(i);
      if (c == '(' || c == '[' || c == '{') d++;
      else if (c == ')' || c == ']' || c == '}') d--;
      else if (d == 0 && c == '!' && i + 1 < expr.length() && expr.charAt(i + 1) != '=') return expr.substring(0, i);
      else if (d == 0 && c == ':' && (i + 1 >= expr.length() || expr.charAt(i + 1) != '=')) return expr.substring(0, i);
      else if (d == 0 && c == '=' && i + 1 == expr.length()) return expr.substring(0, i);
    }
    return expr;
  }

  static String unescape(String s) {
    if (s.indexOf('\\') < 0) return s;
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        switch (n) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case '\\' -> sb.append('\\');
          case '\'' -> sb.append('\'');
          case '"' -> sb.append('"');
          case '\n' -> {}
          default -> sb.append('\\').append(n);
        }
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  static Map<String, Expr> none() {
    return Map.of();
  }
}
