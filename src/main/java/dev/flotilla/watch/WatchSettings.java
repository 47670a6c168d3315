package dev.flotilla.watch;

import dev.flotilla.model.Service;
import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.Stack;
import dev.flotilla.model.UserError;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code x-flotilla.watch}, for the project and per service:
 *
 * <pre>
 * x-flotilla:
 *   watch: { interval: 10s, failures: 3, latency: 50%, error-rate: 5%, window: 20, webhook: URL }
 * services:
 *   api:
 *     x-flotilla:
 *       watch: { failures: 2, metrics: "http://127.0.0.1:9015/metrics", counter: http_requests_total }
 * </pre>
 *
 * Read from the model's raw {@code x-flotilla} maps; a bad value names its file and line.
 */
public record WatchSettings(
    Duration interval, Thresholds defaults, Map<String, Thresholds> perService, Map<String, Metrics> metrics, URI webhook) {

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

  /** A service's own request counter in Prometheus text format, for the error rate. */
  public record Metrics(URI url, String counter) {}

  public static WatchSettings of(Stack stack) {
    Map<String, Object> project = map(stack.settings().raw().get("watch"));
    Where pw = key -> locate(stack.files(), 1, "x-flotilla", "watch", key);
    Duration interval = project.containsKey("interval") ? duration(project.get("interval"), "x-flotilla.watch.interval", pw.at("interval")) : DEFAULT_INTERVAL;
    Thresholds defaults = thresholds(project, Thresholds.DEFAULT, "x-flotilla.watch", pw);
    URI webhook = project.containsKey("webhook") ? url(project.get("webhook"), "x-flotilla.watch.webhook", pw.at("webhook")) : null;
    Map<String, Thresholds> per = new LinkedHashMap<>();
    Map<String, Metrics> metrics = new LinkedHashMap<>();
    for (Service s : stack.services().values()) {
      if (s.settings() == null) continue;
      Map<String, Object> w = map(s.settings().raw().get("watch"));
      if (w.isEmpty()) continue;
      int from = s.location().line() > 0 ? s.location().line() : 1;
      List<Path> files = s.location().file() != null ? List.of(s.location().file()) : stack.files();
      Where sw = key -> locate(files, from, "x-flotilla", "watch", key);
      String path = "services." + s.name() + ".x-flotilla.watch";
      Thresholds t = thresholds(w, defaults, path, sw);
      if (!t.equals(defaults)) per.put(s.name(), t);
      if (w.containsKey("metrics")) {
        URI u = url(w.get("metrics"), path + ".metrics", sw.at("metrics"));
        Object c = w.get("counter");
        metrics.put(s.name(), new Metrics(u, c == null ? "http_requests_total" : String.valueOf(c)));
      }
    }
    return new WatchSettings(interval, defaults, per, metrics, webhook);
  }

  @FunctionalInterface
  private interface Where {
    SourceLocation at(String key);
  }

  private static Thresholds thresholds(Map<String, Object> m, Thresholds base, String path, Where where) {
    int failures = m.containsKey("failures") ? integer(m.get("failures"), path + ".failures", where.at("failures"), 1) : base.failures();
    double latency = m.containsKey("latency") ? percent(m.get("latency"), path + ".latency", where.at("latency"), false) : base.latencyIncreasePct();
    Object er = m.containsKey("error-rate") ? m.get("error-rate") : m.get("error_rate");
    String erKey = m.containsKey("error-rate") ? "error-rate" : "error_rate";
    double errorRate = er != null ? percent(er, path + "." + erKey, where.at(erKey), true) : base.errorRatePct();
    int window = m.containsKey("window") ? integer(m.get("window"), path + ".window", where.at("window"), 2) : base.window();
    return new Thresholds(failures, latency, errorRate, window);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static int integer(Object v, String path, SourceLocation at, int min) {
    try {
      int n = Integer.parseInt(String.valueOf(v).trim());
      if (n >= min) return n;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw UserError.input(at, path + ": '" + v + "' is not a whole number of " + min + " or more (e.g. 3)");
  }

  private static double percent(Object v, String path, SourceLocation at, boolean zeroAllowed) {
    String t = String.valueOf(v).trim();
    if (t.endsWith("%")) t = t.substring(0, t.length() - 1).trim();
    try {
      double d = Double.parseDouble(t);
      if ((zeroAllowed ? d >= 0 : d > 0) && d < (zeroAllowed ? 100 : 100_000)) return d;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw UserError.input(at, path + ": '" + v + "' is not a percentage (write it like 50%)");
  }

  static Duration duration(Object v, String path, SourceLocation at) {
    Duration d = null;
    try {
      d = dev.flotilla.load.ShortSyntax.duration(String.valueOf(v));
    } catch (IllegalArgumentException e) {
      // reported below
    }
    if (d != null && d.toMillis() > 0) return d;
    throw UserError.input(at, path + ": '" + v + "' is not a duration (write it like 10s, 500ms or 1m)");
  }

  private static URI url(Object v, String path, SourceLocation at) {
    try {
      URI u = URI.create(String.valueOf(v).trim());
      if (u.getHost() != null && ("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) return u;
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw UserError.input(at, path + ": '" + v + "' is not an http(s) URL");
  }

  /**
   * The line of {@code keys} nested in order (each found after the previous), from line
   * {@code from} of the first file that has them: where a bad value is, for the error message.
   */
  static SourceLocation locate(List<Path> files, int from, String... keys) {
    for (Path f : files) {
      List<String> lines;
      try {
        lines = Files.readAllLines(f);
      } catch (IOException | RuntimeException e) {
        continue;
      }
      int k = 0;
      for (int i = Math.max(0, from - 1); i < lines.size(); i++) {
        String l = lines.get(i);
        if (Pattern.compile("(^|[\\s{,])" + Pattern.quote(keys[k]) + "\\s*:").matcher(l).find()) {
          // Flow style ({ a: 1, b: 2 }) puts later keys on the same line.
          while (k + 1 < keys.length && Pattern.compile("[\\s{,]" + Pattern.quote(keys[k + 1]) + "\\s*:").matcher(l).find()) k++;
          if (k == keys.length - 1) return SourceLocation.of(f, i + 1);
          k++;
        }
      }
    }
    return files.isEmpty() ? SourceLocation.UNKNOWN : SourceLocation.of(files.get(0), 0);
  }
}
