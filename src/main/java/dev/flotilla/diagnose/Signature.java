package dev.flotilla.diagnose;

import dev.flotilla.model.Category;
import dev.flotilla.model.Severity;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of the failure-signature catalogue ({@code flotilla/signatures.yaml}): what a failure
 * looks like (a log-line pattern, an engine error, an exit code, the OOM flag) and what it means
 * (a code in the same code space as {@code flotilla check}, its category, severity, cause and fix).
 *
 * <p>{@code line} applies to log lines and engine errors, {@code engine} to engine errors only;
 * when both {@code exitCodes} and a pattern are given, both must hold. {@code keywords} are
 * literals (matched ignoring case) of which a line must contain one before the pattern is tried.
 *
 * @param rule the static rule of {@code flotilla check} that would have caught the failure before
 *     deploy, or null when none can (runtime-only codes, numbered 9xx)
 */
public record Signature(
    String id,
    String title,
    List<String> keywords,
    Pattern line,
    Pattern engine,
    Set<Integer> exitCodes,
    Boolean oom,
    Condition when,
    String code,
    Category category,
    Severity severity,
    String cause,
    String fix,
    String rule,
    int priority) {

  /** Extra tests on a pattern's named groups that need context a regex cannot see. */
  public enum Condition {
    NONE,
    /** group {@code module} names another service's package (or a path into a sibling directory). */
    SIBLING_MODULE,
    NOT_SIBLING_MODULE,
    /** group {@code host} is this container itself: localhost, 127.0.0.0/8, ::1. */
    LOCAL_HOST,
    REMOTE_HOST;

    static Condition parse(String text) {
      if (text == null || text.isBlank()) return NONE;
      return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }
  }

  public boolean hasPattern() {
    return line != null || engine != null;
  }

  /** Cause or fix text with {@code {group}} placeholders filled from the match. */
  static String fill(String template, Map<String, String> groups) {
    if (template == null || template.indexOf('{') < 0) return template;
    StringBuilder sb = new StringBuilder();
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      String v = groups.get(m.group(1));
      m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? "?" : v));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)\\}");
}
