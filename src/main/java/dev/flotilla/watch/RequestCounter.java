package dev.flotilla.watch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's request counter from its Prometheus endpoint ({@code http_requests_total} by
 * default): the total, and the errors (samples whose {@code status}/{@code code} label is not
 * 2xx or 3xx). The watcher uses the increase between rounds.
 */
public final class RequestCounter {
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})?\\s+(\\S+)");
  private static final Pattern STATUS = Pattern.compile("(?:^|,)\\s*(?:status|code|status_code)\\s*=\\s*\"(\\d{3})\"");

  private final URI url;
  private final String counter;
  private final HttpClient http;
  private long[] last;

  public RequestCounter(URI url, String counter, HttpClient http) {
    this.url = url;
    this.counter = counter;
    this.http = http;
  }

  /** {errors, total} counted now, or null when the endpoint cannot be read. */
  public long[] read() {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) return null;
      return parse(r.body(), counter);
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The increase {errors, total} since the previous successful read; null on the first or a failed read. */
  public long[] delta() {
    long[] now = read();
    if (now == null) return null;
    long[] prev = last;
    last = now;
    if (prev == null) return null;
    // A restarted service starts its counter at 0 again: count from there.
    if (now[1] < prev[1]) return now;
    return new long[] {now[0] - prev[0], now[1] - prev[1]};
  }

  static long[] parse(String text, String counter) {
    long errors = 0;
    long total = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("#")) continue;
      Matcher m = SAMPLE.matcher(line);
      if (!m.find() || !m.group(1).equals(counter)) continue;
      long v;
      try {
        v = (long) Double.parseDouble(m.group(4));
      } catch (NumberFormatException e) {
        continue;
      }
      total += v;
      Matcher s = STATUS.matcher(m.group(3) == null ? "" : m.group(3));
      if (s.find() && s.group(1).charAt(0) != '2' && s.group(1).charAt(0) != '3') errors += v;
    }
    return new long[] {errors, total};
  }
}
