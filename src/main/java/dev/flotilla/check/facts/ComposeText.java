package dev.flotilla.check.facts;

import dev.flotilla.check.TextEdit;
import dev.flotilla.model.SourceLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of project files, for fixes that edit a few characters in place (so comments, anchors
 * and formatting stay as they were). Offsets are character offsets into the file as read.
 */
public final class ComposeText {
  private static final Map<Path, Optional<String>> TEXTS = new HashMap<>();

  private ComposeText() {}

  public static Optional<String> read(Path file) {
    if (file == null) return Optional.empty();
    synchronized (TEXTS) {
      Optional<String> c = TEXTS.get(file);
      if (c != null) return c;
    }
    Optional<String> t;
    try {
      t = Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      t = Optional.empty();
    }
    synchronized (TEXTS) {
      if (TEXTS.size() > 10_000) TEXTS.clear();
      TEXTS.put(file, t);
    }
    return t;
  }

  /** Offset of the first character of 1-based {@code line}; -1 past the end. */
  public static int lineStart(String text, int line) {
    int off = 0;
    for (int l = 1; l < line; l++) {
      int nl = text.indexOf('\n', off);
      if (nl < 0) return -1;
      off = nl + 1;
    }
    return off;
  }

  static int lineEnd(String text, int start) {
    int nl = text.indexOf('\n', start);
    int end = nl < 0 ? text.length() : nl;
    if (end > start && text.charAt(end - 1) == '\r') end--;
    return end;
  }

  /**
   * An edit replacing group 1 of the first match of {@code p} on the location's line or the
   * {@code extraLines} after it (the first line is searched from the location's column).
   */
  public static Optional<TextEdit> replaceNear(SourceLocation at, int extraLines, Pattern p, String replacement) {
    if (at == null || !at.known()) return Optional.empty();
    Optional<String> text = read(at.file());
    if (text.isEmpty()) return Optional.empty();
    String t = text.get();
    int start = lineStart(t, at.line());
    if (start < 0) return Optional.empty();
    for (int l = 0; l <= extraLines && start >= 0 && start <= t.length(); l++) {
      int end = lineEnd(t, start);
      int from = l == 0 ? Math.min(end, start + Math.max(0, at.column() - 1)) : start;
      Matcher m = p.matcher(t.substring(0, end));
      m.region(from, end);
      if (m.find()) {
        int g = m.groupCount() >= 1 ? 1 : 0;
        return Optional.of(new TextEdit(at.file(), m.start(g), m.end(g) - m.start(g), replacement));
      }
      int nl = t.indexOf('\n', start);
      if (nl < 0) break;
      start = nl + 1;
    }
    return Optional.empty();
  }

  /**
   * An edit replacing {@code literal} where it occurs exactly once in the location's line and the
   * {@code extraLines} after it; empty when it is absent or ambiguous.
   */
  public static Optional<TextEdit> replaceUnique(SourceLocation at, int extraLines, String literal, String replacement) {
    if (at == null || !at.known() || literal.isEmpty()) return Optional.empty();
    Optional<String> text = read(at.file());
    if (text.isEmpty()) return Optional.empty();
    String t = text.get();
    int start = lineStart(t, at.line());
    if (start < 0) return Optional.empty();
    int end = start;
    for (int l = 0; l <= extraLines; l++) {
      int nl = t.indexOf('\n', end);
      if (nl < 0) {
        end = t.length();
        break;
      }
      end = nl + 1;
    }
    String region = t.substring(start, end);
    int first = region.indexOf(literal);
    if (first < 0 || region.indexOf(literal, first + 1) >= 0) return Optional.empty();
    return Optional.of(new TextEdit(at.file(), start + first, literal.length(), replacement));
  }
}
