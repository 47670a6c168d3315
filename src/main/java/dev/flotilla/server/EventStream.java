package dev.flotilla.server;

import io.javalin.config.JavalinConfig;
import io.javalin.http.sse.SseClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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

  /** One event on the wire: {@code id}, a {@code type} (deploy, health, error) and JSON data. */
  public record LiveEvent(long id, String type, Map<String, Object> data) {}

  /** Where events come from: the store, read by id. */
  public interface Feed {
    /** The id of the newest event, 0 when there is none. */
    long newestId();

    /** Up to {@code max} events with an id greater than {@code afterId}, oldest first. */
    List<LiveEvent> after(long afterId, int max);
  }

  private final Feed feed;
  private final long pollMillis;
  private final Map<SseClient, Boolean> clients = new ConcurrentHashMap<>();
  private final AtomicLong lastId = new AtomicLong();
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
      lastId.set(feed.newestId());
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
      long replayFrom = parse(since);
      client.sendComment("connected");
      if (replayFrom >= 0) {
        long upTo = lastId.get();
        for (LiveEvent e : feed.after(replayFrom, REPLAY)) {
          if (e.id() > upTo) break;
          send(client, e);
        }
      }
      clients.put(client, Boolean.TRUE);
    });
  }

  private static long parse(String s) {
    if (s == null || s.isBlank()) return -1;
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("Last-Event-ID must be an event id, got '" + Text.clip(s, 40) + "'");
    }
  }

  /** Reads what is new since the last poll and sends it to every client. */
  void poll() {
    try {
      List<LiveEvent> batch;
      do {
        batch = feed.after(lastId.get(), BATCH);
        for (LiveEvent e : batch) {
          for (SseClient c : clients.keySet()) send(c, e);
          for (var l : listeners) l.accept(e);
          lastId.set(e.id());
        }
      } while (batch.size() == BATCH);
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
      c.sendEvent(e.type(), Json.write(e.data()), Long.toString(e.id()));
    } catch (RuntimeException ex) {
      clients.remove(c);
    }
  }

  @Override
  public void close() {
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
