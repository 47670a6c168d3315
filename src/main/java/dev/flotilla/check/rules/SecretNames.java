package dev.flotilla.check.rules;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** What looks like a credential, shared by SEC001 and SEC002. */
final class SecretNames {
  private SecretNames() {}

  private static final Pattern SECRET_NAME = Pattern.compile(
      "(^|_)(PASSWORD|PASSWD|PASS|PWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|SECRET_?KEY|CLIENT_?SECRET|AUTH_?KEY|CREDENTIALS?|SIGNING_?KEY|ENCRYPTION_?KEY|DSN)($|_)");

  private static final Set<String> NOT_SECRET_SUFFIX = Set.of("_FILE", "_PATH", "_URL_FILE", "_LENGTH", "_MIN_LENGTH", "_EXPIRY",
      "_TTL", "_TIMEOUT", "_ALGORITHM", "_HEADER", "_NAME", "_USER", "_ENABLED", "_REQUIRED", "_POLICY", "_EXPIRE_MINUTES");

  static final Set<String> WEAK = Set.of("password", "passw0rd", "p@ssw0rd", "admin", "root", "secret", "changeme", "change_me",
      "123456", "12345678", "1234", "qwerty", "postgres", "mysql", "guest", "default", "test", "example", "pass", "letmein",
      "password123", "admin123", "toor", "redis", "mongo", "rabbitmq", "minioadmin", "user", "demo");

  static boolean isSecretName(String name) {
    String n = name.toUpperCase(Locale.ROOT);
    for (String s : NOT_SECRET_SUFFIX) if (n.endsWith(s)) return false;
    return SECRET_NAME.matcher(n).find();
  }

  static boolean isPasswordName(String name) {
    String n = name.toUpperCase(Locale.ROOT);
    return isSecretName(n) && (n.contains("PASS") || n.contains("PWD"));
  }

  static boolean isWeak(String value) {
    return value != null && WEAK.contains(value.trim().toLowerCase(Locale.ROOT));
  }

  /** Tokens whose shape alone gives them away. */
  static final Pattern KNOWN_TOKEN = Pattern.compile(
      "(AKIA[0-9A-Z]{16}|ghp_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{40,}|sk_live_[A-Za-z0-9]{16,}|xox[baprs]-[A-Za-z0-9-]{10,}"
          + "|-----BEGIN [A-Z ]*PRIVATE KEY-----|AIza[0-9A-Za-z_-]{35}|glpat-[A-Za-z0-9_-]{20})");

  /** Masks a secret for messages: never more than its first two characters. */
  static String mask(String v) {
    if (v == null || v.isEmpty()) return "''";
    return v.length() <= 4 ? "****" : v.substring(0, 2) + "****";
  }
}
