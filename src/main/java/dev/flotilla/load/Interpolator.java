package dev.flotilla.load;

import dev.flotilla.model.LoadWarning;
import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.UserError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Compose variable substitution in values (never keys): {@code $VAR}, {@code ${VAR}},
 * {@code ${VAR:-d}}, {@code ${VAR-d}}, {@code ${VAR:?e}}, {@code ${VAR?e}}, {@code ${VAR:+a}},
 * {@code ${VAR+a}}, nested defaults, and {@code $$} for a literal dollar. An unset variable
 * without a default becomes "" and a warning naming file:line.
 */
public final class Interpolator {
  private final Function<String, String> lookup;
  private final List<LoadWarning> warnings;
  private final List<Loader.VariableUse> uses;

  public Interpolator(Map<String, String> variables, List<LoadWarning> warnings) {
    this(variables::get, warnings, null);
  }

  public Interpolator(Function<String, String> lookup, List<LoadWarning> warnings) {
    this(lookup, warnings, null);
  }

  /** {@code uses}, when not null, collects every variable reference (for config --variables). */
  public Interpolator(Function<String, String> lookup, List<LoadWarning> warnings, List<Loader.VariableUse> uses) {
    this.lookup = lookup;
    this.warnings = warnings;
    this.uses = uses;
  }

  private void use(String name, boolean required, String def, String alt) {
    if (uses != null) uses.add(new Loader.VariableUse(name, required, def, alt));
  }

  /** Substitutes every variable in {@code text}; {@code at} and {@code key} make errors point at the value. */
  public String interpolate(String text, SourceLocation at, String key) {
    if (text.indexOf('$') < 0) return text;
    return substitute(text, at, key);
  }

  private String substitute(String s, SourceLocation at, String key) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != '$' || i + 1 >= s.length()) {
        out.append(c);
        i++;
        continue;
      }
      char n = s.charAt(i + 1);
      if (n == '$') {
        out.append('$');
        i += 2;
      } else if (isNameStart(n)) {
        int j = i + 1;
        while (j < s.length() && isNamePart(s.charAt(j))) j++;
        use(s.substring(i + 1, j), false, null, null);
        out.append(value(s.substring(i + 1, j), at, key));
        i = j;
      } else if (n == '{') {
        int close = matchingBrace(s, i + 1);
        if (close < 0) throw invalid(s, at, key);
        out.append(braced(s.substring(i + 2, close), s, at, key));
        i = close + 1;
      } else {
        out.append(c); // a lone '$' stays literal, as in Docker Compose v2
        i++;
      }
    }
    return out.toString();
  }

  private String braced(String body, String whole, SourceLocation at, String key) {
    int j = 0;
    if (body.isEmpty() || !isNameStart(body.charAt(0))) throw invalid(whole, at, key);
    while (j < body.length() && isNamePart(body.charAt(j))) j++;
    String name = body.substring(0, j);
    if (j == body.length()) {
      use(name, false, null, null);
      return value(name, at, key);
    }
    String rest = body.substring(j);
    boolean colon = rest.startsWith(":");
    String opRest = colon ? rest.substring(1) : rest;
    if (opRest.isEmpty()) throw invalid(whole, at, key);
    char op = opRest.charAt(0);
    String arg = opRest.substring(1);
    use(name, op == '?', op == '-' ? arg : null, op == '+' ? arg : null);
    String v = lookup.apply(name);
    boolean set = v != null;
    boolean setNonEmpty = set && !v.isEmpty();
    boolean present = colon ? setNonEmpty : set;
    switch (op) {
      case '-':
        return present ? v : substitute(arg, at, key);
      case '+':
        return present ? substitute(arg, at, key) : "";
      case '?':
        if (present) return v;
        String msg = substitute(arg, at, key);
        throw UserError.input(
            at,
            "required variable " + name + " is missing a value" + (msg.isEmpty() ? "" : ": " + msg) + " (in " + key + "; set it in the environment or .env)");
      default:
        throw invalid(whole, at, key);
    }
  }

  private String value(String name, SourceLocation at, String key) {
    String v = lookup.apply(name);
    if (v != null) return v;
    if (warnings != null) {
      warnings.add(new LoadWarning("the \"" + name + "\" variable is not set; defaulting to a blank string (in " + key + ")", at));
    }
    return "";
  }

  private static int matchingBrace(String s, int open) {
    int depth = 0;
    for (int k = open; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c == '$' && k + 1 < s.length() && s.charAt(k + 1) == '$') {
        k++;
      } else if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
        if (depth == 0) return k;
      }
    }
    return -1;
  }

  private static UserError invalid(String s, SourceLocation at, String key) {
    return UserError.input(at, "invalid interpolation format in " + key + ": \"" + s + "\" (use $$ for a literal $)");
  }

  static boolean isNameStart(char c) {
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean isNamePart(char c) {
    return isNameStart(c) || (c >= '0' && c <= '9');
  }

  /** Interpolates every scalar value of a tree; keys are left alone. Plain scalars are re-typed. */
  public YNode apply(YNode n, String path) {
    if (n instanceof YNode.Scalar s) {
      if (s.kind() != YNode.Scalar.Kind.STRING || s.value().indexOf('$') < 0) return s;
      String v = interpolate(s.value(), s.location(), path);
      YNode.Scalar.Kind kind = s.quoted() ? YNode.Scalar.Kind.STRING : YamlReader.resolvePlain(v);
      if (kind == YNode.Scalar.Kind.NULL && !v.isEmpty()) kind = YNode.Scalar.Kind.STRING;
      if (v.isEmpty()) kind = YNode.Scalar.Kind.STRING;
      return new YNode.Scalar(v, kind, s.quoted(), s.location(), s.tag());
    }
    // unchanged subtrees are returned as they are: most of a compose file has no '$'
    if (n instanceof YNode.Seq q) {
      List<YNode> items = new ArrayList<>(q.items().size());
      boolean changed = false;
      for (int i = 0; i < q.items().size(); i++) {
        YNode before = q.items().get(i);
        YNode after = apply(before, path + "[" + i + "]");
        changed |= after != before;
        items.add(after);
      }
      return changed ? new YNode.Seq(items, q.location(), q.tag()) : q;
    }
    YNode.Map m = (YNode.Map) n;
    LinkedHashMap<String, YNode.Entry> out = new LinkedHashMap<>();
    boolean changed = false;
    for (YNode.Entry e : m.entries().values()) {
      YNode after = apply(e.value(), path.isEmpty() ? e.key() : path + "." + e.key());
      changed |= after != e.value();
      out.put(e.key(), after == e.value() ? e : new YNode.Entry(e.key(), e.keyLocation(), after));
    }
    return changed ? new YNode.Map(out, m.location(), m.tag()) : m;
  }
}
