package dev.flotilla.model;

import java.util.List;
import java.util.Map;

/**
 * One Dockerfile instruction. {@code keyword} is upper case; {@code flags} holds {@code --from},
 * {@code --chown} and the like; {@code args} are the arguments after the flags (for JSON form the
 * array elements, for shell form the whitespace-separated words, for {@code ENV}/{@code ARG}/
 * {@code LABEL} the raw {@code key=value} words); {@code raw} is the text after the keyword with
 * continuations joined; {@code heredocs} the bodies of {@code <<EOF} documents. Lines are those of
 * the keyword's line and the last continuation line.
 */
public record Instruction(
    String keyword,
    Map<String, String> flags,
    List<String> args,
    boolean jsonForm,
    String raw,
    List<Heredoc> heredocs,
    SourceLocation location,
    int endLine) {

  public record Heredoc(String delimiter, String body, int line) {}

  public boolean is(String k) {
    return keyword.equals(k);
  }
}
