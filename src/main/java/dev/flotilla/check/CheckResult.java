package dev.flotilla.check;

import dev.flotilla.model.Severity;
import java.util.List;

/**
 * What a check found: the findings that stand, sorted by file and line; the ones a
 * {@code flotilla-ignore} comment or an ignore entry dropped (with why); the rules that ran; and
 * rules that failed with an internal error (a bug, reported rather than hidden).
 */
public record CheckResult(List<Finding> findings, List<Suppressed> suppressed, List<RuleInfo> rulesRun, List<RuleFailure> failures) {

  /** A finding dropped by a suppression; {@code by} says which comment or entry. */
  public record Suppressed(Finding finding, String by, String reason) {}

  /** A rule that threw instead of returning findings. */
  public record RuleFailure(String code, String message) {}

  public boolean hasAtLeast(Severity threshold) {
    return findings.stream().anyMatch(f -> f.severity().atLeast(threshold));
  }

  public long count(Severity s) {
    return findings.stream().filter(f -> f.severity() == s).count();
  }

  public List<Finding> withCode(String code) {
    return findings.stream().filter(f -> f.code().equals(code)).toList();
  }
}
