package dev.flotilla.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * Who may do what. On a loopback bind reads are open and every state change needs the bearer
 * token; on any other bind every API call needs it. Tokens are compared in constant time (both
 * sides hashed to the same length first, then {@link MessageDigest#isEqual}).
 */
public final class AccessPolicy {
  private static final java.util.regex.Pattern LOOPBACK_V4 = java.util.regex.Pattern.compile("127(\\.\\d{1,3}){3}");
  private final byte[] tokenDigest;
  private final boolean loopback;

  public AccessPolicy(String token, boolean loopback) {
    if (token == null || token.isBlank()) throw new IllegalArgumentException("token must not be empty");
    this.tokenDigest = sha256(token.getBytes(StandardCharsets.UTF_8));
    this.loopback = loopback;
  }

  /** A fresh random token: 32 bytes from {@link SecureRandom}, URL-safe base64. */
  public static String generateToken() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** True when the bind address is a loopback address (127.0.0.0/8, ::1, localhost). */
  public static boolean isLoopback(String bind) {
    try {
      return InetAddress.getByName(bind).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  public boolean loopback() {
    return loopback;
  }

  /** Whether a request needs the token: always off loopback, for state changes on loopback. */
  public boolean tokenRequired(boolean mutating) {
    return mutating || !loopback;
  }

  /** True when the {@code Authorization} header carries the right bearer token. */
  public boolean authorized(String authorizationHeader) {
    if (authorizationHeader == null) return false;
    String h = authorizationHeader.trim();
    if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) return false;
    byte[] given = sha256(h.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    return MessageDigest.isEqual(given, tokenDigest);
  }

  /**
   * On a loopback bind, only accept Host headers naming the loopback: a page on another site
   * that rebinds its DNS name to 127.0.0.1 must not read the API through the victim's browser.
   */
  public boolean hostAllowed(String hostHeader) {
    if (!loopback) return true;
    if (hostHeader == null || hostHeader.isBlank()) return true; // HTTP/1.0 clients (wrk, curl -0)
    if (hostHeader.startsWith("127.0.0.1:") || hostHeader.equals("127.0.0.1")) return true; // the usual one, without a regex
    String host = hostHeader.trim().toLowerCase(Locale.ROOT);
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      host = end > 0 ? host.substring(1, end) : host;
    } else {
      int colon = host.lastIndexOf(':');
      if (colon >= 0) host = host.substring(0, colon);
    }
    // a literal loopback address only: "127.0.0.1.attacker.example" is a name the attacker's DNS
    // can point at 127.0.0.1
    return host.equals("localhost") || host.endsWith(".localhost") || host.equals("::1") || LOOPBACK_V4.matcher(host).matches();
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
