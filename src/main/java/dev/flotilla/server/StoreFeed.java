package dev.flotilla.server;

import dev.flotilla.server.EventStream.Batch;
import dev.flotilla.server.EventStream.LiveEvent;
import dev.flotilla.server.ReadModel.Cursor;
import dev.flotilla.server.ReadModel.FeedRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The store as a stream of live events: audit-trail entries become {@code deploy} events, new
 * error occurrences {@code error} events, and health samples {@code health} events when a
 * service's health changes. Every raw row also goes to {@code rowListener} (metrics) and anything
 * new tells the API its cached answers are stale.
 */
final class StoreFeed implements EventStream.Feed {
  private final ReadModel read;
  private final Runnable changed;
  private final Consumer<FeedRow> rowListener;
  private final Map<String, Boolean> lastHealth = new HashMap<>();

  StoreFeed(ReadModel read, Runnable changed, Consumer<FeedRow> rowListener) {
    this.read = read;
    this.changed = changed;
    this.rowListener = rowListener;
  }

  @Override
  public String newest() {
    return read.newest().text();
  }

  @Override
  public boolean valid(String cursor) {
    try {
      Cursor.parse(cursor);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public Batch after(String cursor, int max, boolean live) {
    Cursor cur = Cursor.parse(cursor);
    List<FeedRow> rows = new ArrayList<>(read.after(cur, max));
    if (rows.isEmpty()) return new Batch(List.of(), cursor, false);
    boolean more = rows.stream().filter(r -> r.table().equals("event")).count() >= max
        || rows.stream().filter(r -> r.table().equals("health")).count() >= max
        || rows.stream().filter(r -> r.table().equals("error")).count() >= max;
    rows.sort(Comparator.comparing(FeedRow::at, Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(FeedRow::id));
    long e = cur.event();
    long h = cur.health();
    long o = cur.occurrence();
    Map<String, Boolean> health = live ? lastHealth : new HashMap<>();
    List<LiveEvent> out = new ArrayList<>();
    for (FeedRow r : rows) {
      switch (r.table()) {
        case "event" -> e = Math.max(e, r.id());
        case "health" -> h = Math.max(h, r.id());
        default -> o = Math.max(o, r.id());
      }
      String id = new Cursor(e, h, o).text();
      if (live && rowListener != null) rowListener.accept(r);
      switch (r.table()) {
        case "event" -> out.add(new LiveEvent(id, "deploy", r.data()));
        case "error" -> out.add(new LiveEvent(id, "error", r.data()));
        default -> {
          String key = r.data().get("project") + "/" + r.data().get("service");
          Boolean ok = (Boolean) r.data().get("ok");
          Boolean before = health.put(key, ok);
          if (!ok.equals(before)) out.add(new LiveEvent(id, "health", r.data()));
        }
      }
    }
    if (live) changed.run();
    return new Batch(out, new Cursor(e, h, o).text(), more);
  }
}
