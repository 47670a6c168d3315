package dev.flotilla.check.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough POSIX shell to read start commands: word splitting, command lists, and $VAR expansion. */
public final class Shell {
  private Shell() {}

  /** Splits a command list on {@code && || ; | &} and newlines outside quotes. */
  public static List<String> commands(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < script.length(); i++) {
      char c = script.charAt(i);
      if (quote != 0) {
        cur.append(c);
        if (c == quote) quote = 0;
        else if (c == '\\' && quote == '"' && i + 1 < script.length()) cur.append(script.charAt(++i));
        continue;
      }
      if (c == '\'' || c == '"') {
        quote = c;
        cur.append(c);
      } else if (c == '\\' && i + 1 < script.length()) {
        char n = script.charAt(i + 1);
        if (n == '\n') i++;
        else {
          cur.append(c).append(n);
          i++;
        }
      } else if (c == ';' || c == '\n' || c == '|' || c == '&') {
        if (cur.toString().isBlank()) {
          cur.setLength(0);
          continue;
        }
        out.add(cur.toString().trim());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (!cur.toString().isBlank()) out.add(cur.toString().trim());
    return out;
  }

  /** Splits one command into words, removing quotes; never fails (an open quote runs to the end). */
  public static List<String> words(String command) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      if (quote != 0) {
        if (c == quote) quote = 0;
        else if (c == '\\' && quote == '"' && i + 1 < command.length()) cur.append(command.charAt(++i));
        else cur.append(c);
        continue;
      }
      if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (c == '\\' && i + 1 < command.length()) {
        cur.append(command.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) out.add(cur.toString());
        cur.setLength(0);
        inWord = false;
      } else {
        cur.append(c);
        inWord = true;
      }
    }
    if (inWord) out.add(cur.toString());
    return out;
  }

  private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

  /**
   * Expands {@code $VAR}, {@code ${VAR}} and {@code ${VAR:-default}} from {@code env}; returns
   * null when a variable has neither a value nor a default, so callers know the word is unknown.
   */
  public static String expand(String word, Function<String, String> env) {
    if (word.indexOf('$') < 0) return word;
    Matcher m = VAR.matcher(word);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(4);
      String value = env.apply(name);
      if ((value == null || (value.isEmpty() && ":-".equals(m.group(2)))) && m.group(3) != null) value = m.group(3);
      if (value == null) return null;
      m.appendReplacement(sb, Matcher.quoteReplacement(value));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  public static String expand(String word, Map<String, String> env) {
    return expand(word, env::get);
  }
}
