package dev.flotilla.load.source.python;

import dev.flotilla.load.source.Knowledge;
import dev.flotilla.model.BindAddress;
import dev.flotilla.model.HttpCall;
import dev.flotilla.model.ImportRef;
import dev.flotilla.model.NameProblem;
import dev.flotilla.model.Route;
import dev.flotilla.model.RouteMount;
import dev.flotilla.model.SourceFile;
import dev.flotilla.model.SourceLocation;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Scans one Python module from its tokens: imports (with try/except ImportError guards and
 * TYPE_CHECKING blocks), the names it binds and uses in order (for NameError: names never bound,
 * and names that import-time code — module level, class bodies, decorators, default arguments,
 * annotations — uses before the module binds them), routes (FastAPI/APIRouter, Flask/Blueprint,
 * Django urlpatterns) with router prefixes and mounts, outgoing HTTP calls (httpx, requests,
 * aiohttp) with their URLs worked out, and where {@code uvicorn.run}/{@code app.run} bind.
 */
public final class PyScanner {

  private static final Set<String> KEYWORDS = Set.of(
      "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
      "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
      "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield");
  private static final Set<String> HTTP_METHODS = Set.of("get", "post", "put", "patch", "delete", "head", "options");
  private static final Set<String> HTTP_CLIENT_CTORS = Set.of(
      "httpx.Client", "httpx.AsyncClient", "AsyncClient", "Client", "requests.Session", "Session", "requests.session",
      "aiohttp.ClientSession", "ClientSession");

  /** One function-call argument: its keyword (null when positional) and value token range. */
  record Arg(String keyword, int a, int b) {}

  private enum Kind {
    MODULE,
    CLASS,
    DEF,
    BLOCK
  }

  /** An open block: which kind, the indent level of its body, its own bindings (class bodies). */
  private static final class Ctx {
    final Kind kind;
    final int bodyLevel;
    final boolean guardsImport;
    final boolean typeChecking;
    final Map<String, Integer> bindings = new HashMap<>();
    final Map<String, PyEval.Expr> assigned = new HashMap<>();
    final String className;
    final boolean settingsClass;

    Ctx(Kind kind, int bodyLevel, boolean guardsImport, boolean typeChecking, String className, boolean settingsClass) {
      this.kind = kind;
      this.bodyLevel = bodyLevel;
      this.guardsImport = guardsImport;
      this.typeChecking = typeChecking;
      this.className = className;
      this.settingsClass = settingsClass;
    }
  }

  private record Use(String name, SourceLocation at, int seq, boolean importTime, List<Ctx> classScopes) {}

  private record PendingCall(String receiver, String method, int open, Map<String, PyEval.Expr> locals, SourceLocation at) {}

  private final Path file;
  private final String imagePath;
  private final String moduleName;
  private final List<PyToken> t;
  private final Deque<Ctx> stack = new ArrayDeque<>();
  private final Ctx module = new Ctx(Kind.MODULE, 0, false, false, null, false);
  private int seq;

  private final List<ImportRef> imports = new ArrayList<>();
  private final Set<String> boundAnywhere = new HashSet<>();
  private final Set<String> globalDeclared = new HashSet<>();
  private final List<Use> uses = new ArrayList<>();
  private boolean starImport;
  private boolean futureAnnotations;
  private final Map<String, String> importedAs = new HashMap<>(); // local name -> "module:name" or "module"
  private final Map<String, String> routers = new HashMap<>(); // var -> framework
  private final Map<String, String> routerPrefix = new HashMap<>();
  private final Map<String, PyEval.Expr> attributes = new HashMap<>(); // "self.x" -> value
  private final Map<String, PyEval.Expr> settingsFields = new HashMap<>();
  private final Set<String> httpClients = new HashSet<>();
  private final Map<String, String> clientBase = new HashMap<>();
  private final List<PendingCall> pendingCalls = new ArrayList<>();
  private final List<Route> routes = new ArrayList<>();
  private final List<RouteMount> mounts = new ArrayList<>();
  private final List<Object[]> pendingMounts = new ArrayList<>();
  private final List<Object[]> pendingBinds = new ArrayList<>();
  private final Set<String> traits = new LinkedHashSet<>();
  private final Map<Integer, Set<String>> lambdaLocals = new HashMap<>();

  private PyScanner(Path file, String imagePath, String moduleName, String text) {
    this.file = file;
    this.imagePath = imagePath;
    this.moduleName = moduleName == null ? "" : moduleName;
    this.t = PyTokenizer.tokenize(text);
  }

  /** Scans one file. {@code moduleName} is its dotted module name in the image ({@code app.main}), or null. */
  public static SourceFile scan(Path file, String imagePath, String moduleName, String text) {
    PyScanner s = new PyScanner(file, imagePath, moduleName, text);
    s.run();
    return s.result();
  }

  // ---------------------------------------------------------------- statements

  private void run() {
    stack.push(module);
    int i = 0;
    int level = 0;
    List<int[]> lines = new ArrayList<>();
    while (i < t.size()) {
      PyToken k = t.get(i);
      if (k.kind() == PyToken.Kind.INDENT) {
        level++;
        i++;
      } else if (k.kind() == PyToken.Kind.DEDENT) {
        level--;
        i++;
      } else if (k.kind() == PyToken.Kind.END) {
        break;
      } else if (k.kind() == PyToken.Kind.NEWLINE) {
        i++;
      } else {
        int j = i;
        while (j < t.size() && t.get(j).kind() != PyToken.Kind.NEWLINE && t.get(j).kind() != PyToken.Kind.END) j++;
        lines.add(new int[] {i, j, level});
        i = j;
      }
    }
    for (int li = 0; li < lines.size(); li++) {
      int[] l = lines.get(li);
      while (stack.size() > 1 && stack.peek().bodyLevel > l[2]) stack.pop();
      line(l[0], l[1], l[2], lines, li);
    }
  }

  private void line(int a, int b, int level, List<int[]> lines, int li) {
    PyToken first = t.get(a);
    String kw = first.kind() == PyToken.Kind.NAME ? first.text() : first.text();
    int colon = compoundHeader(a, b);
    if (colon < 0) {
      simpleStatements(a, b);
      return;
    }
    Ctx pushed = header(a, colon, level, lines, li);
    if (colon + 1 < b) {
      // inline body: `if x: return y`
      if (pushed != null) stack.push(pushed);
      simpleStatements(colon + 1, b);
      if (pushed != null) stack.pop();
    } else if (pushed != null) {
      stack.push(pushed);
    }
    if (kw.isEmpty()) return;
  }

  /** The index of the header-ending ':' when this line opens a block, else -1. */
  private int compoundHeader(int a, int b) {
    PyToken f = t.get(a);
    String k = f.text();
    int start = a;
    if (k.equals("async") && a + 1 < b) {
      start = a + 1;
      k = t.get(start).text();
    }
    boolean compound = f.kind() == PyToken.Kind.NAME && Set.of("def", "class", "if", "elif", "else", "try", "except",
        "finally", "for", "while", "with").contains(k);
    if (!compound && f.name() && (k.equals("match") || k.equals("case")) && t.get(b - 1).is(":") && b - a > 2
        && !t.get(a + 1).is("=") && !t.get(a + 1).is(".") && !t.get(a + 1).is(",")) {
      compound = true;
    }
    if (!compound) return -1;
    int d = 0;
    int lambdas = 0;
    for (int i = start; i < b; i++) {
      PyToken x = t.get(i);
      if (x.is("(") || x.is("[") || x.is("{")) d++;
      else if (x.is(")") || x.is("]") || x.is("}")) d--;
      else if (d == 0 && x.is("lambda")) lambdas++;
      else if (d == 0 && x.is(":")) {
        if (lambdas > 0) lambdas--;
        else return i;
      }
    }
    return -1;
  }

  private Ctx header(int a, int colon, int level, List<int[]> lines, int li) {
    int s = a;
    if (t.get(s).is("async")) s++;
    String k = t.get(s).text();
    seq++;
    Ctx cur = stack.peek();
    switch (k) {
      case "def" -> {
        String name = t.get(s + 1).text();
        int open = s + 2;
        if (open < colon && t.get(open).is("[")) open = matching(t, open) + 1; // PEP 695 type params
        Set<String> params = new HashSet<>();
        if (open < colon && t.get(open).is("(")) {
          int close = matching(t, open);
          parameters(open + 1, close, params);
          if (close + 1 < colon && t.get(close + 1).is("->")) annotation(close + 2, colon);
        }
        bind(name, cur);
        if (name.equals("__getattr__") && cur == module) starImport = true;
        Ctx c = new Ctx(Kind.DEF, level + 1, cur.guardsImport, cur.typeChecking, null, false);
        for (String p : params) c.bindings.put(p, 0);
        return c;
      }
      case "class" -> {
        String name = t.get(s + 1).text();
        boolean settings = false;
        int open = s + 2;
        if (open < colon && t.get(open).is("[")) open = matching(t, open) + 1;
        if (open < colon && t.get(open).is("(")) {
          int close = matching(t, open);
          for (int i = open + 1; i < close; i++) {
            if (t.get(i).name() && (t.get(i).text().equals("BaseSettings"))) settings = true;
          }
          expr(open + 1, close, importTime());
        }
        bind(name, cur);
        return new Ctx(Kind.CLASS, level + 1, cur.guardsImport, cur.typeChecking, name, settings);
      }
      case "if", "elif", "while" -> {
        expr(s + 1, colon, importTime());
        boolean tc = false;
        for (int i = s + 1; i < colon; i++) if (t.get(i).is("TYPE_CHECKING")) tc = true;
        return new Ctx(Kind.BLOCK, level + 1, cur.guardsImport, cur.typeChecking || tc, null, false);
      }
      case "else", "finally" -> {
        return new Ctx(Kind.BLOCK, level + 1, cur.guardsImport, cur.typeChecking, null, false);
      }
      case "try" -> {
        traits.add("try-except");
        return new Ctx(Kind.BLOCK, level + 1, cur.guardsImport || catchesImportError(lines, li, level), cur.typeChecking, null, false);
      }
      case "except" -> {
        int asAt = -1;
        for (int i = s + 1; i < colon; i++) if (t.get(i).is("as")) asAt = i;
        expr(s + 1, asAt < 0 ? colon : asAt, importTime());
        if (asAt > 0) bindTargets(asAt + 1, colon);
        return new Ctx(Kind.BLOCK, level + 1, cur.guardsImport, cur.typeChecking, null, false);
      }
      case "for" -> {
        int in = find(s + 1, colon, "in");
        if (in < 0) in = colon;
        expr(in + 1, colon, importTime());
        bindTargets(s + 1, in);
        return new Ctx(Kind.BLOCK, level + 1, cur.guardsImport, cur.typeChecking, null, false);
      }
      case "with" -> {
        withItems(s + 1, colon);
        return new Ctx(Kind.BLOCK, level + 1, cur.guardsImport, cur.typeChecking, null, false);
      }
      case "match" -> {
        expr(s + 1, colon, importTime());
        return new Ctx(Kind.BLOCK, level + 1, cur.guardsImport, cur.typeChecking, null, false);
      }
      case "case" -> {
        int guard = find(s + 1, colon, "if");
        casePattern(s + 1, guard < 0 ? colon : guard);
        if (guard > 0) expr(guard + 1, colon, importTime());
        return new Ctx(Kind.BLOCK, level + 1, cur.guardsImport, cur.typeChecking, null, false);
      }
      default -> {
        return new Ctx(Kind.BLOCK, level + 1, cur.guardsImport, cur.typeChecking, null, false);
      }
    }
  }

  /** Whether the try block starting at line {@code li} has an except clause catching ImportError. */
  private boolean catchesImportError(List<int[]> lines, int li, int level) {
    for (int j = li + 1; j < lines.size(); j++) {
      int[] l = lines.get(j);
      if (l[2] > level) continue;
      if (l[2] < level) return false;
      PyToken f = t.get(l[0]);
      if (!f.is("except")) return false;
      int colon = compoundHeader(l[0], l[1]);
      if (colon < 0) colon = l[1];
      if (colon == l[0] + 1) return true; // bare except
      for (int i = l[0] + 1; i < colon; i++) {
        String n = t.get(i).text();
        if (n.equals("ImportError") || n.equals("ModuleNotFoundError") || n.equals("Exception") || n.equals("BaseException")) return true;
        if (n.equals("as")) break;
      }
    }
    return false;
  }

  private void simpleStatements(int a, int b) {
    int s = a;
    int d = 0;
    for (int i = a; i < b; i++) {
      PyToken x = t.get(i);
      if (x.is("(") || x.is("[") || x.is("{")) d++;
      else if (x.is(")") || x.is("]") || x.is("}")) d--;
      else if (d == 0 && x.is(";")) {
        if (i > s) statement(s, i);
        s = i + 1;
      }
    }
    if (b > s) statement(s, b);
  }

  private void statement(int a, int b) {
    seq++;
    PyToken f = t.get(a);
    Ctx cur = stack.peek();
    if (f.is("import") && f.name()) {
      importStmt(a, b);
      return;
    }
    if (f.is("from") && f.name() && find(a, b, "import") > 0) {
      fromStmt(a, b);
      return;
    }
    if ((f.is("global") || f.is("nonlocal")) && f.name()) {
      for (int i = a + 1; i < b; i++) {
        if (t.get(i).name()) {
          boundAnywhere.add(t.get(i).text());
          if (f.is("global")) globalDeclared.add(t.get(i).text());
          cur.bindings.put(t.get(i).text(), seq);
        }
      }
      return;
    }
    if (f.is("@")) {
      expr(a + 1, b, importTime());
      decorator(a + 1, b);
      return;
    }
    if (f.name() && f.text().equals("type") && b - a > 3 && t.get(a + 1).name() && (t.get(a + 2).is("=") || t.get(a + 2).is("["))) {
      bind(t.get(a + 1).text(), cur);
      return;
    }
    if (f.is("del") && f.name()) {
      expr(a + 1, b, importTime());
      return;
    }
    // assignment?
    List<Integer> eqs = new ArrayList<>();
    int annot = -1;
    int aug = -1;
    int d = 0;
    for (int i = a; i < b; i++) {
      PyToken x = t.get(i);
      if (x.is("(") || x.is("[") || x.is("{")) d++;
      else if (x.is(")") || x.is("]") || x.is("}")) d--;
      else if (d == 0 && x.kind() == PyToken.Kind.OP && x.text().equals("=")) eqs.add(i);
      else if (d == 0 && x.is(":") && annot < 0 && eqs.isEmpty()) annot = i;
      else if (d == 0 && x.kind() == PyToken.Kind.OP && x.text().length() >= 2 && x.text().endsWith("=")
          && !Set.of("==", "!=", "<=", ">=", ":=").contains(x.text()) && aug < 0) aug = i;
      else if (d == 0 && x.is("lambda")) break;
    }
    if (annot > 0 && !f.is("lambda")) {
      int valueStart = eqs.isEmpty() ? b : eqs.get(0);
      annotation(annot + 1, valueStart);
      if (!eqs.isEmpty()) {
        expr(valueStart + 1, b, importTime());
        assignment(a, annot, valueStart + 1, b);
      }
      if (cur.settingsClass && t.get(a).name() && annot == a + 1) {
        settingsFields.put(t.get(a).text(), new PyEval.Expr(t, eqs.isEmpty() ? b : valueStart + 1, b));
      }
      seq++;
      bindTargets(a, annot);
      return;
    }
    if (!eqs.isEmpty()) {
      int last = eqs.get(eqs.size() - 1);
      expr(last + 1, b, importTime());
      seq++;
      int from = a;
      for (int e : eqs) {
        bindTargets(from, e);
        assignment(from, e, last + 1, b);
        from = e + 1;
      }
      valueEffects(a, eqs.get(0), last + 1, b);
      return;
    }
    if (aug > 0) {
      expr(a, aug, importTime());
      expr(aug + 1, b, importTime());
      seq++;
      bindTargets(a, aug);
      return;
    }
    expr(a, b, importTime());
    expressionEffects(a, b);
  }

  private void importStmt(int a, int b) {
    int i = a + 1;
    while (i < b) {
      int s = i;
      StringBuilder mod = new StringBuilder();
      while (i < b && !t.get(i).is(",") && !t.get(i).is("as")) mod.append(t.get(i++).text());
      String alias = null;
      if (i < b && t.get(i).is("as")) {
        alias = t.get(i + 1).text();
        i += 2;
      }
      String m = mod.toString();
      imports.add(new ImportRef(m, 0, List.of(), alias, stack.peek().guardsImport, stack.peek().typeChecking, loc(t.get(s))));
      String bound = alias != null ? alias : m.split("\\.")[0];
      bind(bound, stack.peek());
      importedAs.put(bound, alias != null ? m : m.split("\\.")[0]);
      i++;
    }
  }

  private void fromStmt(int a, int b) {
    int i = a + 1;
    int level = 0;
    while (i < b && (t.get(i).is(".") || t.get(i).is("..."))) {
      level += t.get(i).text().length();
      i++;
    }
    StringBuilder mod = new StringBuilder();
    while (i < b && !t.get(i).is("import")) mod.append(t.get(i++).text());
    i++; // import
    List<ImportRef.Name> names = new ArrayList<>();
    String m = mod.toString();
    String absolute = absolute(m, level);
    while (i < b) {
      PyToken x = t.get(i);
      if (x.is("(") || x.is(")") || x.is(",")) {
        i++;
        continue;
      }
      if (x.is("*")) {
        starImport = true;
        names.add(new ImportRef.Name("*", null, loc(x)));
        i++;
        continue;
      }
      String alias = null;
      if (i + 2 < b && t.get(i + 1).is("as")) alias = t.get(i + 2).text();
      names.add(new ImportRef.Name(x.text(), alias, loc(x)));
      String bound = alias != null ? alias : x.text();
      bind(bound, stack.peek());
      importedAs.put(bound, absolute + ":" + x.text());
      i += alias != null ? 3 : 1;
    }
    if (m.equals("__future__")) {
      for (ImportRef.Name n : names) if (n.name().equals("annotations")) futureAnnotations = true;
    }
    imports.add(new ImportRef(m, level, List.copyOf(names), null, stack.peek().guardsImport, stack.peek().typeChecking, loc(t.get(a))));
  }

  /** The absolute module of a (maybe relative) import in this module. */
  private String absolute(String m, int level) {
    if (level == 0) return m;
    String[] parts = moduleName.isEmpty() ? new String[0] : moduleName.split("\\.");
    boolean isPackage = imagePath != null && imagePath.endsWith("/__init__.py");
    int keep = parts.length - (isPackage ? level - 1 : level);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.max(0, keep); i++) sb.append(i > 0 ? "." : "").append(parts[i]);
    if (!m.isEmpty()) sb.append(sb.length() > 0 ? "." : "").append(m);
    return sb.toString();
  }

  private void parameters(int a, int b, Set<String> params) {
    // name [: annotation] [= default], separated by commas at depth 0
    int i = a;
    while (i < b) {
      int end = i;
      int d = 0;
      while (end < b) {
        PyToken x = t.get(end);
        if (x.is("(") || x.is("[") || x.is("{")) d++;
        else if (x.is(")") || x.is("]") || x.is("}")) d--;
        else if (d == 0 && x.is(",")) break;
        end++;
      }
      int p = i;
      while (p < end && (t.get(p).is("*") || t.get(p).is("**") || t.get(p).is("/"))) p++;
      if (p < end && t.get(p).name()) {
        params.add(t.get(p).text());
        boundAnywhere.add(t.get(p).text());
        int eq = -1;
        int colon = -1;
        int dd = 0;
        for (int q = p + 1; q < end; q++) {
          PyToken x = t.get(q);
          if (x.is("(") || x.is("[") || x.is("{")) dd++;
          else if (x.is(")") || x.is("]") || x.is("}")) dd--;
          else if (dd == 0 && x.is(":") && colon < 0 && eq < 0) colon = q;
          else if (dd == 0 && x.is("=") && eq < 0) eq = q;
        }
        if (colon > 0) {
          annotation(colon + 1, eq > 0 ? eq : end);
          // def notify(client: httpx.Client, …): calls on the parameter are HTTP calls
          if (httpClientType(dotted(colon + 1, eq > 0 ? eq : end))) httpClients.add(t.get(p).text());
        }
        if (eq > 0) expr(eq + 1, end, importTime());
      }
      i = end + 1;
    }
  }

  /** An annotation naming an HTTP client class: httpx.Client, requests.Session, or such a class imported by name. */
  private boolean httpClientType(String type) {
    if (type == null) return false;
    String lib = type.contains(".") ? type.substring(0, type.indexOf('.')) : importedAs.getOrDefault(type, "");
    boolean http = lib.startsWith("httpx") || lib.startsWith("requests") || lib.startsWith("aiohttp");
    String cls = type.substring(type.lastIndexOf('.') + 1);
    return http && (cls.endsWith("Client") || cls.equals("Session") || cls.equals("ClientSession"));
  }

  private void annotation(int a, int b) {
    if (a >= b) return;
    if (futureAnnotations) expr(a, b, false);
    else expr(a, b, importTime());
  }

  private void withItems(int a, int b) {
    int i = a;
    int d = 0;
    int itemStart = a;
    int asAt = -1;
    boolean parenthesized = t.get(a).is("(") && matching(t, a) == b - 1 && find(a + 1, b - 1, "as") > 0;
    if (parenthesized) {
      withItems(a + 1, b - 1);
      return;
    }
    for (; i <= b; i++) {
      PyToken x = i < b ? t.get(i) : null;
      if (x != null && (x.is("(") || x.is("[") || x.is("{"))) d++;
      else if (x != null && (x.is(")") || x.is("]") || x.is("}"))) d--;
      else if (x != null && d == 0 && x.is("as") && x.name()) asAt = i;
      else if (x == null || (d == 0 && x.is(","))) {
        int valueEnd = asAt < 0 ? i : asAt;
        expr(itemStart, valueEnd, importTime());
        if (asAt > 0) {
          bindTargets(asAt + 1, i);
          if (asAt == asAt + 0 && i - asAt == 2) {
            String var = t.get(asAt + 1).text();
            String ctor = dotted(itemStart, valueEnd);
            if (ctor != null && HTTP_CLIENT_CTORS.contains(ctor)) {
              httpClients.add(var);
              String base = keywordValue(itemStart, valueEnd, "base_url");
              if (base != null) clientBase.put(var, base);
            }
          }
        }
        itemStart = i + 1;
        asAt = -1;
      }
    }
  }

  private void casePattern(int a, int b) {
    for (int i = a; i < b; i++) {
      PyToken x = t.get(i);
      if (!x.name() || KEYWORDS.contains(x.text()) || x.text().equals("_")) continue;
      boolean afterDot = i > a && t.get(i - 1).is(".");
      boolean beforeCallOrDot = i + 1 < b && (t.get(i + 1).is("(") || t.get(i + 1).is("."));
      boolean kwarg = i + 1 < b && t.get(i + 1).is("=");
      if (afterDot || kwarg) continue;
      if (beforeCallOrDot) use(x, importTime());
      else bind(x.text(), stack.peek());
    }
  }

  // ---------------------------------------------------------------- names

  private boolean importTime() {
    for (Ctx c : stack) if (c.kind == Kind.DEF) return false;
    return true;
  }

  private void bind(String name, Ctx scope) {
    boundAnywhere.add(name);
    scope.bindings.putIfAbsent(name, seq);
    if (scope.kind == Kind.BLOCK) {
      // a block does not open a scope: bind in the nearest module, class or def
      for (Ctx c : stack) {
        if (c.kind != Kind.BLOCK) {
          c.bindings.putIfAbsent(name, seq);
          break;
        }
      }
    }
  }

  private void bindTargets(int a, int b) {
    int i = a;
    while (i < b) {
      PyToken x = t.get(i);
      if (x.name() && !KEYWORDS.contains(x.text())) {
        boolean afterDot = i > a && t.get(i - 1).is(".");
        PyToken next = i + 1 < b ? t.get(i + 1) : null;
        if (afterDot) {
          i++;
          continue;
        }
        if (next != null && (next.is(".") || next.is("[") || next.is("("))) {
          use(x, importTime());
          i++;
          // skip the attribute chain and scan subscripts/calls as expressions
          while (i < b && (t.get(i).is(".") || t.get(i).is("[") || t.get(i).is("("))) {
            if (t.get(i).is(".")) i += 2;
            else {
              int close = matching(t, i);
              expr(i + 1, close, importTime());
              i = close + 1;
            }
          }
          continue;
        }
        bind(x.text(), stack.peek());
      }
      i++;
    }
  }

  /** Records uses in an expression; handles lambda parameters, comprehension variables, keyword arguments. */
  private void expr(int a, int b, boolean importTime) {
    Deque<Set<String>> locals = new ArrayDeque<>();
    Deque<Integer> closeAt = new ArrayDeque<>();
    for (int i = a; i < b; i++) {
      while (!closeAt.isEmpty() && i > closeAt.peek()) {
        closeAt.pop();
        locals.pop();
      }
      PyToken x = t.get(i);
      if (x.is("(") || x.is("[") || x.is("{")) {
        int close = matching(t, i);
        Set<String> comp = comprehensionTargets(i + 1, Math.min(close, b));
        closeAt.push(close);
        locals.push(comp);
        continue;
      }
      if (x.is("lambda") && x.name()) {
        int colon = i + 1;
        int d = 0;
        Set<String> params = new HashSet<>();
        boolean expectName = true;
        while (colon < b && !(d == 0 && t.get(colon).is(":"))) {
          PyToken y = t.get(colon);
          if (y.is("(") || y.is("[") || y.is("{")) d++;
          else if (y.is(")") || y.is("]") || y.is("}")) d--;
          if (d == 0 && expectName && y.name()) {
            params.add(y.text());
            boundAnywhere.add(y.text());
            expectName = false;
          } else if (d == 0 && y.is(",")) expectName = true;
          else if (d == 0 && y.is("=")) {
            int end = colon + 1;
            int dd = 0;
            while (end < b && !(dd == 0 && (t.get(end).is(",") || t.get(end).is(":")))) {
              if (t.get(end).is("(") || t.get(end).is("[") || t.get(end).is("{")) dd++;
              else if (t.get(end).is(")") || t.get(end).is("]") || t.get(end).is("}")) dd--;
              end++;
            }
            expr(colon + 1, end, importTime);
            colon = end;
            continue;
          }
          colon++;
        }
        // body: to the end of the enclosing bracket or a comma at this depth
        int end = colon + 1;
        int d2 = 0;
        while (end < b) {
          PyToken y = t.get(end);
          if (y.is("(") || y.is("[") || y.is("{")) d2++;
          else if (y.is(")") || y.is("]") || y.is("}")) {
            if (d2 == 0) break;
            d2--;
          } else if (d2 == 0 && y.is(",") && !closeAt.isEmpty()) break;
          end++;
        }
        Set<String> combined = new HashSet<>(params);
        for (Set<String> s : locals) combined.addAll(s);
        lambdaBody(colon + 1, end, combined);
        i = end - 1;
        continue;
      }
      if (!x.name() || KEYWORDS.contains(x.text())) continue;
      if (i > a && t.get(i - 1).is(".")) continue;
      if (i > 0 && t.get(i - 1).is(".") && i == a) continue;
      PyToken next = i + 1 < t.size() ? t.get(i + 1) : null;
      if (next != null && next.kind() == PyToken.Kind.OP && next.text().equals("=") && !closeAt.isEmpty()) continue;
      if (next != null && next.is(":=")) {
        bind(x.text(), stack.peek());
        continue;
      }
      boolean local = false;
      for (Set<String> s : locals) if (s.contains(x.text())) local = true;
      if (local) continue;
      use(x, importTime);
    }
  }

  private void lambdaBody(int a, int b, Set<String> params) {
    for (int i = a; i < b; i++) {
      PyToken x = t.get(i);
      if (x.is("(") || x.is("[") || x.is("{")) {
        int close = matching(t, i);
        Set<String> comp = comprehensionTargets(i + 1, Math.min(close, b));
        Set<String> p = new HashSet<>(params);
        p.addAll(comp);
        lambdaBody(i + 1, Math.min(close, b), p);
        i = Math.min(close, b);
        continue;
      }
      if (x.is("lambda")) {
        // nested lambda: its parameters are local too
        int j = i + 1;
        Set<String> p = new HashSet<>(params);
        while (j < b && !t.get(j).is(":")) {
          if (t.get(j).name()) {
            p.add(t.get(j).text());
            boundAnywhere.add(t.get(j).text());
          }
          j++;
        }
        lambdaBody(j + 1, b, p);
        return;
      }
      if (!x.name() || KEYWORDS.contains(x.text())) continue;
      if (i > a && t.get(i - 1).is(".")) continue;
      PyToken next = i + 1 < b ? t.get(i + 1) : null;
      if (next != null && next.kind() == PyToken.Kind.OP && next.text().equals("=")) continue;
      if (params.contains(x.text())) continue;
      use(x, false);
    }
  }

  private Set<String> comprehensionTargets(int a, int b) {
    Set<String> out = new HashSet<>();
    int d = 0;
    for (int i = a; i < b; i++) {
      PyToken x = t.get(i);
      if (x.is("(") || x.is("[") || x.is("{")) d++;
      else if (x.is(")") || x.is("]") || x.is("}")) d--;
      else if (d == 0 && x.is("for") && x.name()) {
        int j = i + 1;
        int dd = 0;
        while (j < b && !(dd == 0 && t.get(j).is("in"))) {
          PyToken y = t.get(j);
          if (y.is("(") || y.is("[")) dd++;
          else if (y.is(")") || y.is("]")) dd--;
          else if (y.name() && !KEYWORDS.contains(y.text())) {
            out.add(y.text());
            boundAnywhere.add(y.text());
          }
          j++;
        }
      }
    }
    return out;
  }

  private void use(PyToken x, boolean importTime) {
    List<Ctx> classes = new ArrayList<>();
    for (Ctx c : stack) {
      if (c.kind == Kind.CLASS) classes.add(c);
      if (c.kind == Kind.DEF) break;
    }
    // a use in a def (not import time) may be of that def's (or an enclosing def's) local
    if (!importTime) {
      for (Ctx c : stack) if (c.kind == Kind.DEF && c.bindings.containsKey(x.text())) return;
    }
    uses.add(new Use(x.text(), loc(x), seq, importTime, classes));
  }

  // ---------------------------------------------------------------- routes, calls, binds

  private void assignment(int ta, int tb, int va, int vb) {
    if (tb - ta == 1 && t.get(ta).name()) {
      String var = t.get(ta).text();
      PyEval.Expr e = new PyEval.Expr(t, va, vb);
      Ctx scope = scopeCtx();
      scope.assigned.put(var, e);
      String ctor = dotted(va, vb);
      if (ctor != null) {
        String simple = ctor.contains(".") ? ctor.substring(ctor.lastIndexOf('.') + 1) : ctor;
        switch (simple) {
          case "FastAPI", "APIRouter" -> {
            routers.put(var, "fastapi");
            String p = keywordValue(va, vb, "prefix");
            if (p == null && simple.equals("FastAPI")) p = keywordValue(va, vb, "root_path") == null ? "" : "";
            routerPrefix.put(var, p == null ? "" : p);
          }
          case "Flask" -> {
            routers.put(var, "flask");
            routerPrefix.put(var, "");
          }
          case "Blueprint" -> {
            routers.put(var, "flask");
            String p = keywordValue(va, vb, "url_prefix");
            routerPrefix.put(var, p == null ? "" : p);
          }
          case "Starlette" -> {
            routers.put(var, "starlette");
            routerPrefix.put(var, "");
          }
          default -> {}
        }
        if (HTTP_CLIENT_CTORS.contains(ctor) || (ctor.endsWith("Client") && ctor.startsWith("httpx."))) {
          httpClients.add(var);
          String base = keywordValue(va, vb, "base_url");
          if (base != null) clientBase.put(var, base);
        }
      }
      if (var.equals("urlpatterns")) djangoUrls(va, vb);
    } else if (tb - ta == 3 && t.get(ta).is("self") && t.get(ta + 1).is(".") && t.get(ta + 2).name()) {
      String key = "self." + t.get(ta + 2).text();
      attributes.put(key, new PyEval.Expr(t, va, vb));
      String ctor = dotted(va, vb);
      if (ctor != null && (HTTP_CLIENT_CTORS.contains(ctor) || (ctor.endsWith("Client") && ctor.startsWith("httpx.")))) {
        httpClients.add(key);
        String base = keywordValue(va, vb, "base_url");
        if (base != null) clientBase.put(key, base);
      }
    }
  }

  private Ctx scopeCtx() {
    for (Ctx c : stack) if (c.kind != Kind.BLOCK) return c;
    return module;
  }

  /** `x = urlpatterns + [...]`-style values and `urlpatterns += [...]` are rare; plain lists are read. */
  private void djangoUrls(int a, int b) {
    for (int i = a; i < b; i++) {
      PyToken x = t.get(i);
      if (!(x.is("path") || x.is("re_path") || x.is("url")) || i + 1 >= b || !t.get(i + 1).is("(")) continue;
      if (i > a && t.get(i - 1).is(".")) continue;
      List<Arg> args = args(t, i + 1);
      if (args.isEmpty()) continue;
      String p = PyEval.literal(t, args.get(0).a(), args.get(0).b());
      if (p == null) continue;
      String path = x.is("path") ? djangoPath(p) : regexPath(p);
      String owner = moduleName + ":urlpatterns";
      if (args.size() > 1 && t.get(args.get(1).a()).is("include")) {
        int open = args.get(1).a() + 1;
        List<Arg> inc = args(t, open);
        if (!inc.isEmpty()) {
          String target = PyEval.literal(t, inc.get(0).a(), inc.get(0).b());
          if (target == null) target = dotted(inc.get(0).a(), inc.get(0).b());
          if (target != null) {
            String resolved = importedAs.getOrDefault(target.split("\\.")[0], null);
            String module = resolved != null && !resolved.contains(":") ? resolved + target.substring(target.split("\\.")[0].length()) : target;
            mounts.add(new RouteMount(owner, module + ":urlpatterns", path, loc(x)));
          }
        }
      } else {
        routes.add(new Route("django", "*", path, owner, loc(x)));
      }
      i = matching(t, i + 1);
    }
  }

  private static String djangoPath(String p) {
    String s = p.replaceAll("<(?:[a-z]+:)?([A-Za-z_][A-Za-z0-9_]*)>", "{$1}");
    return s.startsWith("/") ? s : "/" + s;
  }

  private static String regexPath(String p) {
    String s = p;
    if (s.startsWith("^")) s = s.substring(1);
    if (s.endsWith("$")) s = s.substring(0, s.length() - 1);
    s = s.replaceAll("\\(\\?P<([A-Za-z_][A-Za-z0-9_]*)>[^)]*\\)", "{$1}");
    s = s.replace("\\.", ".").replace("\\/", "/");
    if (s.matches(".*[()\\[\\]*+?|].*")) s = s.replaceAll("[^/]*[()\\[\\]*+?|][^/]*", "{re}");
    return s.startsWith("/") ? s : "/" + s;
  }

  /** `@router.get("/x")`, `@app.route("/x", methods=[...])`. */
  private void decorator(int a, int b) {
    if (b - a < 4 || !t.get(a).name() || !t.get(a + 1).is(".") || !t.get(a + 2).name() || !t.get(a + 3).is("(")) {
      if (b - a >= 2 && t.get(a).name()) {
        String n = dotted(a, b);
        if (n != null && (n.endsWith("exception_handler") || n.endsWith("errorhandler"))) traits.add("error-handler");
      }
      return;
    }
    String owner = t.get(a).text();
    String m = t.get(a + 2).text();
    if (m.equals("exception_handler") || m.equals("errorhandler")) {
      traits.add("error-handler");
      return;
    }
    List<Arg> args = args(t, a + 3);
    String path = null;
    for (Arg arg : args) if (arg.keyword() == null || arg.keyword().equals("path") || arg.keyword().equals("rule")) {
      path = PyEval.literal(t, arg.a(), arg.b());
      break;
    }
    if (path == null || !(path.isEmpty() || path.startsWith("/"))) return;
    List<String> methods = new ArrayList<>();
    String framework = routers.getOrDefault(owner, "fastapi");
    if (HTTP_METHODS.contains(m)) methods.add(m.toUpperCase(Locale.ROOT));
    else if (m.equals("route") || m.equals("api_route")) {
      if (m.equals("route")) framework = routers.getOrDefault(owner, "flask");
      for (Arg arg : args) {
        if ("methods".equals(arg.keyword())) {
          for (int i = arg.a(); i < arg.b(); i++) {
            String v = PyEval.literal(t, i, i + 1);
            if (v != null) methods.add(v.toUpperCase(Locale.ROOT));
          }
        }
      }
      if (methods.isEmpty()) methods.add(m.equals("route") ? "GET" : "*");
    } else if (m.equals("websocket") || m.equals("websocket_route")) {
      methods.add("GET");
    } else {
      return;
    }
    if (!routers.containsKey(owner) && !importedAs.containsKey(owner)) {
      // a decorator on something that is neither a known app/router nor imported: still a route
      // when it looks like one (`@bp.get("/x")`)
    }
    String full = join(routerPrefix.getOrDefault(owner, ""), flaskPath(path));
    for (String method : methods) routes.add(new Route(framework, method, full, ownerId(owner), loc(t.get(a))));
  }

  private static final java.util.regex.Pattern FLASK_PATH_PARAM = java.util.regex.Pattern.compile("<path:([A-Za-z_][A-Za-z0-9_]*)>");
  private static final java.util.regex.Pattern FLASK_PARAM = java.util.regex.Pattern.compile("<(?:[a-z]+:)?([A-Za-z_][A-Za-z0-9_]*)>");

  private static String flaskPath(String p) {
    if (p.indexOf('<') < 0) return p; // no parameters: nothing to rewrite
    return FLASK_PARAM.matcher(FLASK_PATH_PARAM.matcher(p).replaceAll("{$1:path}")).replaceAll("{$1}");
  }

  private String ownerId(String var) {
    String imported = importedAs.get(var);
    if (imported != null && imported.contains(":")) return imported;
    return moduleName + ":" + var;
  }

  private void valueEffects(int ta, int tb, int va, int vb) {
    expressionEffects(va, vb);
  }

  /** Calls anywhere in an expression: include_router, register_blueprint, uvicorn.run, HTTP requests, env reads. */
  private void expressionEffects(int a, int b) {
    for (int i = a; i < b; i++) {
      PyToken x = t.get(i);
      if (!x.name()) continue;
      if (i > a && t.get(i - 1).is(".")) continue;
      // dotted receiver chain
      int j = i;
      List<String> parts = new ArrayList<>();
      parts.add(x.text());
      while (j + 2 < b && t.get(j + 1).is(".") && t.get(j + 2).name()) {
        parts.add(t.get(j + 2).text());
        j += 2;
      }
      String full = String.join(".", parts);
      if (full.startsWith("os.environ") || full.equals("os.getenv") || full.equals("getenv") || full.startsWith("environ.")) {
        traits.add("reads-env");
      }
      if (j + 1 >= b || !t.get(j + 1).is("(")) continue;
      int open = j + 1;
      String method = parts.get(parts.size() - 1);
      String receiver = parts.size() > 1 ? String.join(".", parts.subList(0, parts.size() - 1)) : null;
      switch (method) {
        case "include_router", "register_blueprint" -> {
          List<Arg> args = args(t, open);
          if (!args.isEmpty() && receiver != null) pendingMounts.add(new Object[] {receiver, args, loc(x), method});
        }
        case "add_api_route", "add_url_rule" -> {
          List<Arg> args = args(t, open);
          if (!args.isEmpty() && receiver != null) {
            String p = PyEval.literal(t, args.get(0).a(), args.get(0).b());
            if (p != null) {
              List<String> ms = new ArrayList<>();
              for (Arg arg : args) if ("methods".equals(arg.keyword())) {
                for (int q = arg.a(); q < arg.b(); q++) {
                  String v = PyEval.literal(t, q, q + 1);
                  if (v != null) ms.add(v.toUpperCase(Locale.ROOT));
                }
              }
              if (ms.isEmpty()) ms.add(method.equals("add_url_rule") ? "GET" : "*");
              for (String mm : ms) {
                routes.add(new Route(routers.getOrDefault(receiver, "fastapi"), mm,
                    join(routerPrefix.getOrDefault(receiver, ""), flaskPath(p)), ownerId(receiver), loc(x)));
              }
            }
          }
        }
        case "add_exception_handler", "register_error_handler" -> traits.add("error-handler");
        case "dictConfig", "fileConfig" -> traits.add("logging-config");
        case "run" -> {
          if ("uvicorn".equals(receiver) || "web".equals(receiver) || "aiohttp.web".equals(receiver)
              || (receiver != null && routers.containsKey(receiver))) {
            pendingBinds.add(new Object[] {receiver, open, snapshotLocals(), loc(x)});
          }
        }
        case "run_app" -> pendingBinds.add(new Object[] {"web", open, snapshotLocals(), loc(x)});
        default -> {
          if (receiver != null && (HTTP_METHODS.contains(method) || method.equals("request") || method.equals("stream"))) {
            boolean client = receiver.equals("httpx") || receiver.equals("requests") || httpClients.contains(receiver)
                || (importedAs.containsKey(receiver) && (importedAs.get(receiver).startsWith("httpx") || importedAs.get(receiver).startsWith("requests")));
            if (client) pendingCalls.add(new PendingCall(receiver, method, open, snapshotLocals(), loc(x)));
          }
        }
      }
    }
  }

  private Map<String, PyEval.Expr> snapshotLocals() {
    Map<String, PyEval.Expr> m = new LinkedHashMap<>();
    List<Ctx> defs = new ArrayList<>();
    for (Ctx c : stack) if (c.kind == Kind.DEF) defs.add(0, c);
    for (Ctx c : defs) m.putAll(c.assigned);
    return m;
  }

  private PyEval evaluator(Map<String, PyEval.Expr> locals) {
    return new PyEval(new PyEval.Scope() {
      @Override
      public PyEval.Expr lookup(String name) {
        if (locals.containsKey(name)) return locals.get(name);
        if (attributes.containsKey(name)) return attributes.get(name);
        return module.assigned.get(name);
      }

      @Override
      public PyEval.Expr settingsField(String attr) {
        return settingsFields.get(attr);
      }
    });
  }

  private List<HttpCall> resolveCalls() {
    List<HttpCall> out = new ArrayList<>();
    for (PendingCall c : pendingCalls) {
      List<Arg> args = args(t, c.open());
      String method = c.method().toUpperCase(Locale.ROOT);
      Arg urlArg = null;
      int pos = 0;
      for (Arg a : args) {
        if (a.keyword() == null) {
          if ((c.method().equals("request") || c.method().equals("stream")) && pos == 0) {
            String m = PyEval.literal(t, a.a(), a.b());
            method = m == null ? "*" : m.toUpperCase(Locale.ROOT);
          } else if (urlArg == null) {
            urlArg = a;
          }
          pos++;
        } else if (a.keyword().equals("url")) {
          urlArg = a;
        } else if (a.keyword().equals("method")) {
          String m = PyEval.literal(t, a.a(), a.b());
          method = m == null ? "*" : m.toUpperCase(Locale.ROOT);
        }
      }
      if (urlArg == null) continue;
      PyEval ev = evaluator(c.locals());
      String url = ev.eval(t, urlArg.a(), urlArg.b());
      String base = clientBase.get(c.receiver());
      if (base != null && !url.contains("://") && !url.startsWith("${")) {
        String b = evaluator(c.locals()).eval(PyTokenizer.tokenize(base), 0, 0);
        b = evalText(base, c.locals());
        url = b.endsWith("/") && url.startsWith("/") ? b + url.substring(1) : b + url;
      }
      String lib = c.receiver().equals("requests") || c.receiver().equals("httpx") ? c.receiver()
          : importedAs.getOrDefault(c.receiver(), "client");
      out.add(new HttpCall(lib.contains(":") ? lib.substring(0, lib.indexOf(':')) : lib, method, url, c.at()));
    }
    return out;
  }

  private String evalText(String src, Map<String, PyEval.Expr> locals) {
    List<PyToken> toks = PyTokenizer.tokenize(src);
    int n = toks.size();
    while (n > 0 && toks.get(n - 1).kind() != PyToken.Kind.NAME && toks.get(n - 1).kind() != PyToken.Kind.STRING
        && toks.get(n - 1).kind() != PyToken.Kind.OP && toks.get(n - 1).kind() != PyToken.Kind.NUMBER) n--;
    return evaluator(locals).eval(toks, 0, n);
  }

  private List<BindAddress> resolveBinds() {
    List<BindAddress> out = new ArrayList<>();
    for (Object[] p : pendingBinds) {
      String receiver = (String) p[0];
      int open = (Integer) p[1];
      @SuppressWarnings("unchecked")
      Map<String, PyEval.Expr> locals = (Map<String, PyEval.Expr>) p[2];
      SourceLocation at = (SourceLocation) p[3];
      String host = null;
      String port = null;
      PyEval ev = evaluator(locals);
      List<Arg> args = args(t, open);
      int positional = 0;
      for (Arg a : args) {
        if ("host".equals(a.keyword())) host = ev.eval(t, a.a(), a.b());
        else if ("port".equals(a.keyword())) port = numberOrEval(a, ev);
        else if (a.keyword() == null) {
          positional++;
          // app.run(host, port) for Flask; uvicorn.run(app, host, port)
          boolean flask = routers.containsKey(receiver);
          int hostPos = flask ? 1 : 2;
          if (positional == hostPos) host = ev.eval(t, a.a(), a.b());
          if (positional == hostPos + 1) port = numberOrEval(a, ev);
        }
      }
      String library;
      String def;
      if ("uvicorn".equals(receiver)) {
        library = "uvicorn";
        def = "127.0.0.1";
      } else if ("web".equals(receiver) || "aiohttp.web".equals(receiver)) {
        library = "aiohttp";
        def = "0.0.0.0";
      } else {
        library = routers.getOrDefault(receiver, "flask");
        def = "127.0.0.1";
      }
      out.add(new BindAddress(library, host, port, def, at));
    }
    return out;
  }

  private String numberOrEval(Arg a, PyEval ev) {
    if (a.b() - a.a() == 1 && t.get(a.a()).kind() == PyToken.Kind.NUMBER) return t.get(a.a()).text();
    return ev.eval(t, a.a(), a.b());
  }

  private List<RouteMount> resolveMounts() {
    List<RouteMount> out = new ArrayList<>(mounts);
    PyEval ev = evaluator(Map.of());
    for (Object[] p : pendingMounts) {
      String parent = (String) p[0];
      @SuppressWarnings("unchecked")
      List<Arg> args = (List<Arg>) p[1];
      SourceLocation at = (SourceLocation) p[2];
      String prefixKey = p[3].equals("register_blueprint") ? "url_prefix" : "prefix";
      Arg child = args.get(0);
      String childRef = dotted(child.a(), child.b());
      if (childRef == null) continue;
      String prefix = "";
      for (Arg a : args) if (prefixKey.equals(a.keyword())) prefix = ev.eval(t, a.a(), a.b());
      String childId;
      if (childRef.contains(".")) {
        // module.router: the module was imported
        String head = childRef.substring(0, childRef.lastIndexOf('.'));
        String var = childRef.substring(childRef.lastIndexOf('.') + 1);
        String first = head.split("\\.")[0];
        String imported = importedAs.get(first);
        String mod;
        if (imported == null) mod = head;
        else if (imported.contains(":")) mod = imported.replace(':', '.') + head.substring(first.length());
        else mod = imported + head.substring(first.length());
        childId = mod + ":" + var;
      } else {
        childId = ownerId(childRef);
      }
      out.add(new RouteMount(ownerId(parent), childId, prefix, at));
    }
    return out;
  }

  private Set<String> computeTraits() {
    for (ImportRef i : imports) {
      String top = i.topLevel();
      switch (top) {
        case "structlog", "pythonjsonlogger", "json_log_formatter", "ecs_logging", "loguru", "logstash", "logging_loki" ->
            traits.add("structured-logging");
        case "logging" -> traits.add("logging");
        case "prometheus_client", "prometheus_fastapi_instrumentator", "starlette_exporter", "aioprometheus",
            "django_prometheus", "prometheus_flask_exporter", "statsd", "datadog" -> traits.add("metrics");
        case "opentelemetry" -> traits.add("tracing");
        case "sentry_sdk" -> traits.add("error-reporting");
        case "pydantic_settings", "decouple", "environ", "dotenv" -> traits.add("reads-env");
        default -> {}
      }
      if (i.module().equals("logging.config")) traits.add("logging-config");
      if (i.module().equals("pydantic") && i.names().stream().anyMatch(n -> n.name().equals("BaseSettings"))) traits.add("reads-env");
    }
    if (!settingsFields.isEmpty()) traits.add("reads-env");
    return traits;
  }

  private List<NameProblem> nameProblems() {
    List<NameProblem> out = new ArrayList<>();
    Set<String> reported = new HashSet<>();
    for (Use u : uses) {
      String n = u.name();
      if (Knowledge.isBuiltin(n)) continue;
      if (!boundAnywhere.contains(n)) {
        if (starImport) continue;
        if (reported.add("U:" + n)) out.add(new NameProblem(n, NameProblem.Kind.UNDEFINED, u.at(), null));
        continue;
      }
      if (!u.importTime() || globalDeclared.contains(n)) continue;
      boolean ok = false;
      for (Ctx c : u.classScopes()) {
        Integer s = c.bindings.get(n);
        if (s != null && s < u.seq()) ok = true;
      }
      Integer m = module.bindings.get(n);
      if (m == null || m < u.seq()) ok = true;
      if (ok) continue;
      if (reported.add("B:" + n)) {
        out.add(new NameProblem(n, NameProblem.Kind.USED_BEFORE_DEFINITION, u.at(), definitionOf(n)));
      }
    }
    return out;
  }

  private SourceLocation definitionOf(String name) {
    // the module-level def/class/assignment of name: first token of that name at column 1..n after def/class or as a target
    for (int i = 0; i < t.size(); i++) {
      PyToken x = t.get(i);
      if (x.name() && x.text().equals(name) && i > 0 && (t.get(i - 1).is("def") || t.get(i - 1).is("class"))) return loc(x);
    }
    for (int i = 0; i < t.size(); i++) {
      PyToken x = t.get(i);
      if (x.name() && x.text().equals(name) && x.col() == 1 && i + 1 < t.size() && t.get(i + 1).is("=")) return loc(x);
    }
    return SourceLocation.UNKNOWN;
  }

  private SourceFile result() {
    List<HttpCall> calls = resolveCalls();
    List<BindAddress> binds = resolveBinds();
    List<RouteMount> allMounts = resolveMounts();
    List<NameProblem> problems = nameProblems();
    return new SourceFile(file, imagePath, "python", List.copyOf(imports), List.copyOf(routes), List.copyOf(allMounts),
        List.copyOf(calls), List.copyOf(binds), List.copyOf(problems), Set.copyOf(computeTraits()));
  }

  // ---------------------------------------------------------------- token helpers

  static int matching(List<PyToken> t, int open) {
    int d = 0;
    for (int i = open; i < t.size(); i++) {
      PyToken x = t.get(i);
      if (x.kind() != PyToken.Kind.OP) continue;
      if (x.is("(") || x.is("[") || x.is("{")) d++;
      else if (x.is(")") || x.is("]") || x.is("}")) {
        d--;
        if (d == 0) return i;
      }
    }
    return t.size() - 1;
  }

  /** The arguments of the call whose '(' is at {@code open}. */
  static List<Arg> args(List<PyToken> t, int open) {
    int close = matching(t, open);
    List<Arg> out = new ArrayList<>();
    int s = open + 1;
    int d = 0;
    for (int i = open + 1; i <= close; i++) {
      PyToken x = t.get(i);
      if (i < close && (x.is("(") || x.is("[") || x.is("{"))) d++;
      else if (i < close && (x.is(")") || x.is("]") || x.is("}"))) d--;
      else if (i == close || (d == 0 && x.is(","))) {
        if (i > s) {
          if (i - s >= 2 && t.get(s).name() && t.get(s + 1).kind() == PyToken.Kind.OP && t.get(s + 1).text().equals("=")) {
            out.add(new Arg(t.get(s).text(), s + 2, i));
          } else if (!t.get(s).is("*") && !t.get(s).is("**")) {
            out.add(new Arg(null, s, i));
          }
        }
        s = i + 1;
      }
    }
    return out;
  }

  /** The dotted name a range starts with when it is a call or a name: `httpx.AsyncClient(...)` gives httpx.AsyncClient. */
  private String dotted(int a, int b) {
    if (a >= b || !t.get(a).name()) return null;
    int i = a;
    if (t.get(i).is("await")) i++;
    if (i >= b || !t.get(i).name()) return null;
    StringBuilder sb = new StringBuilder(t.get(i).text());
    while (i + 2 < b && t.get(i + 1).is(".") && t.get(i + 2).name()) {
      sb.append('.').append(t.get(i + 2).text());
      i += 2;
    }
    if (i + 1 == b || t.get(i + 1).is("(")) return sb.toString();
    return null;
  }

  /** The source text of a keyword argument of the call starting the range. */
  private String keywordValue(int a, int b, String keyword) {
    int open = -1;
    for (int i = a; i < b; i++) if (t.get(i).is("(")) {
      open = i;
      break;
    }
    if (open < 0) return null;
    for (Arg arg : args(t, open)) {
      if (keyword.equals(arg.keyword())) {
        if (keyword.equals("base_url")) return text(arg.a(), arg.b());
        String lit = PyEval.literal(t, arg.a(), arg.b());
        return lit != null ? lit : evaluator(Map.of()).eval(t, arg.a(), arg.b());
      }
    }
    return null;
  }

  private String text(int a, int b) {
    StringBuilder sb = new StringBuilder();
    for (int i = a; i < b; i++) {
      if (i > a) sb.append(' ');
      sb.append(t.get(i).text());
    }
    return sb.toString();
  }

  private int find(int a, int b, String word) {
    int d = 0;
    for (int i = a; i < b; i++) {
      PyToken x = t.get(i);
      if (x.is("(") || x.is("[") || x.is("{")) d++;
      else if (x.is(")") || x.is("]") || x.is("}")) d--;
      else if (d == 0 && x.is(word)) return i;
    }
    return -1;
  }

  static String join(String prefix, String path) {
    String p = prefix == null ? "" : prefix;
    if (p.endsWith("/") && path.startsWith("/")) return p + path.substring(1);
    if (!p.isEmpty() && !path.isEmpty() && !p.endsWith("/") && !path.startsWith("/")) return p + "/" + path;
    String r = p + path;
    return r.isEmpty() ? "/" : r;
  }

  private SourceLocation loc(PyToken x) {
    return new SourceLocation(file, x.line(), x.col());
  }
}
