package dev.flotilla.load.source.node;

import dev.flotilla.model.BindAddress;
import dev.flotilla.model.HttpCall;
import dev.flotilla.model.ImportRef;
import dev.flotilla.model.Route;
import dev.flotilla.model.RouteMount;
import dev.flotilla.model.SourceFile;
import dev.flotilla.model.SourceLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Scans one JavaScript/TypeScript module from its tokens (strings, template literals, comments and
 * regular-expression literals are told apart, so text that looks like a require is not one):
 * {@code require}/{@code import}/{@code export … from}/dynamic {@code import()}, Express and
 * Fastify routes with {@code app.use(prefix, router)} mounts, {@code listen(port, host)}, and
 * outgoing {@code fetch}/{@code axios} calls with their URLs worked out.
 */
public final class JsScanner {

  enum K {
    NAME,
    STRING,
    TEMPLATE,
    NUMBER,
    OP,
    REGEX
  }

  record Tok(K kind, String text, String value, int line, int col) {
    boolean is(String s) {
      return (kind == K.OP || kind == K.NAME) && text.equals(s);
    }
  }

  private static final Set<String> METHODS = Set.of("get", "post", "put", "delete", "patch", "all", "options", "head");
  private static final Set<String> REGEX_AFTER = Set.of("(", ",", "=", ":", "[", "!", "&", "|", "?", "{", "}", ";", "&&", "||", "??",
      "return", "typeof", "case", "=>", "+", "-", "*", "%", "<", ">", "==", "===", "!=", "!==");

  private final Path file;
  private final String imagePath;
  private final List<Tok> t;
  private final Map<String, Integer> constants = new HashMap<>();
  private final Map<String, String> routerVars = new HashMap<>(); // var -> framework
  private final Map<String, String> requiredAs = new HashMap<>(); // var -> module specifier
  private final Set<String> traits = new LinkedHashSet<>();

  private JsScanner(Path file, String imagePath, String text) {
    this.file = file;
    this.imagePath = imagePath;
    this.t = tokenize(text);
  }

  public static SourceFile scan(Path file, String imagePath, String text) {
    return new JsScanner(file, imagePath, text).run();
  }

  private SourceFile run() {
    List<ImportRef> imports = new ArrayList<>();
    List<Route> routes = new ArrayList<>();
    List<RouteMount> mounts = new ArrayList<>();
    List<HttpCall> calls = new ArrayList<>();
    List<BindAddress> binds = new ArrayList<>();
    // constants and router variables first: `const X = <expr>;`
    for (int i = 0; i + 3 < t.size(); i++) {
      if ((t.get(i).is("const") || t.get(i).is("let") || t.get(i).is("var")) && t.get(i + 1).kind() == K.NAME && t.get(i + 2).is("=")) {
        String var = t.get(i + 1).text();
        constants.putIfAbsent(var, i + 3);
        String callee = dotted(i + 3);
        if (callee != null) {
          if (callee.equals("express") || callee.equals("express.Router") || callee.equals("Router") || callee.equals("Fastify")
              || callee.equals("fastify") || callee.equals("Koa") || callee.equals("KoaRouter") || callee.equals("express.default")) {
            routerVars.put(var, callee.toLowerCase(Locale.ROOT).contains("fastify") ? "fastify" : "express");
          }
          if (callee.equals("require") && t.get(i + 4).is("(") && t.get(i + 5).kind() == K.STRING) requiredAs.put(var, t.get(i + 5).value());
        }
      }
      if (t.get(i).is("new") && t.get(i + 1).is("Router")) routerVars.putIfAbsent("router", "koa");
    }
    for (int i = 0; i < t.size(); i++) {
      Tok x = t.get(i);
      // require("m") / import("m")
      if ((x.is("require") || x.is("import")) && i + 2 < t.size() && t.get(i + 1).is("(") && t.get(i + 2).kind() == K.STRING
          && (i == 0 || !t.get(i - 1).is("."))) {
        imports.add(new ImportRef(t.get(i + 2).value(), 0, List.of(), null, guarded(i), false, loc(x)));
        continue;
      }
      // import … from "m"; import "m"; export … from "m"
      if ((x.is("import") || x.is("export")) && (i == 0 || !t.get(i - 1).is("."))) {
        int j = i + 1;
        if (x.is("import") && j < t.size() && t.get(j).kind() == K.STRING) {
          imports.add(new ImportRef(t.get(j).value(), 0, List.of(), null, false, false, loc(x)));
          continue;
        }
        List<ImportRef.Name> names = new ArrayList<>();
        while (j < t.size() && j < i + 200 && !t.get(j).is("from") && !t.get(j).is(";") && !(t.get(j).is("=") && x.is("export"))) {
          if (t.get(j).kind() == K.NAME && !t.get(j).is("as") && !t.get(j).is("type") && !t.get(j).is("default")) {
            names.add(new ImportRef.Name(t.get(j).text(), null, loc(t.get(j))));
          }
          j++;
        }
        if (j + 1 < t.size() && t.get(j).is("from") && t.get(j + 1).kind() == K.STRING) {
          imports.add(new ImportRef(t.get(j + 1).value(), 0, List.copyOf(names), null, false, false, loc(x)));
        }
        continue;
      }
      if (x.kind() != K.NAME || (i > 0 && t.get(i - 1).is("."))) continue;
      String callee = dotted(i);
      if (callee == null) continue;
      if (callee.startsWith("process.env")) traits.add("reads-env");
      int open = i + 2 * (callee.split("\\.").length - 1) + 1;
      if (open >= t.size() || !t.get(open).is("(")) continue;
      String[] parts = callee.split("\\.");
      String method = parts[parts.length - 1];
      String receiver = parts.length > 1 ? callee.substring(0, callee.lastIndexOf('.')) : null;
      List<int[]> args = args(open);
      if (callee.startsWith("process.env")) traits.add("reads-env");
      if (receiver != null && METHODS.contains(method) && !args.isEmpty() && routerVars.containsKey(receiver)) {
        String p = literal(args.get(0));
        if (p != null && p.startsWith("/")) {
          routes.add(new Route(routerVars.get(receiver), method.equals("all") ? "*" : method.toUpperCase(Locale.ROOT),
              expressPath(p), imagePath + ":" + receiver, loc(x)));
        }
      } else if (receiver != null && method.equals("route") && !args.isEmpty() && routerVars.containsKey(receiver)) {
        String fw = routerVars.get(receiver);
        String p = literal(args.get(0));
        if (p != null && p.startsWith("/")) {
          // Express: router.route("/x").get(h).post(h) — every method chained on the route
          int k = matching(open) + 1;
          while (k + 2 < t.size() && t.get(k).is(".") && t.get(k + 1).kind() == K.NAME && t.get(k + 2).is("(")) {
            String m = t.get(k + 1).text();
            if (METHODS.contains(m)) {
              routes.add(new Route(fw, m.equals("all") ? "*" : m.toUpperCase(Locale.ROOT), expressPath(p), imagePath + ":" + receiver,
                  loc(t.get(k + 1))));
            }
            k = matching(k + 2) + 1;
          }
        } else if (t.get(args.get(0)[0]).is("{")) {
          // Fastify: fastify.route({ method: "POST", url: "/x", handler })
          String url = objectField(args.get(0), "url");
          if (url == null) url = objectField(args.get(0), "path");
          String m = objectField(args.get(0), "method");
          if (url != null && url.startsWith("/")) {
            routes.add(new Route(fw, m == null ? "*" : m.toUpperCase(Locale.ROOT), expressPath(url), imagePath + ":" + receiver, loc(x)));
          }
        }
      } else if (receiver != null && method.equals("use") && routerVars.containsKey(receiver)) {
        String prefix = args.isEmpty() ? null : literal(args.get(0));
        if (args.size() >= 2 && prefix != null) {
          int[] child = args.get(1);
          String childName = child[1] - child[0] == 1 ? t.get(child[0]).text() : null;
          if (childName != null && routerVars.containsKey(childName)) {
            mounts.add(new RouteMount(imagePath + ":" + receiver, imagePath + ":" + childName, prefix, loc(x)));
          } else if (childName != null && requiredAs.containsKey(childName)) {
            mounts.add(new RouteMount(imagePath + ":" + receiver, resolveSpecifier(requiredAs.get(childName)) + ":*", prefix, loc(x)));
          } else {
            routes.add(new Route(routerVars.get(receiver), "*", expressPath(prefix) + "/{rest:path}", imagePath + ":" + receiver, loc(x)));
          }
        }
        if (!args.isEmpty()) {
          int[] last = args.get(args.size() - 1);
          if (functionArity(last) == 4) traits.add("error-handler");
        }
      } else if (receiver != null && method.equals("setErrorHandler")) {
        traits.add("error-handler");
      } else if (receiver != null && method.equals("listen") && !args.isEmpty()) {
        String host = null;
        String port;
        if (t.get(args.get(0)[0]).is("{")) {
          port = objectField(args.get(0), "port");
          host = objectField(args.get(0), "host");
        } else {
          port = eval(args.get(0)[0], args.get(0)[1], 0);
          if (args.size() > 1 && t.get(args.get(1)[0]).kind() != K.NAME || args.size() > 1 && !isFunction(args.get(1))) {
            if (args.size() > 1 && !isFunction(args.get(1))) host = eval(args.get(1)[0], args.get(1)[1], 0);
          }
        }
        String fw = routerVars.getOrDefault(receiver, "node");
        binds.add(new BindAddress(fw, host, port, fw.equals("fastify") ? "127.0.0.1" : "0.0.0.0", loc(x)));
      } else if (callee.equals("fetch") && !args.isEmpty()) {
        String m = args.size() > 1 ? objectField(args.get(1), "method") : null;
        calls.add(new HttpCall("fetch", m == null ? "GET" : m.toUpperCase(Locale.ROOT), eval(args.get(0)[0], args.get(0)[1], 0), loc(x)));
      } else if ((receiver != null && (receiver.equals("axios") || receiver.equals("got") || receiver.equals("superagent")))
          && (METHODS.contains(method)) && !args.isEmpty()) {
        calls.add(new HttpCall(receiver, method.toUpperCase(Locale.ROOT), eval(args.get(0)[0], args.get(0)[1], 0), loc(x)));
      }
    }
    for (ImportRef i : imports) {
      switch (i.topLevel()) {
        case "pino", "winston", "bunyan", "pino-http", "@elastic/ecs-pino-format" -> traits.add("structured-logging");
        case "prom-client", "express-prom-bundle", "fastify-metrics", "@opentelemetry/sdk-metrics" -> traits.add("metrics");
        case "dotenv", "config", "convict", "env-var" -> traits.add("reads-env");
        default -> {}
      }
    }
    for (Tok x : t) if (x.is("try")) traits.add("try-except");
    return new SourceFile(file, imagePath, "node", List.copyOf(imports), List.copyOf(routes), List.copyOf(mounts), List.copyOf(calls),
        List.copyOf(binds), List.of(), Set.copyOf(traits));
  }

  private boolean guarded(int i) {
    for (int j = Math.max(0, i - 6); j < i; j++) if (t.get(j).is("try")) return true;
    return false;
  }

  private String resolveSpecifier(String spec) {
    if (!spec.startsWith(".")) return spec;
    String dir = imagePath.substring(0, imagePath.lastIndexOf('/'));
    String p = dir + "/" + spec;
    List<String> out = new ArrayList<>();
    for (String part : p.split("/")) {
      if (part.isEmpty() || part.equals(".")) continue;
      if (part.equals("..")) {
        if (!out.isEmpty()) out.remove(out.size() - 1);
      } else out.add(part);
    }
    String abs = "/" + String.join("/", out);
    return abs.matches(".*\\.(c|m)?[jt]s$") ? abs : abs + ".js";
  }

  private static String expressPath(String p) {
    return p.replaceAll(":([A-Za-z_][A-Za-z0-9_]*)\\??", "{$1}").replace("*", "{rest:path}");
  }

  private int functionArity(int[] r) {
    // (err, req, res, next) => … or function (err, req, res, next) { … }
    int i = r[0];
    if (t.get(i).is("function")) i++;
    if (i < r[1] && t.get(i).kind() == K.NAME && !t.get(i).is("async")) i++;
    if (t.get(i).is("async")) i++;
    if (i >= r[1] || !t.get(i).is("(")) return -1;
    int close = matching(i);
    int n = 0;
    for (int j = i + 1; j < close; j++) if (t.get(j).kind() == K.NAME) n++;
    return n;
  }

  private boolean isFunction(int[] r) {
    for (int j = r[0]; j < r[1]; j++) if (t.get(j).is("=>") || t.get(j).is("function")) return true;
    return false;
  }

  private String objectField(int[] r, String name) {
    if (!t.get(r[0]).is("{")) return null;
    for (int j = r[0] + 1; j + 1 < r[1]; j++) {
      if (t.get(j).is(name) && (t.get(j + 1).is(":") || t.get(j + 1).is(",") || t.get(j + 1).is("}"))) {
        if (!t.get(j + 1).is(":")) return eval(j, j + 1, 0);
        int end = j + 2;
        int d = 0;
        while (end < r[1] - 1) {
          Tok y = t.get(end);
          if (y.is("(") || y.is("[") || y.is("{")) d++;
          else if (y.is(")") || y.is("]") || y.is("}")) d--;
          if (d < 0 || (d == 0 && y.is(","))) break;
          end++;
        }
        return eval(j + 2, end, 0);
      }
    }
    return null;
  }

  /** The string value of an expression: literals, templates, constants, process.env lookups with defaults, '+'. */
  String eval(int a, int b, int depth) {
    if (depth > 6 || a >= b) return "{?}";
    if (t.get(a).is("(") && matching(a) == b - 1) return eval(a + 1, b - 1, depth + 1);
    int d = 0;
    for (int i = a; i < b; i++) {
      Tok x = t.get(i);
      if (x.is("(") || x.is("[") || x.is("{")) d++;
      else if (x.is(")") || x.is("]") || x.is("}")) d--;
      else if (d == 0 && (x.is("||") || x.is("??"))) {
        String left = eval(a, i, depth + 1);
        String right = eval(i + 1, b, depth + 1);
        if (left.startsWith("${") && left.endsWith("}") && !left.contains(":-")) return left.substring(0, left.length() - 1) + ":-" + right + "}";
        return left.equals("{?}") ? right : left;
      }
    }
    d = 0;
    List<Integer> plus = new ArrayList<>();
    for (int i = a; i < b; i++) {
      Tok x = t.get(i);
      if (x.is("(") || x.is("[") || x.is("{")) d++;
      else if (x.is(")") || x.is("]") || x.is("}")) d--;
      else if (d == 0 && x.is("+")) plus.add(i);
    }
    if (!plus.isEmpty()) {
      StringBuilder sb = new StringBuilder();
      int from = a;
      for (int p : plus) {
        sb.append(eval(from, p, depth + 1));
        from = p + 1;
      }
      return sb.append(eval(from, b, depth + 1)).toString();
    }
    Tok x = t.get(a);
    if (b - a == 1 && x.kind() == K.STRING) return x.value();
    if (b - a == 1 && x.kind() == K.NUMBER) return x.text();
    if (b - a == 1 && x.kind() == K.TEMPLATE) return template(x.value(), depth);
    if (x.is("process") && b - a == 5 && t.get(a + 1).is(".") && t.get(a + 2).is("env") && t.get(a + 3).is(".")) {
      return "${" + t.get(a + 4).text() + "}";
    }
    if (x.is("Number") || x.is("parseInt") || x.is("String")) {
      if (a + 1 < b && t.get(a + 1).is("(")) return eval(a + 2, matching(a + 1), depth + 1);
    }
    if (b - a == 1 && x.kind() == K.NAME && constants.containsKey(x.text())) {
      int s = constants.get(x.text());
      int e = s;
      int dd = 0;
      while (e < t.size()) {
        Tok y = t.get(e);
        if (y.is("(") || y.is("[") || y.is("{")) dd++;
        else if (y.is(")") || y.is("]") || y.is("}")) dd--;
        if (dd < 0 || (dd == 0 && (y.is(";") || y.is(",") || (y.kind() == K.NAME && e > s && t.get(e - 1).line() < y.line()
            && !t.get(e - 1).is("+") && !t.get(e - 1).is("||") && !t.get(e - 1).is("??") && !y.is("process"))))) break;
        e++;
      }
      return eval(s, e, depth + 1);
    }
    return "{?}";
  }

  private String template(String body, int depth) {
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (i < body.length()) {
      if (body.startsWith("${", i)) {
        int d = 0;
        int j = i + 2;
        for (; j < body.length(); j++) {
          char c = body.charAt(j);
          if (c == '{') d++;
          else if (c == '}') {
            if (d == 0) break;
            d--;
          }
        }
        String expr = body.substring(i + 2, Math.min(j, body.length()));
        JsScanner sub = new JsScanner(file, imagePath, expr);
        sub.constants.putAll(Map.of());
        String v = evalIn(sub, expr, depth);
        sb.append(v);
        i = j + 1;
      } else {
        sb.append(body.charAt(i++));
      }
    }
    return sb.toString();
  }

  private String evalIn(JsScanner sub, String expr, int depth) {
    // names inside a template refer to this file's constants: evaluate with ours, on the sub-tokens
    List<Tok> saved = new ArrayList<>(sub.t);
    if (saved.size() == 1 && saved.get(0).kind() == K.NAME && constants.containsKey(saved.get(0).text())) {
      return eval(constants.get(saved.get(0).text()), endOfConstant(constants.get(saved.get(0).text())), depth + 1);
    }
    return sub.eval(0, saved.size(), depth + 1);
  }

  private int endOfConstant(int s) {
    int e = s;
    int dd = 0;
    while (e < t.size()) {
      Tok y = t.get(e);
      if (y.is("(") || y.is("[") || y.is("{")) dd++;
      else if (y.is(")") || y.is("]") || y.is("}")) dd--;
      if (dd < 0 || (dd == 0 && (y.is(";") || y.is(",")))) break;
      if (dd == 0 && e > s && t.get(e - 1).line() < y.line() && !t.get(e - 1).is("+") && !t.get(e - 1).is("||") && !t.get(e - 1).is("??")
          && !y.is("||") && !y.is("??") && !y.is("+")) break;
      e++;
    }
    return e;
  }

  private String literal(int[] r) {
    if (r[1] - r[0] != 1) return null;
    Tok x = t.get(r[0]);
    return x.kind() == K.STRING || (x.kind() == K.TEMPLATE && !x.value().contains("${")) ? x.value() : null;
  }

  private String dotted(int i) {
    if (i >= t.size() || t.get(i).kind() != K.NAME) return null;
    StringBuilder sb = new StringBuilder(t.get(i).text());
    int j = i;
    while (j + 2 < t.size() && t.get(j + 1).is(".") && t.get(j + 2).kind() == K.NAME) {
      sb.append('.').append(t.get(j + 2).text());
      j += 2;
    }
    return sb.toString();
  }

  private List<int[]> args(int open) {
    int close = matching(open);
    List<int[]> out = new ArrayList<>();
    int s = open + 1;
    int d = 0;
    for (int i = open + 1; i <= close && i < t.size(); i++) {
      Tok x = t.get(i);
      if (i < close && (x.is("(") || x.is("[") || x.is("{"))) d++;
      else if (i < close && (x.is(")") || x.is("]") || x.is("}"))) d--;
      else if (i == close || (d == 0 && x.is(","))) {
        if (i > s) out.add(new int[] {s, i});
        s = i + 1;
      }
    }
    return out;
  }

  private int matching(int open) {
    int d = 0;
    for (int i = open; i < t.size(); i++) {
      Tok x = t.get(i);
      if (x.kind() != K.OP) continue;
      if (x.is("(") || x.is("[") || x.is("{")) d++;
      else if (x.is(")") || x.is("]") || x.is("}")) {
        if (--d == 0) return i;
      }
    }
    return t.size() - 1;
  }

  private SourceLocation loc(Tok x) {
    return new SourceLocation(file, x.line(), x.col());
  }

  // ---------------------------------------------------------------- tokenizer

  static List<Tok> tokenize(String s) {
    List<Tok> out = new ArrayList<>();
    int i = 0;
    int line = 1;
    int lineStart = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\n') {
        line++;
        lineStart = ++i;
        continue;
      }
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      if (s.startsWith("//", i) || (s.startsWith("#!", i) && i == 0)) {
        while (i < s.length() && s.charAt(i) != '\n') i++;
        continue;
      }
      if (s.startsWith("/*", i)) {
        int end = s.indexOf("*/", i + 2);
        end = end < 0 ? s.length() : end + 2;
        for (int k = i; k < end; k++) if (s.charAt(k) == '\n') {
          line++;
          lineStart = k + 1;
        }
        i = end;
        continue;
      }
      int col = i - lineStart + 1;
      if (c == '"' || c == '\'') {
        StringBuilder sb = new StringBuilder();
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != c && s.charAt(j) != '\n') {
          if (s.charAt(j) == '\\' && j + 1 < s.length()) {
            sb.append(s.charAt(j + 1));
            j += 2;
            continue;
          }
          sb.append(s.charAt(j++));
        }
        out.add(new Tok(K.STRING, s.substring(i, Math.min(j + 1, s.length())), sb.toString(), line, col));
        i = j + 1;
        continue;
      }
      if (c == '`') {
        int j = i + 1;
        int startLine = line;
        int d = 0;
        while (j < s.length()) {
          char ch = s.charAt(j);
          if (ch == '\\') {
            j += 2;
            continue;
          }
          if (ch == '\n') {
            line++;
            lineStart = j + 1;
          }
          if (d == 0 && ch == '`') break;
          if (s.startsWith("${", j)) {
            d++;
            j += 2;
            continue;
          }
          if (d > 0 && ch == '}') d--;
          j++;
        }
        String body = s.substring(i + 1, Math.min(j, s.length()));
        out.add(new Tok(K.TEMPLATE, s.substring(i, Math.min(j + 1, s.length())), body, startLine, col));
        i = j + 1;
        continue;
      }
      if (Character.isJavaIdentifierStart(c)) {
        int j = i;
        while (j < s.length() && Character.isJavaIdentifierPart(s.charAt(j))) j++;
        out.add(new Tok(K.NAME, s.substring(i, j), null, line, col));
        i = j;
        continue;
      }
      if (Character.isDigit(c)) {
        int j = i;
        while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '.' || s.charAt(j) == '_')) j++;
        out.add(new Tok(K.NUMBER, s.substring(i, j), null, line, col));
        i = j;
        continue;
      }
      if (c == '/') {
        Tok prev = out.isEmpty() ? null : out.get(out.size() - 1);
        boolean regex = prev == null || (prev.kind() == K.OP && REGEX_AFTER.contains(prev.text()))
            || (prev.kind() == K.NAME && REGEX_AFTER.contains(prev.text()));
        if (regex) {
          int j = i + 1;
          boolean cls = false;
          while (j < s.length() && s.charAt(j) != '\n') {
            char ch = s.charAt(j);
            if (ch == '\\') {
              j += 2;
              continue;
            }
            if (ch == '[') cls = true;
            else if (ch == ']') cls = false;
            else if (ch == '/' && !cls) break;
            j++;
          }
          j++;
          while (j < s.length() && Character.isLetter(s.charAt(j))) j++;
          out.add(new Tok(K.REGEX, s.substring(i, Math.min(j, s.length())), null, line, col));
          i = j;
          continue;
        }
      }
      String op = null;
      for (String o : new String[] {"===", "!==", "...", "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-="}) {
        if (s.startsWith(o, i)) {
          op = o;
          break;
        }
      }
      if (op == null) op = String.valueOf(c);
      out.add(new Tok(K.OP, op.equals("?.") ? "." : op, null, line, col));
      i += op.length();
    }
    return out;
  }
}
