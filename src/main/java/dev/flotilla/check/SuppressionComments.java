package dev.flotilla.check;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code # flotilla-ignore CODE[,CODE] reason} (or {@code // flotilla-ignore …}) comments, in any
 * file: compose, Dockerfile, source. A comment applies to its own line when it trails code, and
 * to the next non-comment line when it stands alone (a block of comment lines above a line all
 * apply to it). Files are read once per check and only when a finding points into them.
 */
final class SuppressionComments {

  /** A parsed comment: the codes (or areas, or ALL) and the reason written after them. */
  record Directive(List<String> codes, String reason, int line) {
    boolean covers(String code) {
      for (String c : codes) {
        if (c.equals("ALL") || c.equals(code) || (c.length() < code.length() && code.startsWith(c))) return true;
      }
      return false;
    }
  }

  static final Pattern DIRECTIVE = Pattern.compile(
      "(?:#|//)\\s*flotilla-ignore\\b:?\\s*((?:[A-Za-z]{3}\\d{0,3}|all)(?:\\s*,\\s*(?:[A-Za-z]{3}\\d{0,3}|all))*)\\s*(.*)$");

  private final Map<Path, Map<Integer, List<Directive>>> byFile = new HashMap<>();

  /** The directive that suppresses {@code code} at {@code file:line}, if any. */
  Optional<Directive> find(Path file, int line, String code) {
    if (file == null || line <= 0) return Optional.empty();
    Map<Integer, List<Directive>> lines = byFile.computeIfAbsent(file, SuppressionComments::scan);
    for (Directive d : lines.getOrDefault(line, List.of())) {
      if (d.covers(code)) return Optional.of(d);
    }
    return Optional.empty();
  }

  /** Maps each line number to the directives that apply to it. */
  static Map<Integer, List<Directive>> scan(Path file) {
    List<String> text = read(file);
    Map<Integer, List<Directive>> out = new HashMap<>();
    List<Directive> pending = new ArrayList<>();
    for (int i = 0; i < text.size(); i++) {
      int lineNo = i + 1;
      String line = text.get(i);
      String trimmed = line.strip();
      Matcher m = DIRECTIVE.matcher(line);
      Directive d = null;
      if (m.find()) {
        List<String> codes = new ArrayList<>();
        for (String c : m.group(1).split(",")) codes.add(c.trim().toUpperCase(Locale.ROOT));
        d = new Directive(List.copyOf(codes), m.group(2).strip(), lineNo);
      }
      boolean commentOnly = trimmed.startsWith("#") || trimmed.startsWith("//");
      if (commentOnly) {
        if (d != null) pending.add(d);
        // it also covers a finding reported on the comment line itself
        if (d != null) out.computeIfAbsent(lineNo, k -> new ArrayList<>()).add(d);
        continue;
      }
      if (trimmed.isEmpty()) {
        // a blank line ends the comment block: "above" means directly above
        pending.clear();
        continue;
      }
      List<Directive> here = new ArrayList<>(pending);
      if (d != null) here.add(d);
      if (!here.isEmpty()) out.put(lineNo, here);
      pending.clear();
    }
    return out;
  }

  private static List<String> read(Path file) {
    try {
      if (!Files.isRegularFile(file) || Files.size(file) > 8_000_000) return List.of();
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (MalformedInputException e) {
      try {
        return Files.readAllLines(file, StandardCharsets.ISO_8859_1);
      } catch (IOException e2) {
        return List.of();
      }
    } catch (IOException e) {
      return List.of();
    }
  }
}
