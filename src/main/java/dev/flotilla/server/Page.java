package dev.flotilla.server;

import io.javalin.http.Context;
import java.util.List;

/**
 * One page of a list: {@code ?limit} (1..500, default 50) and {@code ?offset} (default 0). The
 * response carries the items, the total and the link to the next page when there is one.
 */
public record Page<T>(List<T> items, long total, int limit, int offset, String next) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;

  /** The requested window, validated. */
  public record Window(int limit, int offset) {}

  public static Window window(Context ctx) {
    int limit = intParam(ctx, "limit", DEFAULT_LIMIT);
    int offset = intParam(ctx, "offset", 0);
    if (limit < 1 || limit > MAX_LIMIT) throw ApiException.badRequest("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
    if (offset < 0) throw ApiException.badRequest("offset must not be negative, got " + offset);
    return new Window(limit, offset);
  }

  public static <T> Page<T> of(Context ctx, Window w, List<T> items, long total) {
    String next = null;
    if (w.offset() + items.size() < total) {
      String qs = ctx.queryString() == null ? "" : ctx.queryString();
      StringBuilder kept = new StringBuilder();
      for (String p : qs.split("&")) {
        if (p.isEmpty() || p.startsWith("offset=") || p.startsWith("limit=")) continue;
        kept.append(p).append('&');
      }
      next = ctx.path() + "?" + kept + "limit=" + w.limit() + "&offset=" + (w.offset() + items.size());
    }
    return new Page<>(items, total, w.limit(), w.offset(), next);
  }

  static int intParam(Context ctx, String name, int dflt) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) return dflt;
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name + " must be a whole number, got '" + Text.clip(v, 40) + "'");
    }
  }
}
