package dev.flotilla.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How times and durations read in text, Markdown and HTML: UTC, to the second; 1h 02m 03s. */
public final class Formatting {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private Formatting() {}

  public static String time(Instant t) {
    return t == null ? "-" : TIME.format(t);
  }

  public static String duration(Long ms) {
    return ms == null ? "-" : duration(Duration.ofMillis(ms));
  }

  public static String duration(Duration d) {
    if (d == null) return "-";
    long s = d.toSeconds();
    if (s < 1) return d.toMillis() + "ms";
    if (s < 60) return String.format("%.1fs", d.toMillis() / 1000.0);
    if (s < 3600) return String.format("%dm %02ds", s / 60, s % 60);
    if (s < 86400) return String.format("%dh %02dm", s / 3600, (s % 3600) / 60);
    return String.format("%dd %02dh", s / 86400, (s % 86400) / 3600);
  }

  /** The first line of a text, shortened to {@code max} characters. */
  public static String oneLine(String s, int max) {
    if (s == null) return "";
    String line = s.strip().lines().findFirst().orElse("");
    return line.length() <= max ? line : line.substring(0, max - 1) + "…";
  }
}
