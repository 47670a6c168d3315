package dev.flotilla.deploy;

import dev.flotilla.load.ShortSyntax;
import java.time.Duration;
import java.util.Map;

/** Compose-style durations ({@code 1m30s}, {@code 500ms}, {@code 2s}, a bare number of seconds) read from x-flotilla settings. */
final class Durations {
  private Durations() {}

  static Duration parse(Object value) {
    if (value == null) return null;
    if (value instanceof Number n) return Duration.ofMillis((long) (n.doubleValue() * 1000));
    try {
      return ShortSyntax.duration(value.toString());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static Object get(Map<String, Object> raw, String key) {
    return raw == null ? null : raw.get(key);
  }
}
