package dev.flotilla.cli;

import dev.flotilla.check.Checker;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleDocs;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.deploy.ServiceFailure;
import dev.flotilla.diagnose.Catalogue;
import dev.flotilla.diagnose.Signature;
import dev.flotilla.model.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code flotilla rules}: the rules {@code check} runs, from the same metadata as the docs. */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = {
      "List the rules 'flotilla check' runs (code, severity, category, title), or explain one:",
      "why it breaks a deployment, a failing example, the fix and how to suppress it."
    },
    footer = {"", "Exit codes: 0 printed or written; 2 unknown rule or unwritable directory. See docs/cli/rules.md."})
public class RulesCommand implements Callable<Integer> {
  @ParentCommand FlotillaCommand parent;
  @Spec CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "CODE", description = "A rule code (HLT001) to explain, an area (HLT) to list, or a runtime-only code (HLT900, RES901) that up, watch or explain reported.")
  String code;

  @Option(names = "--markdown", paramLabel = "DIR", description = "Write DIR/CODE.md for every rule and DIR/README.md (the docs/rules pages).")
  Path markdown;

  @Override
  public Integer call() {
    Console console = parent.global.console(spec.commandLine().getOut(), spec.commandLine().getErr());
    List<RuleInfo> all = Checker.allRules().stream().map(Rule::info).toList();
    if (markdown != null) {
      try {
        Files.createDirectories(markdown);
        for (RuleInfo r : all) Files.writeString(markdown.resolve(r.code() + ".md"), RuleDocs.page(r), StandardCharsets.UTF_8);
        Files.writeString(markdown.resolve("README.md"), RuleDocs.index(all), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw UserError.input("--markdown " + markdown + ": cannot write (" + e.getMessage() + ")");
      }
      console.info("wrote " + all.size() + " rule pages and README.md to " + markdown);
      return ExitCode.OK;
    }
    if (code != null) {
      String c = code.trim().toUpperCase(java.util.Locale.ROOT);
      for (RuleInfo r : all) {
        if (r.code().equals(c)) {
          console.result(RuleDocs.explain(r));
          return ExitCode.OK;
        }
      }
      String runtime = runtimeCode(c);
      if (runtime != null) {
        console.result(runtime);
        return ExitCode.OK;
      }
      List<RuleInfo> area = all.stream().filter(r -> r.code().startsWith(c)).toList();
      if (area.isEmpty()) throw UserError.input(code + ": no such rule or area (run 'flotilla rules' for the list)");
      all = area;
    }
    StringBuilder sb = new StringBuilder(String.format("%-7s %-9s %-14s %s%n", "CODE", "SEVERITY", "CATEGORY", "TITLE"));
    for (RuleInfo r : all) {
      sb.append(String.format("%-7s %-9s %-14s %s%s%n", r.code(), r.severity().lower(), r.category().lower(), r.title(), r.fixable() ? "  [fix]" : ""));
    }
    console.result(sb.toString().stripTrailing());
    return ExitCode.OK;
  }

  /**
   * A runtime-only code (900–999 in an area: what up, watch and explain report when no static rule
   * applies): its generic meaning and the diagnosis signatures that give it; null when unknown.
   */
  static String runtimeCode(String c) {
    if (!c.matches("[A-Z]{3}9\\d\\d")) return null;
    String generic = ServiceFailure.genericMeaning(c);
    List<Signature> signatures = Catalogue.builtIn().signatures().stream().filter(s -> s.code().equals(c)).toList();
    if (generic == null && signatures.isEmpty()) return null;
    StringBuilder sb = new StringBuilder(c).append(": a runtime-only code, found by up, watch or explain in a failure's"
        + " evidence; no static rule of 'flotilla check' foresees it.\n");
    if (generic != null) sb.append('\n').append(generic).append('\n');
    for (Signature s : signatures) {
      sb.append('\n').append(s.title()).append(" (").append(s.severity().lower()).append(", signature ").append(s.id()).append(")\n");
      if (s.cause() != null) sb.append("  cause: ").append(s.cause().strip()).append('\n');
      if (s.fix() != null) sb.append("  fix:   ").append(s.fix().strip()).append('\n');
    }
    sb.append("\nMore: docs/diagnosis.md (the catalogue), docs/deploy.md (root failures).");
    return sb.toString();
  }
}
