package dev.flotilla.check;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Applies the automatic fixes of findings as text edits, so comments, anchors and formatting
 * outside the edited spans stay byte for byte. A fix is all or nothing: when one of its edits
 * overlaps an edit already taken (two fixes of one port, say), the whole fix is left out and
 * reported as skipped. {@link #plan} computes the new file contents without writing;
 * {@link Plan#write} writes them and {@link Plan#diff} shows them as a unified diff.
 */
public final class Fixer {
  private Fixer() {}

  /** The files a set of fixes changes: old text (null for a new file) and new text, by file. */
  public record Plan(Map<Path, String> before, Map<Path, String> after, List<Fix> applied, List<Fix> skipped) {

    public boolean isEmpty() {
      return after.isEmpty();
    }

    /** Writes every changed or created file. */
    public void write() {
      for (Map.Entry<Path, String> e : after.entrySet()) {
        try {
          if (e.getKey().getParent() != null) Files.createDirectories(e.getKey().getParent());
          Files.writeString(e.getKey(), e.getValue(), StandardCharsets.UTF_8);
        } catch (IOException ex) {
          throw new UncheckedIOException(ex);
        }
      }
    }

    /** A unified diff (3 lines of context) of every change, paths relative to {@code base}. */
    public String diff(Path base) {
      StringBuilder sb = new StringBuilder();
      for (Map.Entry<Path, String> e : after.entrySet()) {
        String name = Checker.relative(e.getKey(), base).replace('\\', '/');
        sb.append(UnifiedDiff.of(name, before.get(e.getKey()), e.getValue(), 3));
      }
      return sb.toString();
    }
  }

  /** The plan for the fixes of these findings (findings without a fix are ignored). */
  public static Plan plan(List<Finding> findings) {
    Set<Fix> fixes = new LinkedHashSet<>();
    for (Finding f : findings) if (f.fix() != null && !f.fix().edits().isEmpty()) fixes.add(f.fix());
    return planFixes(List.copyOf(fixes));
  }

  /** The plan for these fixes, in order; a fix overlapping an earlier one is skipped. */
  public static Plan planFixes(List<Fix> fixes) {
    Map<Path, List<TextEdit>> byFile = new TreeMap<>();
    List<Fix> applied = new ArrayList<>();
    List<Fix> skipped = new ArrayList<>();
    for (Fix fix : fixes) {
      List<TextEdit> fresh = new ArrayList<>();
      for (TextEdit e : fix.edits()) {
        boolean duplicate = byFile.getOrDefault(e.file(), List.of()).contains(e) || fresh.contains(e);
        if (!duplicate) fresh.add(e);
      }
      if (fresh.isEmpty()) {
        applied.add(fix); // the same edits as a fix already taken: nothing more to do
        continue;
      }
      boolean clash = false;
      for (TextEdit e : fresh) {
        List<TextEdit> taken = new ArrayList<>(byFile.getOrDefault(e.file(), List.of()));
        for (TextEdit other : fresh) if (other != e && other.file().equals(e.file())) taken.add(other);
        for (TextEdit t : taken) if (t != e && overlaps(t, e)) clash = true;
      }
      if (clash) {
        skipped.add(fix);
        continue;
      }
      for (TextEdit e : fresh) byFile.computeIfAbsent(e.file(), k -> new ArrayList<>()).add(e);
      applied.add(fix);
    }
    Map<Path, String> before = new LinkedHashMap<>();
    Map<Path, String> after = new LinkedHashMap<>();
    for (Map.Entry<Path, List<TextEdit>> f : byFile.entrySet()) {
      String old = read(f.getKey());
      String text = apply(old == null ? "" : old, f.getValue());
      if (text.equals(old)) continue;
      before.put(f.getKey(), old);
      after.put(f.getKey(), text);
    }
    return new Plan(before, after, List.copyOf(applied), List.copyOf(skipped));
  }

  /** Applies edits to the files on disk, file by file (the before/after fixture tests use this). */
  public static void apply(List<TextEdit> edits) {
    planFixes(List.of(new Fix("edits", edits))).write();
  }

  /** The text with the edits applied, last offset first so earlier offsets stay valid. */
  static String apply(String text, List<TextEdit> edits) {
    List<TextEdit> list = new ArrayList<>(edits);
    for (TextEdit e : list) if (e.createsFile()) return e.replacement();
    list.sort(Comparator.comparingInt(TextEdit::offset).reversed());
    StringBuilder sb = new StringBuilder(text);
    for (TextEdit e : list) {
      int from = Math.min(e.offset(), sb.length());
      int to = Math.min(e.offset() + e.length(), sb.length());
      sb.replace(from, to, e.replacement());
    }
    return sb.toString();
  }

  private static boolean overlaps(TextEdit a, TextEdit b) {
    if (!a.file().equals(b.file())) return false;
    if (a.createsFile() || b.createsFile()) return true;
    if (a.length() == 0 && b.length() == 0) return a.offset() == b.offset();
    return a.offset() < b.offset() + Math.max(b.length(), 1) && b.offset() < a.offset() + Math.max(a.length(), 1);
  }

  private static String read(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
