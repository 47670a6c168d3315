package dev.flotilla.cli;

/** Exit codes, the same for every command (documented in README.md and docs/cli.md). */
public final class ExitCode {
  public static final int OK = 0;
  /** The job found problems or failed: findings at the threshold, a failed deploy, failing health. */
  public static final int FAILED = 1;
  /** Bad usage or unreadable/invalid input. */
  public static final int INPUT = 2;
  /** A required outside part (Docker engine, database) is unreachable. */
  public static final int UNREACHABLE = 3;

  private ExitCode() {}
}
