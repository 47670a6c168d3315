package dev.flotilla.load.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Enough of TOML 1.0 for dependency manifests (pyproject.toml, Pipfile): tables and arrays of
 * tables, dotted and quoted keys, basic/literal/multi-line strings, numbers, booleans, dates as
 * text, arrays (multi-line, trailing commas), inline tables. Every value keeps its line so a finding
 * can point at the dependency. Throws {@link IllegalArgumentException} with the line on bad input.
 */
final class TomlReader {

  /** A value and the line it starts on; {@code value} is a String, Boolean, Long, Double, List of Val, or Map. */
  record Val(Object value, int line) {}

  private final String s;
  private int pos;
  private int line = 1;

  private TomlReader(String s) {
    this.s = s;
  }

  static Map<String, Val> parse(String text) {
    return new TomlReader(text).document();
  }

  private Map<String, Val> document() {
    Map<String, Val> root = new LinkedHashMap<>();
    Map<String, Val> current = root;
    while (true) {
      skipWsCommentsNewlines();
      if (pos >= s.length()) return root;
      char c = s.charAt(pos);
      if (c == '[') {
        boolean array = s.startsWith("[[", pos);
        pos += array ? 2 : 1;
        List<String> key = key();
        skipWs();
        expect(array ? "]]" : "]");
        current = array ? arrayTable(root, key) : table(root, key);
        endOfLine();
      } else {
        int keyLine = line;
        List<String> key = key();
        skipWs();
        expect("=");
        skipWs();
        Val v = value();
        Map<String, Val> target = current;
        for (int i = 0; i < key.size() - 1; i++) target = sub(target, key.get(i), keyLine);
        target.put(key.get(key.size() - 1), new Val(v.value(), keyLine));
        endOfLine();
      }
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Val> sub(Map<String, Val> m, String k, int l) {
    Val v = m.get(k);
    if (v == null) {
      Map<String, Val> n = new LinkedHashMap<>();
      m.put(k, new Val(n, l));
      return n;
    }
    if (v.value() instanceof Map) return (Map<String, Val>) v.value();
    if (v.value() instanceof List<?> list && !list.isEmpty() && ((Val) list.get(list.size() - 1)).value() instanceof Map) {
      return (Map<String, Val>) ((Val) list.get(list.size() - 1)).value();
    }
    throw err("key '" + k + "' is already a value");
  }

  private Map<String, Val> table(Map<String, Val> root, List<String> key) {
    Map<String, Val> m = root;
    for (String k : key) m = sub(m, k, line);
    return m;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Val> arrayTable(Map<String, Val> root, List<String> key) {
    Map<String, Val> m = root;
    for (int i = 0; i < key.size() - 1; i++) m = sub(m, key.get(i), line);
    String last = key.get(key.size() - 1);
    Val v = m.get(last);
    List<Val> list;
    if (v == null) {
      list = new ArrayList<>();
      m.put(last, new Val(list, line));
    } else if (v.value() instanceof List) {
      list = (List<Val>) v.value();
    } else {
      throw err("key '" + last + "' is not an array of tables");
    }
    Map<String, Val> n = new LinkedHashMap<>();
    list.add(new Val(n, line));
    return n;
  }

  private List<String> key() {
    List<String> parts = new ArrayList<>();
    while (true) {
      skipWs();
      if (pos >= s.length()) throw err("key expected");
      char c = s.charAt(pos);
      if (c == '"' || c == '\'') {
        parts.add((String) string().value());
      } else {
        int st = pos;
        while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_' || s.charAt(pos) == '-')) pos++;
        if (st == pos) throw err("bad key");
        parts.add(s.substring(st, pos));
      }
      skipWs();
      if (pos < s.length() && s.charAt(pos) == '.') {
        pos++;
        continue;
      }
      return parts;
    }
  }

  private Val value() {
    if (pos >= s.length()) throw err("value expected");
    int l = line;
    char c = s.charAt(pos);
    if (c == '"' || c == '\'') return string();
    if (c == '[') {
      pos++;
      List<Val> items = new ArrayList<>();
      while (true) {
        skipWsCommentsNewlines();
        if (pos < s.length() && s.charAt(pos) == ']') {
          pos++;
          return new Val(items, l);
        }
        items.add(value());
        skipWsCommentsNewlines();
        if (pos < s.length() && s.charAt(pos) == ',') {
          pos++;
          continue;
        }
        skipWsCommentsNewlines();
        expect("]");
        return new Val(items, l);
      }
    }
    if (c == '{') {
      pos++;
      Map<String, Val> m = new LinkedHashMap<>();
      skipWs();
      if (pos < s.length() && s.charAt(pos) == '}') {
        pos++;
        return new Val(m, l);
      }
      while (true) {
        skipWs();
        List<String> key = key();
        skipWs();
        expect("=");
        skipWs();
        Val v = value();
        Map<String, Val> target = m;
        for (int i = 0; i < key.size() - 1; i++) target = sub(target, key.get(i), l);
        target.put(key.get(key.size() - 1), v);
        skipWs();
        if (pos < s.length() && s.charAt(pos) == ',') {
          pos++;
          continue;
        }
        expect("}");
        return new Val(m, l);
      }
    }
    int st = pos;
    while (pos < s.length() && ",]}#\n\r".indexOf(s.charAt(pos)) < 0) pos++;
    String raw = s.substring(st, pos).strip();
    if (raw.equals("true")) return new Val(Boolean.TRUE, l);
    if (raw.equals("false")) return new Val(Boolean.FALSE, l);
    if (raw.matches("[+-]?[0-9_]+")) return new Val(Long.parseLong(raw.replace("_", "")), l);
    if (raw.matches("[+-]?[0-9_.eE+-]+|[+-]?(inf|nan)")) return new Val(raw, l);
    if (raw.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}.*|[0-9]{2}:[0-9]{2}.*")) return new Val(raw, l);
    throw err("bad value '" + raw + "'");
  }

  private Val string() {
    int l = line;
    char q = s.charAt(pos);
    boolean multi = s.startsWith("" + q + q + q, pos);
    pos += multi ? 3 : 1;
    if (multi && pos < s.length() && s.charAt(pos) == '\n') {
      pos++;
      line++;
    } else if (multi && s.startsWith("\r\n", pos)) {
      pos += 2;
      line++;
    }
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= s.length()) throw err("unterminated string");
      char c = s.charAt(pos);
      if (multi ? s.startsWith("" + q + q + q, pos) : c == q) {
        pos += multi ? 3 : 1;
        while (multi && pos < s.length() && s.charAt(pos) == q) {
          sb.append(q);
          pos++;
        }
        return new Val(sb.toString(), l);
      }
      if (c == '\n') {
        if (!multi) throw err("newline in string");
        line++;
      }
      if (c == '\\' && q == '"') {
        pos++;
        if (pos >= s.length()) throw err("unterminated string");
        char e = s.charAt(pos);
        switch (e) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case '"' -> sb.append('"');
          case '\\' -> sb.append('\\');
          case 'u' -> {
            sb.append((char) Integer.parseInt(s.substring(pos + 1, pos + 5), 16));
            pos += 4;
          }
          case '\n' -> {
            line++;
            while (pos + 1 < s.length() && Character.isWhitespace(s.charAt(pos + 1))) {
              if (s.charAt(pos + 1) == '\n') line++;
              pos++;
            }
          }
          default -> sb.append(e);
        }
        pos++;
        continue;
      }
      sb.append(c);
      pos++;
    }
  }

  private void expect(String tok) {
    if (!s.startsWith(tok, pos)) throw err("expected '" + tok + "'");
    pos += tok.length();
  }

  private void endOfLine() {
    skipWs();
    if (pos < s.length() && s.charAt(pos) == '#') while (pos < s.length() && s.charAt(pos) != '\n') pos++;
    if (pos < s.length() && s.charAt(pos) == '\r') pos++;
    if (pos < s.length() && s.charAt(pos) != '\n') throw err("unexpected text after value");
  }

  private void skipWs() {
    while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) pos++;
  }

  private void skipWsCommentsNewlines() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\r') pos++;
      else if (c == '\n') {
        pos++;
        line++;
      } else if (c == '#') {
        while (pos < s.length() && s.charAt(pos) != '\n') pos++;
      } else return;
    }
  }

  private IllegalArgumentException err(String msg) {
    return new IllegalArgumentException("line " + line + ": " + msg);
  }
}
