package dev.flotilla.check;

import java.util.List;
import java.util.Set;

/**
 * Which rules run and which findings are dropped. {@code rules} and {@code skip} hold codes
 * ({@code BLD001}) or areas ({@code BLD}); an empty {@code rules} means every rule.
 * {@code ignores} add to the project's {@code flotilla.yml} {@code ignore:} list;
 * {@code suppressions} false reports findings even where a {@code flotilla-ignore} comment or an
 * ignore entry would drop them (for auditing what is suppressed).
 */
public record CheckOptions(Set<String> rules, Set<String> skip, List<IgnoreEntry> ignores, boolean suppressions) {

  public static final CheckOptions DEFAULT = new CheckOptions(Set.of(), Set.of(), List.of(), true);

  public CheckOptions {
    rules = normalize(rules);
    skip = normalize(skip);
    ignores = ignores == null ? List.of() : List.copyOf(ignores);
  }

  public static CheckOptions only(String... codes) {
    return DEFAULT.withRules(Set.of(codes));
  }

  public CheckOptions withRules(Set<String> codes) {
    return new CheckOptions(codes, skip, ignores, suppressions);
  }

  public CheckOptions withSkip(Set<String> codes) {
    return new CheckOptions(rules, codes, ignores, suppressions);
  }

  public CheckOptions withIgnores(List<IgnoreEntry> entries) {
    return new CheckOptions(rules, skip, entries, suppressions);
  }

  public CheckOptions withoutSuppressions() {
    return new CheckOptions(rules, skip, ignores, false);
  }

  /** True when a rule with this code runs under these options. */
  public boolean selects(String code) {
    return (rules.isEmpty() || matchesAny(rules, code)) && !matchesAny(skip, code);
  }

  static boolean matchesAny(Set<String> selectors, String code) {
    for (String s : selectors) {
      if (s.equals(code) || (s.length() < code.length() && code.startsWith(s))) return true;
    }
    return false;
  }

  private static Set<String> normalize(Set<String> codes) {
    if (codes == null) return Set.of();
    return codes.stream()
        .flatMap(c -> java.util.Arrays.stream(c.split(",")))
        .map(c -> c.trim().toUpperCase(java.util.Locale.ROOT))
        .map(c -> c.endsWith("*") ? c.substring(0, c.length() - 1) : c)
        .filter(c -> !c.isEmpty())
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }
}
