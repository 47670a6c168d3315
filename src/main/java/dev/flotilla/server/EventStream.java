package dev.flotilla.server;

import io.javalin.config.JavalinConfig;
import io.javalin.http.sse.SseClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/events}: server-sent events for deploy progress, health changes and new errors.
 * One poller asks the feed for what is newer than the last id it saw (one indexed query, however
 * many clients are connected), so it works when {@code flotilla up} runs in another process
 * writing the same store; a client reconnecting with {@code Last-Event-ID} gets what it missed.
 */
public final class EventStream implements FlotillaServer.Module {
  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
  private static final int BATCH = 200;
  /** A reconnecting client gets at most this many missed events; older ones are in the API. */
  private static final int REPLAY = 500;

  /** One event on the wire: {@code id} (a cursor), a {@code type} (deploy, health, error) and JSON data. */
  public record LiveEvent(String id, String type, Map<String, Object> data) {}

  /** Events read in one go, the cursor after them, and whether more are waiting. */
  public record Batch(List<LiveEvent> events, String cursor, boolean more) {}

  /** Where events come from: the store, read by cursor. */
  public interface Feed {
    /** The cursor of the newest event. */
    String newest();

    /**
     * Events after {@code cursor}, oldest first; {@code live} is false for a replay to one
     * reconnecting client. Empty when nothing is new. Each event's id is the cursor after it.
     */
    Batch after(String cursor, int max, boolean live);

    /** Whether {@code cursor} can be read by {@link #after}. */
    boolean valid(String cursor);
  }

  private final Feed feed;
  private final long pollMillis;
  private final Map<SseClient, Boolean> clients = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicReference<String> lastId = new java.util.concurrent.atomic.AtomicReference<>();
  private final ScheduledExecutorService timer;
  private final java.util.List<java.util.function.Consumer<LiveEvent>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile long heartbeatAt = System.nanoTime();

  public EventStream(Feed feed, long pollMillis) {
    this.feed = feed;
    this.pollMillis = pollMillis;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "flotilla-events");
      t.setDaemon(true);
      return t;
    });
  }

  /** Also tell {@code listener} of each event (metrics use this). */
  public void listen(java.util.function.Consumer<LiveEvent> listener) {
    listeners.add(listener);
  }

  public int clientCount() {
    return clients.size();
  }

  @Override
  public void register(JavalinConfig config) {
    try {
      lastId.set(feed.newest());
    } catch (RuntimeException e) {
      LOG.warn("cannot read the newest event id: {}", e.toString());
    }
    timer.scheduleWithFixedDelay(this::poll, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    config.routes.sse("/api/events", client -> {
      client.ctx().header("X-Accel-Buffering", "no");
      client.keepAlive();
      client.onClose(() -> clients.remove(client));
      String since = client.ctx().header("Last-Event-ID");
      if (since == null) since = client.ctx().queryParam("since");
      client.sendComment("connected");
      if (since != null && feed.valid(since)) {
        // what it missed, up to where the live stream takes over (a few may come twice; ids tell)
        for (LiveEvent e : feed.after(since, REPLAY, false).events()) send(client, e);
      }
      clients.put(client, Boolean.TRUE);
    });
  }

  /** Reads what is new since the last poll and sends it to every client. */
  void poll() {
    try {
      Batch batch;
      do {
        String from = lastId.get();
        if (from == null) {
          lastId.set(feed.newest());
          return;
        }
        batch = feed.after(from, BATCH, true);
        lastId.set(batch.cursor());
        for (LiveEvent e : batch.events()) {
          for (SseClient c : clients.keySet()) send(c, e);
          for (var l : listeners) l.accept(e);
        }
      } while (batch.more());
      if (System.nanoTime() - heartbeatAt > TimeUnit.SECONDS.toNanos(15)) {
        heartbeatAt = System.nanoTime();
        for (SseClient c : clients.keySet()) {
          if (c.terminated()) clients.remove(c);
          else c.sendComment("keep-alive");
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("event poll failed: {}", e.toString());
    }
  }

  private void send(SseClient c, LiveEvent e) {
    if (c.terminated()) {
      clients.remove(c);
      return;
    }
    try {
      c.sendEvent(e.type(), Json.write(e.data()), e.id());
    } catch (RuntimeException ex) {
      clients.remove(c);
    }
  }

  @Override
  public void stopping() {
    timer.shutdownNow();
    for (SseClient c : clients.keySet()) {
      try {
        c.close();
      } catch (RuntimeException e) {
        // already gone
      }
    }
    clients.clear();
  }
}
