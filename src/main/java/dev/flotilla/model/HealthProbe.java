package dev.flotilla.model;

import java.time.Duration;
import java.util.List;

/**
 * A probe Flotilla runs itself ({@code x-flotilla.health}): http (url, expected status, optional
 * body substring), tcp (host, port) or exec (command inside the service).
 */
public record HealthProbe(
    Kind kind,
    String url,
    int expectStatus,
    String bodyContains,
    String host,
    int port,
    List<String> command,
    Duration timeout,
    SourceLocation location) {

  public enum Kind {
    HTTP,
    TCP,
    EXEC
  }
}
