package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.facts.EffectiveHealthcheck;
import dev.flotilla.check.facts.ShellScript;
import dev.flotilla.model.Category;
import dev.flotilla.model.Service;
import dev.flotilla.model.Severity;
import dev.flotilla.model.Stack;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

@RuleInfo(
    code = "HLT006",
    severity = Severity.HIGH,
    category = Category.CONFIGURATION,
    title = "a healthcheck command that cannot run",
    explanation = "Some healthchecks fail before they test anything: a CMD-SHELL script with unbalanced quotes "
        + "is a shell syntax error; in exec form (CMD) nothing interprets '||', '&&', '|', '>' or $VARIABLES, "
        + "so they are passed to the program as literal arguments; ['CMD', 'curl -f http://…'] looks for a program "
        + "whose name contains spaces; a python -c program with unbalanced brackets or quotes is a SyntaxError. "
        + "The service never becomes healthy.",
    example = "healthcheck:\n  test: [\"CMD\", \"curl\", \"-f\", \"http://localhost:8000/health\", \"||\", \"exit\", \"1\"]",
    fix = "Use CMD-SHELL for shell syntax (test: [\"CMD-SHELL\", \"curl -f http://localhost:8000/health || exit 1\"]), "
        + "split exec-form words into separate list items, and balance quotes and brackets.")
public final class Hlt006HealthcheckCannotRun implements Rule {
  private static final java.util.regex.Pattern VARIABLE = java.util.regex.Pattern.compile(".*\\$\\{?[A-Za-z_][A-Za-z0-9_]*.*");
  private static final java.util.regex.Pattern PYTHON = java.util.regex.Pattern.compile("python[0-9.]*");

  static final Set<String> SHELL_WORDS = Set.of("||", "&&", "|", ";", ">", ">>", "<", "2>&1", "&", ">/dev/null", "2>/dev/null");

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    for (Service s : stack.services().values()) {
      Optional<EffectiveHealthcheck> ohc = EffectiveHealthcheck.of(s);
      if (ohc.isEmpty() || !ohc.get().runs()) continue;
      EffectiveHealthcheck hc = ohc.get();
      String problem = problem(hc);
      if (problem != null) {
        out.add(finding(s.name(), "healthcheck of " + s.name() + " cannot run: " + problem, hc.location())
            .remedy(hc.isExecForm() ? "use [\"CMD-SHELL\", \"<one shell command line>\"] for shell syntax, or split the words"
                : "fix the quoting so the command parses")
            .build());
      }
    }
    return out;
  }

  static String problem(EffectiveHealthcheck hc) {
    List<String> cmd = hc.command();
    if (cmd.isEmpty()) return "the test has no command";
    if (hc.isShellForm()) {
      if (hc.test().size() > 2) return "CMD-SHELL takes one string, got " + cmd.size() + " (Docker uses only the first)";
      String script = cmd.get(0);
      if (script.isBlank()) return "the CMD-SHELL script is empty";
      char q = ShellScript.unbalancedQuote(script);
      if (q != 0) return "unbalanced " + (q == '"' ? "double" : "single") + " quote in the shell script";
      return python(ShellScript.words(script));
    }
    String first = cmd.get(0);
    if (first.strip().contains(" ")) {
      return "in exec form the first item '" + first + "' is taken as one program name with spaces; split it into list items";
    }
    for (String w : cmd.subList(1, cmd.size())) {
      if (SHELL_WORDS.contains(w)) return "'" + w + "' in exec form (CMD) is passed to " + first + " as an argument, not run by a shell";
    }
    for (String w : cmd) {
      if (VARIABLE.matcher(w).matches() && !isShell(first)) {
        return "'" + w + "' in exec form is not expanded: no shell runs it";
      }
    }
    if (isShell(first) && cmd.size() >= 3 && cmd.get(1).equals("-c")) {
      char q = ShellScript.unbalancedQuote(cmd.get(2));
      if (q != 0) return "unbalanced " + (q == '"' ? "double" : "single") + " quote in the sh -c script";
      return python(ShellScript.words(cmd.get(2)));
    }
    return python(cmd);
  }

  private static boolean isShell(String p) {
    String b = p.substring(p.lastIndexOf('/') + 1);
    return b.equals("sh") || b.equals("bash") || b.equals("ash") || b.equals("dash");
  }

  /** A {@code python -c PROGRAM} whose brackets or quotes do not balance. */
  static String python(List<String> words) {
    for (int i = 0; i + 2 < words.size() + 1 && i + 1 < words.size(); i++) {
      String b = words.get(i).substring(words.get(i).lastIndexOf('/') + 1);
      if (!PYTHON.matcher(b).matches() || !words.get(i + 1).equals("-c")) continue;
      if (i + 2 >= words.size()) return "python -c has no program";
      String prog = words.get(i + 2);
      String err = pythonBalance(prog);
      if (err != null) return "the python -c program does not parse: " + err;
    }
    return null;
  }

  static String pythonBalance(String prog) {
    StringBuilder stack = new StringBuilder();
    char q = 0;
    for (int i = 0; i < prog.length(); i++) {
      char c = prog.charAt(i);
      if (q != 0) {
        if (c == '\\') i++;
        else if (c == q) q = 0;
        continue;
      }
      switch (c) {
        case '\'', '"' -> q = c;
        case '(', '[', '{' -> stack.append(c);
        case ')', ']', '}' -> {
          char open = c == ')' ? '(' : c == ']' ? '[' : '{';
          if (stack.length() == 0 || stack.charAt(stack.length() - 1) != open) return "unmatched '" + c + "'";
          stack.setLength(stack.length() - 1);
        }
        case '#' -> i = prog.length();
        default -> { }
      }
    }
    if (q != 0) return "unterminated string";
    if (stack.length() > 0) return "'" + stack.charAt(stack.length() - 1) + "' is never closed";
    return null;
  }
}
