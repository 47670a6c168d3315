package dev.flotilla.diagnose;

import dev.flotilla.model.Category;
import dev.flotilla.model.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The failure-signature catalogue, loaded from a data file (by default the built-in
 * {@code flotilla/signatures.yaml}) and checked on load: unique ids, valid codes, compilable
 * patterns, placeholders that name real groups, a keyword for every pattern.
 */
public final class Catalogue {
  public static final String RESOURCE = "/flotilla/signatures.yaml";
  static final Pattern CODE = Pattern.compile("(BLD|HLT|PRT|DEP|CFG|SEC|COD|RES|PRF)\\d{3}");
  private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

  private final List<Signature> signatures;
  private final Map<String, String> rules;

  private Catalogue(List<Signature> signatures, Map<String, String> rules) {
    this.signatures = List.copyOf(signatures);
    this.rules = Collections.unmodifiableMap(rules);
  }

  private static volatile Catalogue builtIn;

  /** The catalogue shipped with Flotilla (loaded once). */
  public static Catalogue builtIn() {
    Catalogue c = builtIn;
    if (c == null) {
      synchronized (Catalogue.class) {
        c = builtIn;
        if (c == null) {
          try (InputStream in = Catalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
            c = parse(in, "signatures.yaml");
          } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
          }
          builtIn = c;
        }
      }
    }
    return c;
  }

  public List<Signature> signatures() {
    return signatures;
  }

  /** Static rule codes of {@code flotilla check} with their titles, as the catalogue lists them. */
  public Map<String, String> rules() {
    return rules;
  }

  public Signature byId(String id) {
    for (Signature s : signatures) if (s.id().equals(id)) return s;
    return null;
  }

  /**
   * Parses a catalogue. Errors name the entry and field: the file is data a contributor edits,
   * and a mistake must say where it is.
   */
  @SuppressWarnings("unchecked")
  public static Catalogue parse(InputStream in, String name) {
    Object root = new Load(LoadSettings.builder().setLabel(name).build()).loadFromInputStream(in);
    if (!(root instanceof Map<?, ?> top)) throw new IllegalArgumentException(name + ": expected a mapping at the top");
    Map<String, String> rules = new LinkedHashMap<>();
    Object r = top.get("rules");
    if (r instanceof Map<?, ?> rm) rm.forEach((k, v) -> rules.put(String.valueOf(k), String.valueOf(v)));
    for (String code : rules.keySet()) {
      if (!CODE.matcher(code).matches()) throw new IllegalArgumentException(name + ": rules: bad code " + code);
    }
    Object list = top.get("signatures");
    if (!(list instanceof List<?> entries)) throw new IllegalArgumentException(name + ": expected a 'signatures' list");
    List<Signature> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int index = 0;
    for (Object o : entries) {
      index++;
      if (!(o instanceof Map<?, ?> e)) throw new IllegalArgumentException(name + ": signature #" + index + " is not a mapping");
      Signature s = signature((Map<String, Object>) e, name + ": signature #" + index, rules);
      if (!ids.add(s.id())) throw new IllegalArgumentException(name + ": duplicate signature id " + s.id());
      out.add(s);
    }
    return new Catalogue(out, rules);
  }

  @SuppressWarnings("unchecked")
  private static Signature signature(Map<String, Object> e, String where, Map<String, String> rules) {
    String id = str(e, "id", where, true);
    where = where + " (" + id + ")";
    String title = str(e, "title", where, true);
    Object m = e.get("match");
    if (!(m instanceof Map<?, ?>)) throw new IllegalArgumentException(where + ": 'match' must be a mapping");
    Map<String, Object> match = (Map<String, Object>) m;
    Pattern line = pattern(match, "line", where);
    Pattern engine = pattern(match, "engine", where);
    List<String> keywords = new ArrayList<>();
    Object kw = match.get("keywords");
    if (kw instanceof List<?> kl) for (Object k : kl) keywords.add(String.valueOf(k));
    else if (kw != null) keywords.add(String.valueOf(kw));
    for (String k : keywords) {
      if (k.isEmpty()) throw new IllegalArgumentException(where + ": empty keyword");
      for (char c : k.toCharArray()) {
        if (c >= 128) throw new IllegalArgumentException(where + ": keyword '" + k + "' must be ASCII");
      }
    }
    if ((line != null || engine != null) && keywords.isEmpty()) {
      throw new IllegalArgumentException(where + ": a pattern needs at least one literal in 'keywords'");
    }
    Set<Integer> exits = new LinkedHashSet<>();
    Object ex = match.get("exit");
    if (ex instanceof List<?> el) for (Object x : el) exits.add(((Number) x).intValue());
    else if (ex instanceof Number n) exits.add(n.intValue());
    Boolean oom = match.get("oom") == null ? null : (Boolean) match.get("oom");
    if (line == null && engine == null && exits.isEmpty() && oom == null) {
      throw new IllegalArgumentException(where + ": 'match' needs line, engine, exit or oom");
    }
    Signature.Condition when;
    try {
      when = Signature.Condition.parse((String) match.get("when"));
    } catch (IllegalArgumentException x) {
      throw new IllegalArgumentException(where + ": unknown 'when: " + match.get("when") + "'");
    }
    Set<String> groups = new HashSet<>();
    for (Pattern p : new Pattern[] {line, engine}) {
      if (p == null) continue;
      Matcher gm = GROUP_NAME.matcher(p.pattern());
      while (gm.find()) groups.add(gm.group(1));
    }
    String needed = switch (when) {
      case SIBLING_MODULE, NOT_SIBLING_MODULE -> "module";
      case LOCAL_HOST, REMOTE_HOST -> "host";
      case NONE -> null;
    };
    if (needed != null && !groups.contains(needed)) {
      throw new IllegalArgumentException(where + ": 'when' needs a named group (?<" + needed + ">…) in the pattern");
    }
    String code = str(e, "code", where, true);
    if (!CODE.matcher(code).matches()) throw new IllegalArgumentException(where + ": bad code " + code);
    Category category;
    Severity severity;
    try {
      category = Category.parse(str(e, "category", where, true));
      severity = Severity.parse(str(e, "severity", where, true));
    } catch (IllegalArgumentException x) {
      throw new IllegalArgumentException(where + ": " + x.getMessage());
    }
    String cause = str(e, "cause", where, true).strip();
    String fix = str(e, "fix", where, true).strip();
    for (String text : List.of(cause, fix, title)) {
      Matcher pm = Signature.PLACEHOLDER.matcher(text);
      while (pm.find()) {
        if (!groups.contains(pm.group(1))) {
          throw new IllegalArgumentException(where + ": placeholder {" + pm.group(1) + "} names no group of the pattern");
        }
      }
    }
    String rule = e.containsKey("rule") ? (String) e.get("rule") : code;
    boolean runtimeOnly = Integer.parseInt(code.substring(3)) >= 900;
    if (runtimeOnly && e.containsKey("rule") == false) rule = null;
    if (rule != null) {
      if (!rules.containsKey(rule)) {
        throw new IllegalArgumentException(where + ": rule " + rule + " is not a static rule listed under 'rules'");
      }
    }
    if (!runtimeOnly && !rules.containsKey(code)) {
      throw new IllegalArgumentException(where + ": code " + code + " is neither a static rule under 'rules' nor a runtime code (9xx)");
    }
    int priority = e.get("priority") == null ? 50 : ((Number) e.get("priority")).intValue();
    return new Signature(id, title, List.copyOf(keywords), line, engine, Set.copyOf(exits), oom, when,
        code, category, severity, cause, fix, rule, priority);
  }

  private static Pattern pattern(Map<String, Object> match, String key, String where) {
    Object v = match.get(key);
    if (v == null) return null;
    String text = String.valueOf(v).strip();
    try {
      return Pattern.compile(text);
    } catch (PatternSyntaxException x) {
      throw new IllegalArgumentException(where + ": match." + key + " is not a valid regex: " + x.getDescription());
    }
  }

  private static String str(Map<String, Object> e, String key, String where, boolean required) {
    Object v = e.get(key);
    if (v == null) {
      if (required) throw new IllegalArgumentException(where + ": missing '" + key + "'");
      return null;
    }
    return String.valueOf(v);
  }
}
