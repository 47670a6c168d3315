package dev.flotilla.diagnose;

import dev.flotilla.model.Category;
import dev.flotilla.model.Severity;
import java.util.Map;

/**
 * What a failure means: a code in the same code space as {@code flotilla check}, with its
 * category, severity, cause and fix (placeholders filled from the evidence), the static rule that
 * would have caught it before deploy ({@code rule}, null for runtime-only codes), and the
 * evidence: the first line that matched, already redacted.
 */
public record Diagnosis(
    String signatureId,
    String code,
    Category category,
    Severity severity,
    String title,
    String cause,
    String fix,
    String rule,
    String ruleTitle,
    Evidence evidence,
    int occurrences,
    Map<String, String> details) {

  /** Where the evidence came from. */
  public enum Source {
    LOG,
    ENGINE,
    EXIT_CODE,
    OOM
  }

  /**
   * @param line 1-based line number in the log, 0 when the evidence is not a log line
   * @param text the matching line or engine message (redacted), or a description such as "exit code 137"
   */
  public record Evidence(Source source, int line, String text) {}

  /** Groups whose values are free text (and may hold counts, times, ids) rather than a name. */
  private static final java.util.Set<String> FREE_TEXT = java.util.Set.of("detail", "cmd", "exit", "pid", "cycle", "kind");

  /**
   * A stable fingerprint of this failure for the store: the signature and the names it matched
   * (module, host, port, executable, …), free-text parts masked. The same failure in the next
   * deployment has the same fingerprint; a different missing module has another.
   */
  public String fingerprint() {
    StringBuilder sb = new StringBuilder(signatureId);
    new java.util.TreeMap<>(details).forEach((k, v) ->
        sb.append('|').append(k).append('=').append(FREE_TEXT.contains(k) ? TemplateMiner.mask(v) : v));
    return TemplateMiner.fingerprint(sb.toString());
  }

  Diagnosis withOccurrences(int n) {
    return new Diagnosis(signatureId, code, category, severity, title, cause, fix, rule, ruleTitle, evidence, n, details);
  }
}
