package dev.flotilla.load.source.python;

/**
 * A Python token. For STRING, {@code text} is the source text (prefix and quotes included) and
 * {@code value} the contents without quotes (escapes left as written); {@code fstring} marks
 * f-strings, whose {@code value} still holds the {@code {expr}} parts.
 */
record PyToken(Kind kind, String text, String value, boolean fstring, int line, int col, int endLine) {
  enum Kind {
    NAME,
    NUMBER,
    STRING,
    OP,
    NEWLINE,
    INDENT,
    DEDENT,
    END
  }

  boolean is(String s) {
    return (kind == Kind.OP || kind == Kind.NAME) && text.equals(s);
  }

  boolean name() {
    return kind == Kind.NAME;
  }

  @Override
  public String toString() {
    return kind + "(" + text + ")@" + line + ":" + col;
  }
}
