package dev.flotilla.check;

import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.Stack;
import dev.flotilla.model.UserError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Runs the rules over a {@link Stack}. Rules are found with {@link ServiceLoader} (the registry
 * is {@code META-INF/services/dev.flotilla.check.Rule}, one class per line), selected by
 * {@link CheckOptions}, and their findings suppressed by {@code flotilla-ignore} comments and the
 * project's {@code ignore:} list, then sorted by file and line.
 */
public final class Checker {

  /**
   * {@code -Dflotilla.check.parallel=true} runs the rules on every core. Off by default: measured on
   * a busy 2-core machine it cost more CPU (JIT and coordination) than it saved wall time.
   */
  private static final boolean PARALLEL = "true".equals(System.getProperty("flotilla.check.parallel"));

  private final List<Rule> rules;

  /** A checker with every registered rule. */
  public Checker() {
    this(allRules());
  }

  public Checker(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** Every registered rule, ordered by code. */
  public static List<Rule> allRules() {
    List<Rule> out = new ArrayList<>();
    for (Rule r : ServiceLoader.load(Rule.class, Checker.class.getClassLoader())) out.add(r);
    out.sort(Comparator.comparing(r -> r.info().code()));
    return List.copyOf(out);
  }

  /** The registered rule with this code. */
  public static Optional<Rule> rule(String code) {
    return allRules().stream().filter(r -> r.info().code().equalsIgnoreCase(code.trim())).findFirst();
  }

  public List<Rule> rules() {
    return rules;
  }

  public CheckResult check(Stack stack, CheckOptions options) {
    validateSelectors(options.rules(), "--rule");
    validateSelectors(options.skip(), "--skip");
    List<Rule> selected = rules.stream().filter(r -> options.selects(r.info().code())).toList();

    // Rules are pure functions of the immutable Stack and their shared facts are thread-safe
    // caches, so they may run in parallel; results are gathered in rule order, so output is stable.
    int n = selected.size();
    List<List<Finding>> perRule = new ArrayList<>(java.util.Collections.nCopies(n, List.of()));
    CheckResult.RuleFailure[] failed = new CheckResult.RuleFailure[n];
    // The source scan (with the project's file listing) is the largest single piece of work: it
    // starts on a second thread now, the rules that do not read it run meanwhile, and those that do
    // run last (joining the scan).
    boolean sources = selected.stream().anyMatch(Rule::readsSources);
    if (sources && !PARALLEL) dev.flotilla.load.source.SourceScanner.prefetch(stack);
    java.util.stream.IntStream indexes =
        java.util.stream.IntStream.concat(
            java.util.stream.IntStream.range(0, n).filter(i -> !selected.get(i).readsSources()),
            java.util.stream.IntStream.range(0, n).filter(i -> selected.get(i).readsSources()));
    if (PARALLEL) indexes = indexes.parallel();
    indexes.forEach(i -> {
      Rule rule = selected.get(i);
      try {
        List<Finding> found = rule.check(stack);
        if (found != null) perRule.set(i, found);
      } catch (UserError e) {
        throw e;
      } catch (RuntimeException | StackOverflowError e) {
        failed[i] = new CheckResult.RuleFailure(rule.info().code(), String.valueOf(e));
      }
    });
    List<Finding> raw = new ArrayList<>();
    for (List<Finding> found : perRule) raw.addAll(found);
    List<CheckResult.RuleFailure> failures = new ArrayList<>();
    for (CheckResult.RuleFailure f : failed) if (f != null) failures.add(f);

    List<IgnoreEntry> ignores = new ArrayList<>(projectIgnores(stack));
    ignores.addAll(options.ignores());
    SuppressionComments comments = new SuppressionComments();
    Path base = stack.projectDir();

    List<Finding> kept = new ArrayList<>();
    List<CheckResult.Suppressed> suppressed = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Finding f : raw) {
      if (!seen.add(f.code() + "|" + f.service() + "|" + f.location() + "|" + f.message())) continue;
      if (options.suppressions()) {
        Optional<CheckResult.Suppressed> s = suppression(f, comments, ignores, base);
        if (s.isPresent()) {
          suppressed.add(s.get());
          continue;
        }
      }
      kept.add(f);
    }
    Comparator<Finding> order = order(base);
    kept.sort(order);
    suppressed.sort(Comparator.comparing(CheckResult.Suppressed::finding, order));
    return new CheckResult(
        List.copyOf(kept), List.copyOf(suppressed), selected.stream().map(Rule::info).toList(), List.copyOf(failures));
  }

  private static Optional<CheckResult.Suppressed> suppression(
      Finding f, SuppressionComments comments, List<IgnoreEntry> ignores, Path base) {
    List<SourceLocation> where = new ArrayList<>();
    where.add(f.location());
    f.related().forEach(r -> where.add(r.location()));
    for (SourceLocation at : where) {
      if (at == null || !at.known()) continue;
      Optional<SuppressionComments.Directive> d = comments.find(at.file(), at.line(), f.code());
      if (d.isPresent()) {
        String by = new SourceLocation(at.file(), d.get().line(), 0).display(base) + " flotilla-ignore";
        return Optional.of(new CheckResult.Suppressed(f, by, d.get().reason()));
      }
    }
    for (IgnoreEntry e : ignores) {
      if (e.matches(f, base)) return Optional.of(new CheckResult.Suppressed(f, e.describe(), e.reason()));
    }
    return Optional.empty();
  }

  private static List<IgnoreEntry> projectIgnores(Stack stack) {
    if (stack.settings() == null || stack.settings().raw() == null) return List.of();
    Object value = stack.settings().raw().get("ignore");
    SourceLocation at = stack.settings().location("ignore");
    try {
      return IgnoreEntry.parse(value, at);
    } catch (IllegalArgumentException e) {
      throw UserError.input(at, e.getMessage());
    }
  }

  private void validateSelectors(Set<String> selectors, String flag) {
    for (String s : selectors) {
      boolean known = rules.stream().anyMatch(r -> CheckOptions.matchesAny(Set.of(s), r.info().code()));
      if (!known) {
        throw UserError.input(flag + " " + s + ": no such rule or area (run 'flotilla rules' for the list)");
      }
    }
  }

  /** File (relative to the project), line, column, then code: the order a reader scans. */
  public static Comparator<Finding> order(Path base) {
    return Comparator.<Finding, Boolean>comparing(f -> !f.location().known())
        .thenComparing(f -> f.location().file() == null ? "" : relative(f.location().file(), base))
        .thenComparingInt(f -> f.location().line())
        .thenComparingInt(f -> f.location().column())
        .thenComparing(Finding::code)
        .thenComparing(f -> f.service() == null ? "" : f.service())
        .thenComparing(Finding::message);
  }

  static String relative(Path file, Path base) {
    if (base != null && file.isAbsolute() && file.startsWith(base.toAbsolutePath())) {
      return base.toAbsolutePath().relativize(file).toString();
    }
    return file.toString();
  }
}
