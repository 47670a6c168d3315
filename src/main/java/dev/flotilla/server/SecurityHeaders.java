package dev.flotilla.server;

import io.javalin.http.Context;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.PreEncodedHttpField;

/** Headers on every response: a strict Content-Security-Policy and friends. */
final class SecurityHeaders {
  /** No inline script or style, nothing from another origin, no framing. */
  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
          + "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  /** Encoded once: every response carries all of them. */
  private static final List<HttpField> FIELDS = List.of(
      new PreEncodedHttpField("Content-Security-Policy", CSP),
      new PreEncodedHttpField("X-Content-Type-Options", "nosniff"),
      new PreEncodedHttpField("Referrer-Policy", "no-referrer"),
      new PreEncodedHttpField("X-Frame-Options", "DENY"),
      new PreEncodedHttpField("Cross-Origin-Opener-Policy", "same-origin"),
      new PreEncodedHttpField("Cross-Origin-Resource-Policy", "same-origin"),
      new PreEncodedHttpField("Permissions-Policy", "camera=(), microphone=(), geolocation=()"));

  private SecurityHeaders() {}

  static void apply(Context ctx) {
    for (HttpField f : FIELDS) ctx.header(f.getName(), f.getValue());
  }

  /** The same headers on a response written below the router ({@link CachedAnswers}). */
  static void apply(HttpFields.Mutable headers) {
    for (HttpField f : FIELDS) headers.put(f);
  }
}
