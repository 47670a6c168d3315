package dev.flotilla.check.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Just enough of POSIX shell to ask what a one-line script runs: split into words honouring
 * quotes and backslashes, find the commands of each pipeline part, and tell whether the quotes
 * balance. Not a shell; good enough for healthchecks and RUN lines.
 */
public final class ShellScript {
  private ShellScript() {}

  /** Shell operators that separate commands. */
  public static final Set<String> OPERATORS = Set.of("&&", "||", ";", "|", "&");

  static final Set<String> BUILTINS = Set.of(
      "exit", "test", "[", "[[", "echo", "true", "false", "cd", "export", "set", "printf", "exec", ":", "return",
      "if", "then", "else", "elif", "fi", "while", "do", "done", "for", "case", "esac", "!", "{", "}", "read",
      "eval", "trap", "shift", "unset", "local", "sleep", "command");

  /** The quote character left open at the end of the script, or 0 when quotes balance. */
  public static char unbalancedQuote(String script) {
    char q = 0;
    for (int i = 0; i < script.length(); i++) {
      char c = script.charAt(i);
      if (q == '\'') {
        if (c == '\'') q = 0;
      } else if (q == '"') {
        if (c == '\\') i++;
        else if (c == '"') q = 0;
      } else if (c == '\\') {
        i++;
      } else if (c == '\'' || c == '"') {
        q = c;
      } else if (c == '#' && (i == 0 || Character.isWhitespace(script.charAt(i - 1)))) {
        break; // a comment to the end of the line
      }
    }
    return q;
  }

  /** Words with quotes removed; operators ({@code && || ; | &}) and redirections are their own words. */
  public static List<String> words(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inWord = false;
    char q = 0;
    for (int i = 0; i < script.length(); i++) {
      char c = script.charAt(i);
      if (q == '\'') {
        if (c == '\'') q = 0;
        else cur.append(c);
        continue;
      }
      if (q == '"') {
        if (c == '\\' && i + 1 < script.length()) cur.append(script.charAt(++i));
        else if (c == '"') q = 0;
        else cur.append(c);
        continue;
      }
      if (c == '\'' || c == '"') {
        q = c;
        inWord = true;
      } else if (c == '\\' && i + 1 < script.length()) {
        cur.append(script.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) out.add(cur.toString());
        cur.setLength(0);
        inWord = false;
      } else if (c == '&' || c == '|' || c == ';') {
        if (inWord) out.add(cur.toString());
        cur.setLength(0);
        inWord = false;
        if (i + 1 < script.length() && script.charAt(i + 1) == c && c != ';') {
          out.add("" + c + c);
          i++;
        } else {
          out.add(String.valueOf(c));
        }
      } else {
        cur.append(c);
        inWord = true;
      }
    }
    if (inWord) out.add(cur.toString());
    return out;
  }

  /**
   * The programs a script runs, in order: the first word of each command, skipping
   * {@code VAR=value} prefixes, shell builtins and {@code sh -c}/{@code bash -c} (whose script is
   * read in turn).
   */
  public static List<String> commands(String script) {
    List<String> out = new ArrayList<>();
    List<String> w = words(script);
    boolean atStart = true;
    for (int i = 0; i < w.size(); i++) {
      String word = w.get(i);
      if (OPERATORS.contains(word)) {
        atStart = true;
        continue;
      }
      if (!atStart) continue;
      if (word.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) continue;
      if (word.startsWith(">") || word.startsWith("<") || word.matches("\\d>.*")) continue;
      String base = word.substring(word.lastIndexOf('/') + 1);
      if (base.equals("exec") || base.equals("command") || base.equals("!") || base.equals("then")
          || base.equals("do") || base.equals("if") || base.equals("while") || base.equals("else") || base.equals("timeout")) {
        // the next word is the command (timeout N cmd: skip its duration too)
        if (base.equals("timeout") && i + 1 < w.size() && w.get(i + 1).matches("[0-9.]+[smhd]?")) i++;
        continue;
      }
      atStart = false;
      if (BUILTINS.contains(base)) continue;
      if ((base.equals("sh") || base.equals("bash") || base.equals("ash") || base.equals("dash"))
          && i + 2 < w.size() && w.get(i + 1).equals("-c")) {
        out.add(base);
        out.addAll(commands(w.get(i + 2)));
        i += 2;
        continue;
      }
      out.add(base);
    }
    return out;
  }

  /** The first http(s) URL among the words, or null. */
  public static String firstUrl(List<String> words) {
    for (String w : words) {
      if (w.startsWith("http://") || w.startsWith("https://")) return w;
      int k = w.indexOf("http://");
      if (k < 0) k = w.indexOf("https://");
      if (k > 0 && w.startsWith("--url=")) return w.substring(k);
    }
    return null;
  }
}
