package dev.flotilla.load.source.python;

import java.util.ArrayList;
import java.util.List;

/**
 * A Python tokenizer, after the language reference's lexical analysis: logical lines (implicit
 * joining inside brackets, backslash continuation), INDENT/DEDENT, comments dropped, strings of
 * every form (prefixes, triple quotes, f-strings with nested quotes inside their braces as 3.12
 * allows). It never throws: an unterminated string runs to the end of the file.
 */
final class PyTokenizer {
  private final String src;
  private int pos;
  private int line = 1;
  private int lineStart;
  private final List<PyToken> out = new ArrayList<>();
  private final List<Integer> indents = new ArrayList<>(List.of(0));
  private int depth;

  private PyTokenizer(String src) {
    this.src = src.startsWith("\uFEFF") ? src.substring(1) : src;
  }

  static List<PyToken> tokenize(String src) {
    PyTokenizer t = new PyTokenizer(src);
    t.run();
    return t.out;
  }

  private static final String[] OPS3 = {"**=", "//=", ">>=", "<<=", "...", "!="};
  private static final String[] OPS2 = {
    "**", "//", ">>", "<<", "<=", ">=", "==", "!=", "->", ":=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@="
  };

  private void run() {
    boolean atLineStart = true;
    while (pos < src.length()) {
      if (atLineStart && depth > 0) atLineStart = false;
      if (atLineStart && depth == 0) {
        // measure indentation; blank and comment-only lines do not count
        int p = pos;
        int width = 0;
        while (p < src.length() && (src.charAt(p) == ' ' || src.charAt(p) == '\t' || src.charAt(p) == '\f')) {
          width = src.charAt(p) == '\t' ? (width / 8 + 1) * 8 : width + 1;
          p++;
        }
        if (p >= src.length()) {
          pos = p;
          break;
        }
        char c = src.charAt(p);
        if (c == '\n' || c == '\r' || c == '#') {
          pos = p;
          skipToLineEnd();
          newline();
          continue;
        }
        if (c == '\\' && p + 1 < src.length() && (src.charAt(p + 1) == '\n' || src.charAt(p + 1) == '\r')) {
          pos = p;
        } else {
          pos = p;
          int cur = indents.get(indents.size() - 1);
          if (width > cur) {
            indents.add(width);
            emit(PyToken.Kind.INDENT, "", null, false, line, pos - lineStart, line);
          } else {
            while (width < indents.get(indents.size() - 1)) {
              indents.remove(indents.size() - 1);
              emit(PyToken.Kind.DEDENT, "", null, false, line, pos - lineStart, line);
            }
          }
        }
        atLineStart = false;
      }
      char c = src.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\f') {
        pos++;
      } else if (c == '#') {
        skipToLineEnd();
      } else if (c == '\\' && pos + 1 < src.length() && (src.charAt(pos + 1) == '\n' || src.charAt(pos + 1) == '\r')) {
        pos++;
        newline();
      } else if (c == '\n' || c == '\r') {
        if (depth == 0 && !out.isEmpty() && out.get(out.size() - 1).kind() != PyToken.Kind.NEWLINE
            && out.get(out.size() - 1).kind() != PyToken.Kind.INDENT && out.get(out.size() - 1).kind() != PyToken.Kind.DEDENT) {
          emit(PyToken.Kind.NEWLINE, "\n", null, false, line, pos - lineStart, line);
        }
        newline();
        atLineStart = true;
      } else if (Character.isJavaIdentifierStart(c) && c != '$') {
        int startCol = pos - lineStart;
        int start = pos;
        while (pos < src.length() && Character.isJavaIdentifierPart(src.charAt(pos)) && src.charAt(pos) != '$') pos++;
        String word = src.substring(start, pos);
        if (pos < src.length() && (src.charAt(pos) == '"' || src.charAt(pos) == '\'') && isStringPrefix(word)) {
          string(start, startCol, word.toLowerCase());
        } else {
          emit(PyToken.Kind.NAME, word, null, false, line, startCol, line);
        }
      } else if (c == '"' || c == '\'') {
        string(pos, pos - lineStart, "");
      } else if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) {
        int start = pos;
        int col = pos - lineStart;
        while (pos < src.length()) {
          char d = src.charAt(pos);
          if (Character.isLetterOrDigit(d) || d == '_' || d == '.') pos++;
          else if ((d == '+' || d == '-') && (src.charAt(pos - 1) == 'e' || src.charAt(pos - 1) == 'E') && !src.substring(start, pos).startsWith("0x")) pos++;
          else break;
        }
        emit(PyToken.Kind.NUMBER, src.substring(start, pos), null, false, line, col, line);
      } else {
        int col = pos - lineStart;
        String op = null;
        for (String o : OPS3) if (src.startsWith(o, pos)) op = o;
        if (op == null) for (String o : OPS2) if (src.startsWith(o, pos)) op = o;
        if (op == null) op = String.valueOf(c);
        pos += op.length();
        if (op.equals("(") || op.equals("[") || op.equals("{")) depth++;
        if ((op.equals(")") || op.equals("]") || op.equals("}")) && depth > 0) depth--;
        emit(PyToken.Kind.OP, op, null, false, line, col, line);
      }
    }
    if (!out.isEmpty() && out.get(out.size() - 1).kind() != PyToken.Kind.NEWLINE) {
      emit(PyToken.Kind.NEWLINE, "\n", null, false, line, 0, line);
    }
    while (indents.size() > 1) {
      indents.remove(indents.size() - 1);
      emit(PyToken.Kind.DEDENT, "", null, false, line, 0, line);
    }
    emit(PyToken.Kind.END, "", null, false, line, 0, line);
  }

  private static boolean isStringPrefix(String w) {
    String l = w.toLowerCase();
    return l.length() <= 2 && l.chars().allMatch(ch -> "rbuft".indexOf(ch) >= 0)
        && !(l.contains("b") && (l.contains("f") || l.contains("u")));
  }

  private void string(int start, int col, String prefix) {
    int startLine = line;
    char q = src.charAt(pos);
    boolean triple = src.startsWith("" + q + q + q, pos);
    boolean raw = prefix.contains("r");
    boolean f = prefix.contains("f") || prefix.contains("t");
    pos += triple ? 3 : 1;
    int bodyStart = pos;
    int bodyEnd = scanBody(q, triple, raw, f);
    String value = src.substring(bodyStart, Math.min(bodyEnd, src.length()));
    emit(PyToken.Kind.STRING, src.substring(start, pos), value, f, startLine, col, line);
  }

  /** Scans to the closing quote; returns the index where the body ends and leaves pos after the quote. */
  private int scanBody(char q, boolean triple, boolean raw, boolean f) {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '\\') {
        pos++;
        if (pos < src.length()) {
          if (src.charAt(pos) == '\n' || src.charAt(pos) == '\r') newline();
          else pos++;
        }
        continue;
      }
      if (f && c == '{') {
        if (src.startsWith("{{", pos)) {
          pos += 2;
          continue;
        }
        pos++;
        fstringExpression();
        continue;
      }
      if (c == q) {
        if (!triple) {
          int end = pos;
          pos++;
          return end;
        }
        if (src.startsWith("" + q + q + q, pos)) {
          int end = pos;
          pos += 3;
          return end;
        }
      }
      if (c == '\n' || c == '\r') {
        if (!triple) return pos; // unterminated single-quoted string: stop at the line end
        newline();
        continue;
      }
      pos++;
    }
    return pos;
  }

  /** Inside an f-string's {…}: skips nested brackets and strings up to the matching '}'. */
  private void fstringExpression() {
    int d = 0;
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '\'' || c == '"') {
        boolean triple = src.startsWith("" + c + c + c, pos);
        pos += triple ? 3 : 1;
        scanBody(c, triple, false, false);
      } else if (c == '{' || c == '(' || c == '[') {
        d++;
        pos++;
      } else if (c == ')' || c == ']') {
        d--;
        pos++;
      } else if (c == '}') {
        pos++;
        if (d == 0) return;
        d--;
      } else if (c == '\n' || c == '\r') {
        newline();
      } else {
        pos++;
      }
    }
  }

  private void skipToLineEnd() {
    while (pos < src.length() && src.charAt(pos) != '\n' && src.charAt(pos) != '\r') pos++;
  }

  private void newline() {
    if (pos < src.length() && src.charAt(pos) == '\r') pos++;
    if (pos < src.length() && src.charAt(pos) == '\n') pos++;
    line++;
    lineStart = pos;
  }

  private void emit(PyToken.Kind k, String text, String value, boolean fstring, int l, int col, int endLine) {
    out.add(new PyToken(k, text, value, fstring, l, col + 1, endLine));
  }
}
