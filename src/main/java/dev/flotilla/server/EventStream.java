package dev.flotilla.server;

import io.javalin.config.JavalinConfig;
import io.javalin.http.sse.SseClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/events}: server-sent events for deploy progress, health changes and new errors.
 * One poller asks the feed for what is newer than the last id it saw (one indexed query, however
 * many clients are connected), so it works when {@code flotilla up} runs in another process
 * writing the same store; a client reconnecting with {@code Last-Event-ID} gets what it missed.
 * Each event is rendered once and queued per client; a few sender threads write the queues, so a
 * slow client delays only itself, and one that stops reading is dropped.
 */
public final class EventStream implements FlotillaServer.Module {
  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
  private static final int BATCH = 200;
  /** A reconnecting client gets at most this many missed events; older ones are in the API. */
  private static final int REPLAY = 500;
  /** Threads writing to clients. */
  private static final int SENDERS = 4;
  /** Frames waiting for one client before it counts as stalled and is dropped. */
  private static final int MAX_QUEUED = 2000;

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
  private final Map<SseClient, Outbox> clients = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicReference<String> lastId = new java.util.concurrent.atomic.AtomicReference<>();
  private final ScheduledExecutorService timer;
  /** Writes to clients: a slow or stalled client holds one of these, never the poller. */
  private final ExecutorService senders;
  private final java.util.List<java.util.function.Consumer<LiveEvent>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile long heartbeatAt = System.nanoTime();

  /** One event (or a comment when {@code type} is null) rendered once for every client. */
  private record Frame(String type, String data, String id) {}

  /** What is waiting to be written to one client, drained by one sender at a time. */
  private static final class Outbox {
    final ConcurrentLinkedQueue<Frame> queue = new ConcurrentLinkedQueue<>();
    final AtomicInteger size = new AtomicInteger();
    final AtomicBoolean scheduled = new AtomicBoolean();
  }

  public EventStream(Feed feed, long pollMillis) {
    this.feed = feed;
    this.pollMillis = pollMillis;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "flotilla-events");
      t.setDaemon(true);
      return t;
    });
    AtomicInteger n = new AtomicInteger();
    this.senders = Executors.newFixedThreadPool(SENDERS, r -> {
      Thread t = new Thread(r, "flotilla-events-send-" + n.incrementAndGet());
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
        for (LiveEvent e : feed.after(since, REPLAY, false).events()) write(client, frame(e));
      }
      if (!client.terminated()) clients.put(client, new Outbox());
    });
  }

  private static Frame frame(LiveEvent e) {
    return new Frame(e.type(), Json.write(e.data()), e.id());
  }

  /** Reads what is new since the last poll and queues it for every client. */
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
          Frame f = frame(e);
          clients.forEach((c, box) -> offer(c, box, f));
          for (var l : listeners) l.accept(e);
        }
      } while (batch.more());
      if (System.nanoTime() - heartbeatAt > TimeUnit.SECONDS.toNanos(15)) {
        heartbeatAt = System.nanoTime();
        Frame keepAlive = new Frame(null, "keep-alive", null);
        clients.forEach((c, box) -> offer(c, box, keepAlive));
      }
    } catch (RuntimeException e) {
      LOG.warn("event poll failed: {}", e.toString());
    }
  }

  /**
   * Queues a frame for a client and makes sure a sender drains its queue. A client that has
   * {@value #MAX_QUEUED} frames waiting is not reading: it is dropped, and reconnects with
   * Last-Event-ID when it reads again.
   */
  private void offer(SseClient c, Outbox box, Frame f) {
    if (c.terminated()) {
      clients.remove(c);
      return;
    }
    if (box.size.incrementAndGet() > MAX_QUEUED) {
      drop(c);
      return;
    }
    box.queue.add(f);
    schedule(c, box);
  }

  private void schedule(SseClient c, Outbox box) {
    if (!box.scheduled.compareAndSet(false, true)) return;
    try {
      senders.execute(() -> drain(c, box));
    } catch (java.util.concurrent.RejectedExecutionException stopping) {
      box.scheduled.set(false);
    }
  }

  private void drain(SseClient c, Outbox box) {
    try {
      for (Frame f; (f = box.queue.poll()) != null; ) {
        box.size.decrementAndGet();
        if (!write(c, f)) {
          drop(c);
          return;
        }
      }
    } finally {
      box.scheduled.set(false);
    }
    if (!box.queue.isEmpty()) schedule(c, box);
  }

  private boolean write(SseClient c, Frame f) {
    if (c.terminated()) return false;
    try {
      if (f.type() == null) c.sendComment(f.data());
      else c.sendEvent(f.type(), f.data(), f.id());
      return !c.terminated();
    } catch (RuntimeException ex) {
      return false;
    }
  }

  private void drop(SseClient c) {
    clients.remove(c);
    try {
      c.close();
    } catch (RuntimeException e) {
      // already gone
    }
  }

  @Override
  public void stopping() {
    timer.shutdownNow();
    senders.shutdownNow();
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
