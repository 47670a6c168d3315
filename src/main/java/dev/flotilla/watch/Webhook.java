package dev.flotilla.watch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** POSTs alert payloads (JSON) to a URL; a webhook that fails is reported, never fatal. */
public final class Webhook {
  private final URI url;
  private final HttpClient http;

  public Webhook(URI url) {
    this.url = url;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  }

  public URI url() {
    return url;
  }

  /** Sends one payload; returns null when the receiver answered 2xx, else what went wrong. */
  public String post(String json) {
    HttpRequest req = HttpRequest.newBuilder(url)
        .timeout(Duration.ofSeconds(5))
        .header("Content-Type", "application/json")
        .header("User-Agent", "flotilla-watch")
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
        .build();
    try {
      HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
      return r.statusCode() / 100 == 2 ? null : "webhook " + url + " answered " + r.statusCode();
    } catch (IOException e) {
      return "webhook " + url + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "webhook " + url + " interrupted";
    }
  }
}
