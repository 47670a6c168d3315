package dev.flotilla.cli;

import dev.flotilla.model.UserError;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Entry point: the only place that exits. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    String training = System.getProperty("flotilla.training");
    if (training != null && args.length == 1) System.exit(Training.run(java.nio.file.Path.of(training), java.nio.file.Path.of(args[0])));
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the CLI and returns its exit code; tests call this in-process. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = commandLine(args, out, err);
    return cl.execute(args);
  }

  /** The command line for these arguments: only the subcommand they name is built in full (see {@link LazySubcommands}). */
  static CommandLine commandLine(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = LazySubcommands.commandLine(args);
    cl.setOut(out);
    cl.setErr(err);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          Console console = new Console(out, err, Console.colorWanted(false), Console.Verbosity.NORMAL);
          return report(ex, console);
        });
    cl.setParameterExceptionHandler(
        (ParameterException ex, String[] a) -> {
          err.println("error: " + ex.getMessage());
          err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
          err.flush();
          return ExitCode.INPUT;
        });
    return cl;
  }

  /** Maps an exception to one line and an exit code; a stack trace only for bugs (and with -v). */
  static int report(Exception ex, Console console) {
    if (ex instanceof UserError ue) {
      String where = ue.location().file() != null ? ue.location().display(java.nio.file.Path.of("").toAbsolutePath()) + ": " : "";
      console.error(where + ue.getMessage());
      return switch (ue.kind()) {
        case INPUT -> ExitCode.INPUT;
        case UNREACHABLE -> ExitCode.UNREACHABLE;
        case FAILED -> ExitCode.FAILED;
      };
    }
    console.error("internal error (a bug in Flotilla, please report it): " + ex);
    StringBuilder sb = new StringBuilder();
    for (StackTraceElement e : ex.getStackTrace()) sb.append("    at ").append(e).append('\n');
    console.detail(sb.toString());
    return 70;
  }
}
