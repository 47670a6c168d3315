package dev.flotilla.report;

import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.UserError;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How fast errors must be handled, after seed 002's process: a critical error answered within 5
 * minutes, every error investigated within 1 hour, a fix planned within 4 hours and deployed
 * within 24 hours. Configurable in {@code x-flotilla.resolution} (or flotilla.yml):
 * {@code resolution: {respond: 5m, investigate: 1h, plan: 4h, fix: 24h}}.
 */
public record ResolutionTargets(Duration respond, Duration investigate, Duration plan, Duration fix) {
  public static final ResolutionTargets SEED_002 =
      new ResolutionTargets(Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofHours(4), Duration.ofHours(24));

  /** Targets from the project's {@code x-flotilla} block; missing keys keep seed 002's values. */
  public static ResolutionTargets from(Map<String, Object> projectSettingsRaw) {
    if (projectSettingsRaw == null) return SEED_002;
    Object r = projectSettingsRaw.get("resolution");
    if (r == null) return SEED_002;
    if (!(r instanceof Map<?, ?> m)) throw UserError.input("x-flotilla.resolution must be a mapping: {respond: 5m, investigate: 1h, plan: 4h, fix: 24h}");
    for (Object k : m.keySet()) {
      if (!Map.of("respond", 1, "investigate", 1, "plan", 1, "fix", 1).containsKey(String.valueOf(k))) {
        throw UserError.input(SourceLocation.UNKNOWN, "x-flotilla.resolution." + k + ": unknown target (use respond, investigate, plan, fix)");
      }
    }
    return new ResolutionTargets(
        get(m, "respond", SEED_002.respond), get(m, "investigate", SEED_002.investigate),
        get(m, "plan", SEED_002.plan), get(m, "fix", SEED_002.fix));
  }

  private static Duration get(Map<?, ?> m, String key, Duration dflt) {
    Object v = m.get(key);
    if (v == null) return dflt;
    Duration d = parse(String.valueOf(v));
    if (d == null) throw UserError.input("x-flotilla.resolution." + key + ": '" + v + "' is not a duration (use 5m, 1h, 4h, 24h, 2d)");
    return d;
  }

  private static final Pattern SPAN = Pattern.compile("(\\d+)\\s*(s|m|min|h|d|w)");

  /** {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}, {@code 1w}, or ISO-8601 ({@code PT5M}); null when not a duration. */
  public static Duration parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    Matcher mm = SPAN.matcher(t);
    if (mm.matches()) {
      long n = Long.parseLong(mm.group(1));
      return switch (mm.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m", "min" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofDays(7 * n);
      };
    }
    try {
      return Duration.parse(text.trim());
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
