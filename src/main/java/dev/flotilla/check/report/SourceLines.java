package dev.flotilla.check.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The lines of the files findings point into, read once per report. */
final class SourceLines {
  private final Map<Path, List<String>> cache = new HashMap<>();

  /** Line {@code n} (1-based) of {@code file}, or null when it cannot be read. */
  String line(Path file, int n) {
    if (file == null || n <= 0) return null;
    List<String> lines = cache.computeIfAbsent(file, SourceLines::read);
    return n <= lines.size() ? lines.get(n - 1) : null;
  }

  private static List<String> read(Path file) {
    try {
      if (!Files.isRegularFile(file) || Files.size(file) > 8_000_000) return List.of();
      return List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\r?\n", -1));
    } catch (IOException e) {
      return List.of();
    }
  }
}
