package dev.flotilla.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.model.Dockerfile;
import dev.flotilla.model.Instruction;
import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.Stage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compact Dockerfile parser with line numbers (see docs/decisions/0001): parser directives
 * ({@code # syntax}, {@code # escape}, {@code # check}), line continuations with comment and empty
 * lines inside them, heredocs ({@code <<EOF}, {@code <<-EOF}, quoted delimiters), JSON and shell
 * forms, flags, {@code ARG}/{@code ENV} substitution where Docker does it, and build stages.
 * It is lenient: an unknown instruction is kept as written, for rules to report.
 */
public final class DockerfileParser {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LEADING_TABS = Pattern.compile("^\t+");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Pattern BRACED = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])(.*))?", Pattern.DOTALL);
  private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*$");
  private static final Pattern HEREDOC = Pattern.compile("<<(-?)(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\\2");
  private static final Set<String> JSON_CAPABLE = Set.of("RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME", "HEALTHCHECK");
  private static final Set<String> HEREDOC_CAPABLE = Set.of("RUN", "COPY", "ADD");
  /** Instructions whose arguments Docker expands with ARG/ENV values at build time. */
  private static final Set<String> EXPANDED = Set.of("ADD", "COPY", "ENV", "EXPOSE", "FROM", "LABEL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR", "ARG");

  private DockerfileParser() {}

  public static Dockerfile parse(Path file) {
    return parse(file, YamlReader.readText(file), Map.of());
  }

  /** Parses {@code text}; {@code buildArgs} (compose {@code build.args}) override ARG defaults. */
  public static Dockerfile parse(Path file, String text, Map<String, String> buildArgs) {
    String[] lines = YamlReader.LINES.split(text, -1);
    Map<String, String> directives = new LinkedHashMap<>();
    int i = 0;
    for (; i < lines.length; i++) {
      Matcher m = DIRECTIVE.matcher(lines[i].strip());
      if (!m.matches()) break;
      String k = m.group(1).toLowerCase(Locale.ROOT);
      if (directives.containsKey(k)) break;
      directives.put(k, m.group(2));
    }
    char escape = "`".equals(directives.get("escape")) ? '`' : '\\';
    List<Instruction> out = new ArrayList<>();
    while (i < lines.length) {
      String line = lines[i];
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        i++;
        continue;
      }
      int start = i;
      StringBuilder logical = new StringBuilder();
      String cur = line;
      while (true) {
        String stripped = stripContinuation(cur, escape);
        if (stripped == null) {
          logical.append(cur);
          break;
        }
        logical.append(stripped);
        i++;
        // comment and empty lines inside a continuation are dropped, as Docker does
        while (i < lines.length && (lines[i].strip().startsWith("#") || lines[i].isBlank())) i++;
        if (i >= lines.length) break;
        cur = lines[i];
      }
      int end = i;
      i++;
      String full = logical.toString().strip();
      int sp = indexOfSpace(full);
      String keyword = (sp < 0 ? full : full.substring(0, sp)).toUpperCase(Locale.ROOT);
      String rest = sp < 0 ? "" : full.substring(sp).strip();
      List<Instruction.Heredoc> heredocs = new ArrayList<>();
      if (HEREDOC_CAPABLE.contains(keyword) && !rest.startsWith("[")) {
        Matcher hm = HEREDOC.matcher(rest);
        while (hm.find()) {
          boolean dash = !hm.group(1).isEmpty();
          String delim = hm.group(3);
          int bodyStart = i;
          StringBuilder body = new StringBuilder();
          while (i < lines.length) {
            String bl = dash ? LEADING_TABS.matcher(lines[i]).replaceFirst("") : lines[i];
            if (bl.equals(delim)) break;
            body.append(bl).append('\n');
            i++;
          }
          heredocs.add(new Instruction.Heredoc(delim, body.toString(), bodyStart + 1));
          end = Math.min(i, lines.length - 1);
          i++;
        }
      }
      out.add(build(file, keyword, rest, heredocs, start + 1, end + 1));
    }
    List<Instruction> expanded = substitute(out, buildArgs, escape);
    return new Dockerfile(file, directives, expanded, stages(expanded));
  }

  private static String stripContinuation(String line, char escape) {
    int k = line.length() - 1;
    while (k >= 0 && (line.charAt(k) == ' ' || line.charAt(k) == '\t')) k--;
    if (k >= 0 && line.charAt(k) == escape) return line.substring(0, k);
    return null;
  }

  private static int indexOfSpace(String s) {
    for (int k = 0; k < s.length(); k++) if (Character.isWhitespace(s.charAt(k))) return k;
    return -1;
  }

  private static Instruction build(Path file, String keyword, String rest, List<Instruction.Heredoc> heredocs, int line, int endLine) {
    Map<String, String> flags = new LinkedHashMap<>();
    String body = rest;
    if (!keyword.equals("ONBUILD")) {
      while (body.startsWith("--")) {
        int sp = indexOfSpace(body);
        String flag = sp < 0 ? body : body.substring(0, sp);
        body = sp < 0 ? "" : body.substring(sp).stripLeading();
        int eq = flag.indexOf('=');
        String name = (eq < 0 ? flag.substring(2) : flag.substring(2, eq)).toLowerCase(Locale.ROOT);
        String value = eq < 0 ? "true" : unquote(flag.substring(eq + 1));
        flags.merge(name, value, (a, b) -> a + "\n" + b);
      }
    }
    List<String> args = new ArrayList<>();
    boolean json = false;
    String forJson = body;
    if (keyword.equals("HEALTHCHECK") && body.toUpperCase(Locale.ROOT).startsWith("CMD")) {
      args.add("CMD");
      forJson = body.substring(3).strip();
    }
    if (JSON_CAPABLE.contains(keyword) && forJson.startsWith("[")) {
      try {
        JsonNode n = JSON.readTree(forJson);
        if (n.isArray()) {
          List<String> items = new ArrayList<>();
          boolean allText = true;
          for (JsonNode e : n) {
            if (!e.isTextual()) allText = false;
            items.add(e.asText());
          }
          if (allText) {
            args.addAll(items);
            json = true;
          }
        }
      } catch (Exception e) {
        // not valid JSON: Docker treats it as shell form
      }
    }
    if (!json) {
      args.clear();
      if (keyword.equals("ENV") || keyword.equals("LABEL") || keyword.equals("ARG")) {
        args.addAll(keyValues(body, keyword.equals("ARG")));
      } else {
        for (String w : WHITESPACE.split(body)) if (!w.isEmpty()) args.add(w);
      }
    }
    return new Instruction(keyword, flags, args, json, rest, List.copyOf(heredocs), new SourceLocation(file, line, 1), endLine);
  }

  /** {@code ENV a=1 b="x y"} → [a=1, b="x y"] (quotes kept until expansion); legacy {@code ENV a x y} → [a=x y]. */
  static List<String> keyValues(String body, boolean arg) {
    List<String> words = quotedWords(body);
    List<String> out = new ArrayList<>();
    if (words.isEmpty()) return out;
    if (!arg && !words.get(0).contains("=")) {
      int sp = indexOfSpace(body);
      out.add(words.get(0) + "=" + (sp < 0 ? "" : body.substring(sp).strip()));
      return out;
    }
    out.addAll(words);
    return out;
  }

  /** Splits on whitespace outside quotes, keeping the quotes. */
  static List<String> quotedWords(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char q = 0;
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (q != 0) {
        cur.append(c);
        if (c == '\\' && q == '"' && k + 1 < s.length()) cur.append(s.charAt(++k));
        else if (c == q) q = 0;
      } else if (c == '"' || c == '\'') {
        q = c;
        cur.append(c);
      } else if (c == '\\' && k + 1 < s.length()) {
        cur.append(c).append(s.charAt(++k));
      } else if (Character.isWhitespace(c)) {
        if (cur.length() > 0) out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (cur.length() > 0) out.add(cur.toString());
    return out;
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) return v.substring(1, v.length() - 1);
    return v;
  }

  /**
   * Expands ARG/ENV values in the instructions where Docker does (COPY, ENV, WORKDIR, …), scoped
   * per stage; the returned instructions have expanded {@code args}, {@code raw} stays as written.
   */
  private static List<Instruction> substitute(List<Instruction> in, Map<String, String> buildArgs, char escape) {
    List<Instruction> out = new ArrayList<>();
    Map<String, String> global = new LinkedHashMap<>();
    Map<String, String> scope = null;
    for (Instruction ins : in) {
      Map<String, String> env = scope == null ? global : scope;
      if (ins.is("FROM")) {
        scope = new LinkedHashMap<>();
        out.add(expandArgs(ins, global, escape));
        continue;
      }
      Instruction e = EXPANDED.contains(ins.keyword()) && !ins.jsonForm() ? expandArgs(ins, env, escape) : ins;
      if (ins.is("ARG")) {
        List<String> words = new ArrayList<>();
        for (String w : ins.args()) {
          int eq = w.indexOf('=');
          String name = eq < 0 ? w : w.substring(0, eq);
          String def = eq < 0 ? (scope != null ? global.get(name) : null) : expand(w.substring(eq + 1), env, escape);
          String v = buildArgs.containsKey(name) ? buildArgs.get(name) : def;
          if (v != null) env.put(name, v);
          else env.remove(name);
          words.add(eq < 0 ? name : name + "=" + (def == null ? "" : def));
        }
        e = withArgs(ins, words);
      } else if (ins.is("ENV")) {
        List<String> words = new ArrayList<>();
        for (String w : ins.args()) {
          int eq = w.indexOf('=');
          if (eq < 0) continue;
          String name = w.substring(0, eq);
          String v = expand(w.substring(eq + 1), env, escape);
          env.put(name, v);
          words.add(name + "=" + v);
        }
        e = withArgs(ins, words);
      }
      out.add(e);
    }
    return out;
  }

  private static Instruction expandArgs(Instruction ins, Map<String, String> env, char escape) {
    if (ins.is("ENV") || ins.is("ARG")) return ins;
    List<String> args = new ArrayList<>();
    for (String a : ins.args()) args.add(ins.is("LABEL") ? labelWord(a, env, escape) : expand(a, env, escape));
    Map<String, String> flags = new LinkedHashMap<>();
    ins.flags().forEach((k, v) -> flags.put(k, expand(v, env, escape)));
    return new Instruction(ins.keyword(), flags, args, ins.jsonForm(), ins.raw(), ins.heredocs(), ins.location(), ins.endLine());
  }

  private static String labelWord(String w, Map<String, String> env, char escape) {
    int eq = w.indexOf('=');
    if (eq < 0) return expand(w, env, escape);
    return expand(w.substring(0, eq), env, escape) + "=" + expand(w.substring(eq + 1), env, escape);
  }

  private static Instruction withArgs(Instruction ins, List<String> args) {
    return new Instruction(ins.keyword(), ins.flags(), args, ins.jsonForm(), ins.raw(), ins.heredocs(), ins.location(), ins.endLine());
  }

  /**
   * Docker's word expansion: quotes removed, single quotes literal, the escape character
   * protects the next one, {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-w}}, {@code ${VAR:+w}},
   * {@code ${VAR-w}}, {@code ${VAR+w}}. Unknown variables expand to "".
   */
  public static String expand(String w, Map<String, String> env, char escape) {
    StringBuilder b = new StringBuilder();
    char q = 0;
    for (int k = 0; k < w.length(); k++) {
      char c = w.charAt(k);
      if (q == '\'') {
        if (c == '\'') q = 0;
        else b.append(c);
      } else if (c == escape && k + 1 < w.length()) {
        b.append(w.charAt(++k));
      } else if (c == '"') {
        q = q == '"' ? 0 : '"';
      } else if (c == '\'' && q == 0) {
        q = '\'';
      } else if (c == '$' && k + 1 < w.length()) {
        char n = w.charAt(k + 1);
        if (n == '{') {
          int close = w.indexOf('}', k + 2);
          if (close < 0) {
            b.append(c);
            continue;
          }
          String body = w.substring(k + 2, close);
          Matcher m = BRACED.matcher(body);
          if (m.matches()) {
            String v = env.get(m.group(1));
            String op = m.group(2);
            if (op == null) b.append(v == null ? "" : v);
            else {
              boolean colon = op.startsWith(":");
              boolean present = colon ? v != null && !v.isEmpty() : v != null;
              if (op.endsWith("-")) b.append(present ? v : expand(m.group(3), env, escape));
              else b.append(present ? expand(m.group(3), env, escape) : "");
            }
          } else {
            b.append(w, k, close + 1);
          }
          k = close;
        } else if (Interpolator.isNameStart(n)) {
          int j = k + 1;
          while (j < w.length() && Interpolator.isNamePart(w.charAt(j))) j++;
          String v = env.get(w.substring(k + 1, j));
          b.append(v == null ? "" : v);
          k = j - 1;
        } else {
          b.append(c);
        }
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static List<Stage> stages(List<Instruction> expanded) {
    List<Stage> stages = new ArrayList<>();
    Instruction from = null;
    List<Instruction> body = new ArrayList<>();
    for (Instruction ins : expanded) {
      if (ins.is("FROM")) {
        if (from != null) stages.add(stage(stages.size(), from, body));
        from = ins;
        body = new ArrayList<>();
      } else if (from != null) {
        body.add(ins);
      }
    }
    if (from != null) stages.add(stage(stages.size(), from, body));
    return stages;
  }

  private static Stage stage(int index, Instruction from, List<Instruction> body) {
    List<String> a = from.args();
    String image = a.isEmpty() ? "" : a.get(0);
    String name = a.size() >= 3 && a.get(1).equalsIgnoreCase("AS") ? a.get(2).toLowerCase(Locale.ROOT) : null;
    return new Stage(index, name, image, from, List.copyOf(body));
  }
}
