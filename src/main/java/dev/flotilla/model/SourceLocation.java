package dev.flotilla.model;

import java.nio.file.Path;

/** Where an element of the project was written: file, 1-based line and column. */
public record SourceLocation(Path file, int line, int column) {

  public static final SourceLocation UNKNOWN = new SourceLocation(null, 0, 0);

  public static SourceLocation of(Path file, int line) {
    return new SourceLocation(file, line, 1);
  }

  public boolean known() {
    return file != null && line > 0;
  }

  /** {@code file:line:column}, relative to {@code base} when the file lies under it. */
  public String display(Path base) {
    if (file == null) return "<unknown>";
    Path shown = file;
    if (base != null && file.isAbsolute() && file.startsWith(base.toAbsolutePath())) {
      shown = base.toAbsolutePath().relativize(file);
    }
    return line > 0 ? shown + ":" + line + (column > 0 ? ":" + column : "") : shown.toString();
  }

  @Override
  public String toString() {
    return display(null);
  }
}
