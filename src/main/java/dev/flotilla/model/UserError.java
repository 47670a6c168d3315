package dev.flotilla.model;

/**
 * A mistake in the user's input or environment, reported as one line (file:line, what is wrong,
 * what to do) and an exit code, never as a stack trace.
 */
public class UserError extends RuntimeException {

  /** What kind of failure; the CLI maps it to an exit code. */
  public enum Kind {
    /** Bad usage or unreadable/invalid input: exit 2. */
    INPUT,
    /** A required outside part (Docker engine, database) is unreachable: exit 3. */
    UNREACHABLE,
    /** The job ran and failed (a failed deployment, say): exit 1. */
    FAILED
  }

  private final transient SourceLocation location;
  private final Kind kind;

  public UserError(Kind kind, SourceLocation location, String message) {
    super(message);
    this.kind = kind;
    this.location = location == null ? SourceLocation.UNKNOWN : location;
  }

  public UserError(Kind kind, SourceLocation location, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.location = location == null ? SourceLocation.UNKNOWN : location;
  }

  public static UserError input(SourceLocation at, String message) {
    return new UserError(Kind.INPUT, at, message);
  }

  public static UserError input(String message) {
    return new UserError(Kind.INPUT, SourceLocation.UNKNOWN, message);
  }

  public static UserError unreachable(String message, Throwable cause) {
    return new UserError(Kind.UNREACHABLE, SourceLocation.UNKNOWN, message, cause);
  }

  public SourceLocation location() {
    return location;
  }

  public Kind kind() {
    return kind;
  }
}
