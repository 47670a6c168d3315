package dev.flotilla.load;

import dev.flotilla.model.LoadWarning;
import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.UserError;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code .env} and {@code env_file} files the way Docker Compose does: {@code KEY=VALUE},
 * optional {@code export}, comments, single quotes (literal), double quotes (escapes, several
 * lines), unquoted values with inline {@code #} comments, and interpolation of earlier keys and
 * the environment in unquoted and double-quoted values.
 */
public final class EnvFileParser {
  private EnvFileParser() {}

  private static final java.util.regex.Pattern KEY = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-\\[\\]]*");

  /** One variable with the line it came from. */
  public record Entry(String key, String value, int line) {}

  public static Map<String, Entry> parse(Path file, Map<String, String> environment, List<LoadWarning> warnings) {
    return parse(file, YamlReader.readText(file), environment, warnings);
  }

  public static Map<String, Entry> parse(Path file, String text, Map<String, String> environment, List<LoadWarning> warnings) {
    Map<String, Entry> out = new LinkedHashMap<>();
    Interpolator interp =
        new Interpolator(
            k -> {
              Entry e = out.get(k);
              if (e != null) return e.value();
              return environment == null ? null : environment.get(k);
            },
            warnings);
    String[] lines = YamlReader.LINES.split(text, -1);
    for (int i = 0; i < lines.length; i++) {
      int lineNo = i + 1;
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      if (line.startsWith("export ")) line = line.substring(7).stripLeading();
      int eq = line.indexOf('=');
      String key = (eq < 0 ? line : line.substring(0, eq)).strip();
      SourceLocation at = SourceLocation.of(file, lineNo);
      if (key.isEmpty() || !KEY.matcher(key).matches()) {
        throw UserError.input(at, "invalid variable name '" + key + "' (write KEY=VALUE)");
      }
      if (eq < 0) {
        // a bare KEY takes its value from the environment, or stays unset
        String v = environment == null ? null : environment.get(key);
        if (v != null) out.put(key, new Entry(key, v, lineNo));
        continue;
      }
      String rest = line.substring(eq + 1).stripLeading();
      String value;
      if (rest.startsWith("'") || rest.startsWith("\"")) {
        char q = rest.charAt(0);
        StringBuilder raw = new StringBuilder();
        String cur = rest.substring(1);
        int start = i;
        int end;
        while ((end = closingQuote(cur, q)) < 0) {
          raw.append(cur).append('\n');
          if (++i >= lines.length) throw UserError.input(SourceLocation.of(file, start + 1), "unterminated quoted value for " + key);
          cur = lines[i];
        }
        raw.append(cur, 0, end);
        if (q == '\'') {
          value = raw.toString();
        } else {
          value = interp.interpolate(unescape(raw.toString()), at, key);
        }
      } else {
        int hash = rest.indexOf(" #");
        if (hash >= 0) rest = rest.substring(0, hash);
        value = interp.interpolate(rest.strip(), at, key);
      }
      out.put(key, new Entry(key, value, lineNo));
    }
    return out;
  }

  private static int closingQuote(String s, char q) {
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c == '\\' && q == '"') {
        k++;
      } else if (c == q) {
        return k;
      }
    }
    return -1;
  }

  private static String unescape(String s) {
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c == '\\' && k + 1 < s.length()) {
        char n = s.charAt(++k);
        switch (n) {
          case 'n' -> b.append('\n');
          case 't' -> b.append('\t');
          case 'r' -> b.append('\r');
          case '"', '\\', '\'' -> b.append(n);
          case '$' -> b.append("$$");
          default -> b.append('\\').append(n);
        }
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  public static Map<String, String> values(Map<String, Entry> entries) {
    Map<String, String> m = new LinkedHashMap<>();
    entries.forEach((k, v) -> m.put(k, v.value()));
    return m;
  }
}
