package dev.flotilla.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command accepts, before or after its name. */
public class GlobalOptions {
  @Option(names = "--no-color", description = "Never colour output (also: NO_COLOR=1).", scope = ScopeType.INHERIT)
  boolean noColor;

  @Option(names = {"-q", "--quiet"}, description = "Print results only, no progress or hints.", scope = ScopeType.INHERIT)
  boolean quiet;

  @Option(names = {"-v", "--verbose"}, description = "Print more detail.", scope = ScopeType.INHERIT)
  boolean verbose;

  Console console(PrintWriter out, PrintWriter err) {
    Console.Verbosity v = quiet ? Console.Verbosity.QUIET : verbose ? Console.Verbosity.VERBOSE : Console.Verbosity.NORMAL;
    return new Console(out, err, Console.colorWanted(noColor), v);
  }
}
