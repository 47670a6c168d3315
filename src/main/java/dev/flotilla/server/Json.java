package dev.flotilla.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON out of the API: one mapper, instants as ISO-8601 text, ETags from the body's hash. */
public final class Json {
  public static final ObjectMapper MAPPER = mapper();

  private Json() {}

  private static ObjectMapper mapper() {
    SimpleModule time = new SimpleModule("flotilla-time");
    time.addSerializer(Instant.class, new JsonSerializer<>() {
      @Override
      public void serialize(Instant v, JsonGenerator g, SerializerProvider p) throws IOException {
        g.writeString(v.toString());
      }
    });
    time.addSerializer(Duration.class, new JsonSerializer<>() {
      @Override
      public void serialize(Duration v, JsonGenerator g, SerializerProvider p) throws IOException {
        g.writeNumber(v.toMillis());
      }
    });
    return new ObjectMapper()
        .registerModule(time)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  }

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Sends {@code value} as JSON with a strong ETag over its bytes; answers 304 with no body when
   * the client's {@code If-None-Match} already names it, so polling clients pay only for changes.
   */
  public static void respond(Context ctx, Object value) {
    respond(ctx, Rendered.of(value));
  }

  /**
   * A JSON body rendered once, with its ETag and, when it is worth it, its gzip encoding: what the
   * response cache keeps, so a hit costs no serialisation, hashing or compression.
   */
  public record Rendered(byte[] body, String etag, byte[] gzip) {
    /** Bodies smaller than this are sent as they are (the gzip header alone is 18 bytes). */
    static final int GZIP_FROM = 1024;

    public static Rendered of(Object value) {
      byte[] body = write(value).getBytes(StandardCharsets.UTF_8);
      return new Rendered(body, "\"" + digest(body) + "\"", body.length >= GZIP_FROM ? Json.gzip(body) : null);
    }
  }

  private static byte[] gzip(byte[] body) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(body.length / 4 + 64);
    try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
      z.write(body);
    } catch (IOException e) {
      throw new IllegalStateException("cannot gzip in memory", e);
    }
    return out.toByteArray();
  }

  /** Whether an {@code Accept-Encoding} header takes gzip (and does not refuse it with q=0). */
  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) return false;
    for (String part : acceptEncoding.split(",")) {
      String[] p = part.trim().split(";");
      if (!p[0].trim().equalsIgnoreCase("gzip") && !p[0].trim().equals("*")) continue;
      for (int i = 1; i < p.length; i++) {
        String q = p[i].trim().replace(" ", "");
        if (q.equals("q=0") || q.equals("q=0.0") || q.equals("q=0.00") || q.equals("q=0.000")) return false;
      }
      return true;
    }
    return false;
  }

  public static void respond(Context ctx, Rendered r) {
    byte[] body = r.body();
    String etag = r.etag();
    ctx.header("ETag", etag);
    ctx.header("Cache-Control", "no-cache");
    String inm = ctx.header("If-None-Match");
    if (inm != null && matches(inm, etag)) {
      ctx.status(304);
      return;
    }
    ctx.contentType("application/json; charset=utf-8");
    ctx.result(body);
  }

  static boolean matches(String ifNoneMatch, String etag) {
    for (String part : ifNoneMatch.split(",")) {
      String t = part.trim();
      if (t.startsWith("W/")) t = t.substring(2);
      if (t.equals("*") || t.equals(etag)) return true;
    }
    return false;
  }

  /** The body of every API failure. */
  public static Map<String, Object> errorBody(String code, String message) {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("code", code);
    inner.put("message", message);
    return Map.of("error", inner);
  }

  private static String digest(byte[] body) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(d).substring(0, 27);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
