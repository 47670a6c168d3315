package dev.flotilla.server;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The dashboard's files, read once from the jar ({@code flotilla/web/}) and served with ETags. */
final class StaticAssets {
  private static final String ROOT = "/flotilla/web/";
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml",
      "json", "application/json; charset=utf-8",
      "txt", "text/plain; charset=utf-8",
      "ico", "image/x-icon",
      "png", "image/png");

  private record Asset(byte[] bytes, String type, String etag) {}

  private final Map<String, Asset> cache = new ConcurrentHashMap<>();

  /** Serves {@code name} (a file name under the web root); false when there is no such file. */
  boolean serve(Context ctx, String name) {
    if (name.isEmpty() || name.contains("..") || name.contains("\\") || name.startsWith("/")) return false;
    Asset a = cache.computeIfAbsent(name, StaticAssets::load);
    if (a.bytes == null) {
      cache.remove(name);
      return false;
    }
    ctx.header("ETag", a.etag);
    ctx.header("Cache-Control", "no-cache");
    String inm = ctx.header("If-None-Match");
    if (inm != null && Json.matches(inm, a.etag)) {
      ctx.status(304);
      return true;
    }
    ctx.contentType(a.type);
    ctx.result(a.bytes);
    return true;
  }

  private static Asset load(String name) {
    try (InputStream in = StaticAssets.class.getResourceAsStream(ROOT + name)) {
      if (in == null) return new Asset(null, null, null);
      byte[] b = in.readAllBytes();
      String ext = name.substring(name.lastIndexOf('.') + 1);
      String type = TYPES.getOrDefault(ext, "application/octet-stream");
      byte[] d = MessageDigest.getInstance("SHA-256").digest(b);
      return new Asset(b, type, "\"" + HexFormat.of().formatHex(d, 0, 12) + "\"");
    } catch (IOException | NoSuchAlgorithmException e) {
      return new Asset(null, null, null);
    }
  }

  static String text(String name) {
    try (InputStream in = StaticAssets.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("resource missing from the jar: " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read resource " + name, e);
    }
  }
}
