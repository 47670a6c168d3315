package dev.flotilla.cli;

import java.io.PrintWriter;

/**
 * The one place that prints. Colour follows {@code --no-color}, {@code NO_COLOR} and whether
 * standard output is a terminal; {@code -q} silences info, {@code -v} enables detail.
 */
public final class Console {
  public enum Verbosity {
    QUIET,
    NORMAL,
    VERBOSE
  }

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean color;
  private final Verbosity verbosity;

  public Console(PrintWriter out, PrintWriter err, boolean color, Verbosity verbosity) {
    this.out = out;
    this.err = err;
    this.color = color;
    this.verbosity = verbosity;
  }

  /** Colour is on only for a terminal, and never with NO_COLOR set (https://no-color.org). */
  public static boolean colorWanted(boolean noColorFlag) {
    if (noColorFlag) return false;
    String noColor = System.getenv("NO_COLOR");
    if (noColor != null && !noColor.isEmpty()) return false;
    if ("dumb".equals(System.getenv("TERM"))) return false;
    return System.console() != null;
  }

  public boolean color() {
    return color;
  }

  public boolean quiet() {
    return verbosity == Verbosity.QUIET;
  }

  public boolean verbose() {
    return verbosity == Verbosity.VERBOSE;
  }

  /** Primary output of a command (a report, JSON): printed even with {@code -q}. */
  public void result(String text) {
    out.println(text);
    out.flush();
  }

  public PrintWriter out() {
    return out;
  }

  /** Progress and hints, on stderr so that stdout stays machine-readable; silenced by -q. */
  public void info(String text) {
    if (verbosity != Verbosity.QUIET) {
      err.println(text);
      err.flush();
    }
  }

  public void detail(String text) {
    if (verbosity == Verbosity.VERBOSE) {
      err.println(text);
      err.flush();
    }
  }

  public void warn(String text) {
    if (verbosity != Verbosity.QUIET) {
      err.println(paint("33", "warning: ") + text);
      err.flush();
    }
  }

  public void error(String text) {
    err.println(paint("31", "error: ") + text);
    err.flush();
  }

  /** Wraps text in an ANSI colour code when colour is on ("31" red, "32" green, "33" yellow, "1" bold, "2" dim). */
  public String paint(String ansi, String text) {
    return color ? "\u001b[" + ansi + "m" + text + "\u001b[0m" : text;
  }
}
