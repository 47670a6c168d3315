package dev.flotilla.model;

/** Something wrong in a dependency manifest, at its line. */
public record ManifestProblem(Kind kind, String message, SourceLocation location) {
  public enum Kind {
    /** Unresolved merge-conflict markers. */
    CONFLICT_MARKER,
    /** A path or file: URL on the machine that wrote it, or outside the build context. */
    LOCAL_PATH,
    /** Not parseable as this kind of manifest. */
    SYNTAX,
    /** An included file ({@code -r other.txt}) that does not exist. */
    MISSING_INCLUDE
  }
}
