package dev.flotilla.server;

import java.nio.ByteBuffer;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The hot path in front of the router: a GET under {@code /api/} whose answer the API holds
 * ready ({@link Api#ready}) is written from the cached bytes (plain or gzip, or a 304 when the
 * client already has that ETag) without the servlet layer, the router or any per-request
 * rendering. Everything else — and every request the guard would refuse — goes on to the router
 * unchanged, so the answers are the router's byte for byte (decision 0080).
 */
final class CachedAnswers extends Handler.Wrapper {
  private static final HttpField JSON = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
  private static final HttpField NO_CACHE = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, "no-cache");
  private static final HttpField GZIP = new PreEncodedHttpField(HttpHeader.CONTENT_ENCODING, "gzip");
  private static final HttpField VARY = new PreEncodedHttpField(HttpHeader.VARY, "Accept-Encoding");

  private static final java.util.concurrent.atomic.LongAdder SERVED = new java.util.concurrent.atomic.LongAdder();

  private final Function<String, Json.Rendered> ready;
  private final AccessPolicy policy;

  CachedAnswers(Function<String, Json.Rendered> ready, AccessPolicy policy) {
    this.ready = ready;
    this.policy = policy;
  }

  /** Answers written here since start (all servers of this process): for tests. */
  static long served() {
    return SERVED.sum();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (!HttpMethod.GET.is(request.getMethod())) return super.handle(request, response, callback);
    HttpURI uri = request.getHttpURI();
    String path = uri.getPath();
    if (path == null || !path.startsWith("/api/")) return super.handle(request, response, callback);
    String query = uri.getQuery();
    Json.Rendered r = ready.apply(path + "?" + (query == null ? "" : query));
    if (r == null) return super.handle(request, response, callback);
    HttpFields in = request.getHeaders();
    // the same guard as the router's: anything it would refuse goes there for its error body
    if (!policy.hostAllowed(in.get(HttpHeader.HOST))) return super.handle(request, response, callback);
    if (policy.tokenRequired(false) && !policy.authorized(in.get(HttpHeader.AUTHORIZATION))) {
      return super.handle(request, response, callback);
    }
    SERVED.increment();
    HttpFields.Mutable out = response.getHeaders();
    SecurityHeaders.apply(out);
    out.put(HttpHeader.ETAG, r.etag());
    out.put(NO_CACHE);
    if (r.gzip() != null) out.put(VARY);
    String inm = in.get(HttpHeader.IF_NONE_MATCH);
    if (inm != null && Json.matches(inm, r.etag())) {
      response.setStatus(304);
      callback.succeeded();
      return true;
    }
    byte[] body = r.body();
    if (r.gzip() != null && Json.acceptsGzip(in.get(HttpHeader.ACCEPT_ENCODING))) {
      body = r.gzip();
      out.put(GZIP);
    }
    response.setStatus(200);
    out.put(JSON);
    out.put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body).asReadOnlyBuffer(), callback);
    return true;
  }
}
