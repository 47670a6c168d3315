package dev.flotilla.deploy;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Compose-style durations ({@code 1m30s}, {@code 500ms}, {@code 2s}, a bare number of seconds) read from x-flotilla settings. */
final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|us|ns|h|m|s)");

  private Durations() {}

  static Duration parse(Object value) {
    if (value == null) return null;
    if (value instanceof Number n) return Duration.ofMillis((long) (n.doubleValue() * 1000));
    String t = value.toString().trim();
    if (t.matches("\\d+(\\.\\d+)?")) return Duration.ofMillis((long) (Double.parseDouble(t) * 1000));
    Matcher m = PART.matcher(t);
    long nanos = 0;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) return null;
      end = m.end();
      double v = Double.parseDouble(m.group(1));
      nanos += (long) (v * switch (m.group(2)) {
        case "h" -> 3_600_000_000_000.0;
        case "m" -> 60_000_000_000.0;
        case "s" -> 1_000_000_000.0;
        case "ms" -> 1_000_000.0;
        case "us" -> 1_000.0;
        default -> 1.0;
      });
    }
    return end == t.length() && end > 0 ? Duration.ofNanos(nanos) : null;
  }

  static Object get(Map<String, Object> raw, String key) {
    return raw == null ? null : raw.get(key);
  }
}
