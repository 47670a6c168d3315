package dev.flotilla.check.facts;

import dev.flotilla.model.SourceLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The text of project files, for finding the line of a key the model does not locate (a
 * service's {@code privileged:}) and for fixes that edit text in place. Read once per file.
 */
public final class ProjectText {
  private static final Map<Path, List<String>> CACHE = new ConcurrentHashMap<>();

  private ProjectText() {}

  public static List<String> lines(Path file) {
    return CACHE.computeIfAbsent(file.toAbsolutePath().normalize(), f -> {
      try {
        return Files.readAllLines(f, StandardCharsets.UTF_8);
      } catch (IOException | RuntimeException e) {
        return List.of();
      }
    });
  }

  /** Forgets cached text (after a fix rewrote files). */
  public static void forget() {
    CACHE.clear();
  }

  /** The line (1-based) at a location, or "". */
  public static String line(SourceLocation at) {
    if (at == null || !at.known()) return "";
    List<String> l = lines(at.file());
    return at.line() <= l.size() ? l.get(at.line() - 1) : "";
  }

  /**
   * The first line at or after {@code block} that holds {@code key:} indented deeper than the
   * block's own line, before the block ends (a line indented no deeper than it).
   */
  public static Optional<SourceLocation> findKey(SourceLocation block, String key) {
    if (block == null || !block.known()) return Optional.empty();
    List<String> l = lines(block.file());
    if (block.line() > l.size()) return Optional.empty();
    int base = indent(l.get(block.line() - 1));
    Pattern p = Pattern.compile("^\\s*(?:-\\s+)?[\"']?" + Pattern.quote(key) + "[\"']?\\s*:(\\s|$)");
    for (int i = block.line(); i < l.size(); i++) {
      String s = l.get(i);
      if (s.isBlank() || s.strip().startsWith("#")) continue;
      if (indent(s) <= base) break;
      if (p.matcher(s).find()) return Optional.of(new SourceLocation(block.file(), i + 1, indent(s) + 1));
    }
    return Optional.empty();
  }

  public static int indent(String s) {
    int k = 0;
    while (k < s.length() && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) k++;
    return k;
  }
}
