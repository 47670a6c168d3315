package dev.flotilla.server;

import dev.flotilla.track.Store;
import java.util.List;
import java.util.Locale;

/** Puts the parts together: the API, live events and metrics over one store. */
public final class Server {
  /** How often the event poller reads the store. */
  public static final long POLL_MILLIS = 500;

  private Server() {}

  /**
   * Starts {@code flotilla serve} on an open store. {@code jdbcUrl} is the URL the store was
   * opened with (credentials included): the read model opens its own read-only pool on it.
   */
  public static FlotillaServer start(FlotillaServer.Settings settings, Store store, String jdbcUrl, PlatformView platform) {
    ReadModel read = new ReadModel(readUrl(jdbcUrl), 8);
    Api api = new Api(store, read, platform);
    Metrics[] metrics = new Metrics[1];
    StoreFeed feed = new StoreFeed(read, api::changed, row -> metrics[0].row(row));
    EventStream events = new EventStream(feed, POLL_MILLIS);
    metrics[0] = new Metrics(store, read, events::clientCount);
    FlotillaServer.Module closeRead = new FlotillaServer.Module() {
      @Override
      public void register(io.javalin.config.JavalinConfig config) {}

      @Override
      public void close() {
        read.close();
      }
    };
    return FlotillaServer.start(settings, List.of(api, events, metrics[0], closeRead));
  }

  /** The same embedded-database settings the store uses, so both pools share one H2 database. */
  static String readUrl(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("jdbc:h2:") || lower.startsWith("jdbc:h2:mem:") || lower.startsWith("jdbc:h2:tcp:")
        || lower.startsWith("jdbc:h2:ssl:")) {
      return url;
    }
    StringBuilder sb = new StringBuilder(url);
    if (!lower.contains(";auto_server=")) sb.append(";AUTO_SERVER=TRUE");
    if (!lower.contains(";write_delay=")) sb.append(";WRITE_DELAY=0");
    if (!lower.contains(";lock_timeout=")) sb.append(";LOCK_TIMEOUT=20000");
    return sb.toString();
  }
}
