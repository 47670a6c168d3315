package dev.flotilla.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets before anything is printed, stored or reported: values of environment
 * variables whose names look secret, credentials in URLs, and tokens in free text and log lines.
 * Pure and thread-safe; every method returns its input unchanged when there is nothing to hide.
 *
 * <p>Redaction errs on the side of hiding: a false mask costs a little readability, a missed
 * secret costs a rotation.
 */
public final class Redactor {
  /** What a secret is replaced with. */
  public static final String MASK = "***";

  private Redactor() {}

  // ---- names -------------------------------------------------------------------------------

  /** Name parts that make a variable secret on their own (after splitting on _ - . and case). */
  private static final Set<String> SECRET_PARTS =
      Set.of(
          "PASSWORD", "PASSWD", "PASSWORDS", "PWD", "PASS", "PASSPHRASE", "SECRET", "SECRETS",
          "TOKEN", "TOKENS", "KEY", "KEYS", "APIKEY", "ACCESSKEY", "SECRETKEY", "PRIVATEKEY",
          "CREDENTIAL", "CREDENTIALS", "CREDS", "AUTH", "AUTHORIZATION", "COOKIE", "SALT",
          "SIGNATURE", "DSN", "JWT", "BEARER", "CERT", "PEM", "PFX", "KEYSTORE", "SESSIONID",
          "OTP", "PIN", "WEBHOOK", "CONNSTR", "CONNECTIONSTRING");

  /**
   * A last name part that says the value describes a secret rather than holding one
   * ({@code AUTH_URL}, {@code PASSWORD_FILE}, {@code TOKEN_TTL}): shown, but URL credentials in it
   * are still masked.
   */
  private static final Set<String> DESCRIPTOR_PARTS =
      Set.of(
          "URL", "URI", "HOST", "HOSTNAME", "PORT", "FILE", "PATH", "DIR", "ENABLED", "ENABLE",
          "DISABLED", "TYPE", "MODE", "ALGORITHM", "ALG", "EXPIRE", "EXPIRES", "EXPIRY", "TTL",
          "TIMEOUT", "MINUTES", "SECONDS", "HOURS", "DAYS", "LENGTH", "HEADER", "PREFIX",
          "ISSUER", "AUDIENCE", "REALM", "PROVIDER", "METHOD", "SCHEME", "ENDPOINT", "SERVICE",
          "USER", "USERNAME", "LOGIN", "REQUIRED", "POLICY", "VERSION", "LEVEL", "COUNT");

  private static final Pattern CAMEL = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");
  private static final Pattern NAME_SPLIT = Pattern.compile("[^A-Za-z0-9]+");

  /**
   * True when a variable or key with this name holds a secret: {@code DB_PASSWORD},
   * {@code apiKey}, {@code STRIPE_SECRET_KEY}, {@code SENTRY_DSN}, {@code x-auth-token}. A name
   * whose last part describes the secret ({@code AUTH_URL}, {@code PASSWORD_FILE}) is not.
   */
  public static boolean isSecretName(String name) {
    if (name == null || name.isEmpty()) return false;
    String[] parts = NAME_SPLIT.split(CAMEL.matcher(name).replaceAll("_").toUpperCase(Locale.ROOT));
    List<String> list = new ArrayList<>();
    for (String p : parts) if (!p.isEmpty()) list.add(p);
    if (list.isEmpty()) return false;
    boolean secret = false;
    for (String p : list) {
      if (SECRET_PARTS.contains(p) || containsSecretWord(p)) {
        secret = true;
        break;
      }
    }
    if (!secret) return false;
    String last = list.get(list.size() - 1);
    // "TOKEN" alone or "API_KEY" end in the secret word; "AUTH_SERVICE_URL" ends in a descriptor.
    return !DESCRIPTOR_PARTS.contains(last) || SECRET_PARTS.contains(last);
  }

  /** Glued words such as MYSQLPASSWORD or DBPASS that the splitter cannot separate. */
  private static boolean containsSecretWord(String part) {
    return part.contains("PASSWORD")
        || part.contains("PASSWD")
        || part.contains("SECRET")
        || part.contains("TOKEN")
        || part.contains("APIKEY")
        || part.contains("PRIVATEKEY")
        || part.contains("CREDENTIAL");
  }

  // ---- values ------------------------------------------------------------------------------

  /**
   * The value to show for an environment variable: {@link #MASK} when the name looks secret
   * (a DSN keeps its scheme and host, losing only its credentials), otherwise the value with
   * URL credentials and tokens removed. Null and empty values stay as they are.
   */
  public static String redactEnvValue(String name, String value) {
    if (value == null || value.isEmpty()) return value;
    if (isSecretName(name)) {
      if (isDsnName(name) && value.contains("://")) return redactDsn(value);
      // A reference to another variable hides nothing: keep "${DB_PASSWORD}" readable.
      if (value.startsWith("${") && value.endsWith("}") && value.indexOf('}') == value.length() - 1)
        return value;
      return MASK;
    }
    return redactText(value);
  }

  private static boolean isDsnName(String name) {
    String n = name.toUpperCase(Locale.ROOT);
    return n.contains("DSN") || n.contains("CONNSTR") || n.contains("CONNECTION");
  }

  /** A DSN whose userinfo alone is the key ({@code https://abc123@sentry.io/1}) loses it all. */
  private static String redactDsn(String value) {
    String once = redactUrlCredentials(value);
    return USERINFO_ONLY.matcher(once).replaceAll("$1" + MASK + "@");
  }

  /** A copy of the environment with every value passed through {@link #redactEnvValue}. */
  public static Map<String, String> redactEnv(Map<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>();
    env.forEach((k, v) -> out.put(k, redactEnvValue(k, v)));
    return out;
  }

  /** The same variable with its value redacted. */
  public static EnvVar redact(EnvVar var) {
    String v = redactEnvValue(var.name(), var.value());
    return v == null || v.equals(var.value()) ? var : new EnvVar(var.name(), v, var.location());
  }

  private static final Pattern URL_CREDENTIALS =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.\\-]*://)([^\\s:/@?#\"'<>]*):([^\\s/?#\"'<>]+)@");
  private static final Pattern USERINFO_ONLY =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.\\-]*://)(?!\\*\\*\\*@)[^\\s:/@?#\"'<>]+@");

  /** {@code scheme://user:pass@host} becomes {@code scheme://user:***@host}. */
  public static String redactUrlCredentials(String text) {
    if (text == null || text.indexOf("://") < 0) return text;
    Matcher m = URL_CREDENTIALS.matcher(text);
    if (!m.find()) return text;
    StringBuilder sb = new StringBuilder();
    do {
      String password = m.group(3);
      String replacement = password.equals(MASK) ? m.group() : m.group(1) + m.group(2) + ":" + MASK + "@";
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    } while (m.find());
    m.appendTail(sb);
    return sb.toString();
  }

  // ---- free text ---------------------------------------------------------------------------

  private static final Pattern PRIVATE_KEY_BLOCK =
      Pattern.compile(
          "-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY((?: BLOCK)?)-----.*?(-----END \\1PRIVATE KEY\\2-----|\\z)",
          Pattern.DOTALL);
  private static final Pattern PRIVATE_KEY_BEGIN =
      Pattern.compile("-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----");
  private static final Pattern PRIVATE_KEY_END =
      Pattern.compile("-----END ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----");

  private static final Pattern AUTH_HEADER =
      Pattern.compile(
          "(?i)\\b((?:proxy-)?authorization|x-api-key|x-auth-token|api-key|cookie|set-cookie)"
              + "([\"']?\\s*[:=]\\s*[\"']?)"
              + "(?:(bearer|basic|digest|token|negotiate|apikey|aws4-hmac-sha256)\\s+)?"
              + "([^\\s\"',;]+(?:[ \\t]*[,;][ \\t]*[^\\s\"',;]+=[^\\s\"',;]+)*)");
  private static final Pattern BEARER =
      Pattern.compile("(?i)\\b(bearer|basic)\\s+([A-Za-z0-9\\-._~+/]{8,}=*)");

  /** Well-known token shapes that are secret wherever they appear. */
  private static final Pattern KNOWN_TOKENS =
      Pattern.compile(
          String.join(
              "|",
              // AWS access key ids
              "\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|ABIA|ACCA)[A-Z0-9]{16}\\b",
              // GitHub
              "\\bgh[pousr]_[A-Za-z0-9]{30,}\\b",
              "\\bgithub_pat_[A-Za-z0-9_]{22,}\\b",
              // GitLab, npm, PyPI
              "\\bglpat-[A-Za-z0-9_\\-]{20,}\\b",
              "\\bnpm_[A-Za-z0-9]{36}\\b",
              "\\bpypi-[A-Za-z0-9_\\-]{50,}\\b",
              // Slack tokens and webhooks
              "\\bxox[abposr]-[A-Za-z0-9\\-]{10,}\\b",
              "https://hooks\\.slack\\.com/services/[A-Za-z0-9/_\\-]+",
              // Stripe, Google, SendGrid, OpenAI-style
              "\\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}\\b",
              "\\bAIza[0-9A-Za-z_\\-]{30,}\\b",
              "\\bSG\\.[A-Za-z0-9_\\-]{16,}\\.[A-Za-z0-9_\\-]{16,}\\b",
              "\\bsk-[A-Za-z0-9_\\-]{32,}\\b",
              // JWTs: header.payload.signature, header starting {"
              "\\beyJ[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]{8,}"));

  /** {@code name=value}, {@code name: value}, {@code "name": "value"}; the name is judged in code. */
  private static final Pattern KEY_VALUE =
      Pattern.compile(
          "(?<![A-Za-z0-9_./@])([\"']?)([A-Za-z_][A-Za-z0-9_.\\-]*)\\1(\\s*[=:]\\s*)"
              + "(\"[^\"]*\"|'[^']*'|[^\\s\"',;&}\\]\\)]+)");

  /** {@code --password hunter2} on a command line. */
  private static final Pattern FLAG_VALUE =
      Pattern.compile(
          "(?i)(--?[a-z0-9\\-]*(?:password|passwd|secret|token|api-key|apikey|access-key)[a-z0-9\\-]*)(\\s+)(?!-)([^\\s\"']+|\"[^\"]*\"|'[^']*')");

  /**
   * Free text or a log line with every recognisable secret replaced by {@link #MASK}: private key
   * blocks, Authorization/Bearer credentials, URL credentials, well-known token shapes (AWS,
   * GitHub, Slack, Stripe, Google, JWT), {@code secret-name=value} pairs and
   * {@code --password value} flags.
   */
  public static String redactText(String text) {
    if (text == null || text.isEmpty()) return text;
    if (!mayHoldSecret(text)) return text;
    String s = text;
    if (s.contains("PRIVATE KEY")) {
      s = PRIVATE_KEY_BLOCK.matcher(s).replaceAll("-----BEGIN $1PRIVATE KEY$2-----" + MASK + "$3");
    }
    // each expression runs only where a fragment it cannot match without is present: most texts
    // that trip one trigger ("password" in a message) need one or two of them, not all six
    if (hasAny(s, AUTH_HEADER_HINTS)) s = replaceAuthHeaders(s);
    if (hasAny(s, BEARER_HINTS)) s = BEARER.matcher(s).replaceAll("$1 " + MASK);
    s = redactUrlCredentials(s);
    if (hasAny(s, TOKEN_HINTS)) s = KNOWN_TOKENS.matcher(s).replaceAll(MASK);
    s = replaceKeyValues(s);
    if (s.indexOf('-') >= 0 && hasAny(s, FLAG_HINTS)) s = FLAG_VALUE.matcher(s).replaceAll("$1$2" + MASK);
    return s;
  }

  /** Lower-case fragments without which AUTH_HEADER, BEARER, KNOWN_TOKENS and FLAG_VALUE cannot match. */
  private static final String[] AUTH_HEADER_HINTS = {"authorization", "api-key", "auth-token", "cookie"};
  private static final String[] BEARER_HINTS = {"bearer", "basic"};
  private static final String[] TOKEN_HINTS = {
    "akia", "asia", "agpa", "aida", "aroa", "anpa", "anva", "aipa", "abia", "acca", "ghp_", "gho_", "ghu_",
    "ghs_", "ghr_", "github_pat_", "glpat-", "npm_", "pypi-", "xox", "hooks.slack.com", "sk_", "rk_", "pk_",
    "aiza", "sg.", "sk-", "eyj"
  };
  private static final String[] FLAG_HINTS = {"password", "passwd", "secret", "token", "api-key", "apikey", "access-key"};

  private static boolean hasAny(String text, String[] fragments) {
    String lower = text.toLowerCase(Locale.ROOT);
    for (String f : fragments) if (lower.contains(f)) return true;
    return false;
  }

  /**
   * Lower-case fragments of which every secret this class recognises contains one: a line with
   * none of them (most log lines) skips the regular expressions.
   */
  private static final String[] TRIGGERS = {
    "://", "pass", "pwd", "secret", "token", "key", "cred", "auth", "cookie", "salt", "signature",
    "dsn", "jwt", "bearer", "basic", "cert", "pem", "pfx", "session", "otp", "pin", "webhook",
    "conn", "private", "akia", "asia", "agpa", "aida", "aroa", "anpa", "anva", "aipa", "abia",
    "acca", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat", "glpat-", "npm_", "pypi-", "xox",
    "sk_", "rk_", "pk_", "aiza", "sg.", "sk-", "eyj"
  };

  private static boolean mayHoldSecret(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    for (String t : TRIGGERS) if (lower.contains(t)) return true;
    return false;
  }

  private static String replaceAuthHeaders(String s) {
    Matcher m = AUTH_HEADER.matcher(s);
    if (!m.find()) return s;
    StringBuilder sb = new StringBuilder();
    do {
      String scheme = m.group(3) == null ? "" : m.group(3) + " ";
      m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + m.group(2) + scheme + MASK));
    } while (m.find());
    m.appendTail(sb);
    return sb.toString();
  }

  private static String replaceKeyValues(String s) {
    if (s.indexOf('=') < 0 && s.indexOf(':') < 0) return s;
    Matcher m = KEY_VALUE.matcher(s);
    StringBuilder sb = null;
    int copied = 0;
    int from = 0;
    while (from < s.length() && m.find(from)) {
      String name = m.group(2);
      String value = m.group(4);
      boolean hostPort = m.group(3).equals(":") && value.chars().allMatch(Character::isDigit);
      if (hostPort || !isSecretName(name) || !worthMasking(name, value)) {
        // "psql: password=x": the value of a plain key may hold the next pair; look inside it.
        from = m.start(4);
        continue;
      }
      if (sb == null) sb = new StringBuilder();
      String masked;
      if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')) {
        char q = value.charAt(0);
        masked = q + MASK + q;
      } else if (value.contains("://")) {
        masked = isDsnName(name) ? redactDsn(value) : redactUrlCredentials(value);
      } else {
        masked = MASK;
      }
      sb.append(s, copied, m.start(4)).append(masked);
      copied = m.end(4);
      from = m.end(4);
    }
    if (sb == null) return s;
    sb.append(s, copied, s.length());
    return sb.toString();
  }

  /** Values that are already masked, empty, or obviously not secret ("null", "true") stay. */
  private static boolean worthMasking(String name, String value) {
    String v = value;
    if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'')) v = v.substring(1, v.length() - 1);
    if (v.isEmpty() || v.equals(MASK) || v.endsWith(MASK) || v.contains(MASK + "@")) return false;
    String lower = v.toLowerCase(Locale.ROOT);
    if (lower.equals("null") || lower.equals("none") || lower.equals("true") || lower.equals("false")
        || lower.equals("bearer") || lower.equals("basic") || lower.equals("<redacted>")) return false;
    if (v.startsWith("${") && v.endsWith("}")) return false;
    // "KEY" alone is a weak signal in free text ("key: users_pkey"): mask only secret-looking values.
    String upper = name.toUpperCase(Locale.ROOT);
    if ((upper.equals("KEY") || upper.endsWith(".KEY")) && v.length() < 16) return false;
    return true;
  }

  /**
   * Log lines redacted one by one, with a private key block that spans lines hidden from its
   * BEGIN line to its END line.
   */
  public static List<String> redactLines(List<String> lines) {
    List<String> out = new ArrayList<>(lines.size());
    boolean inKey = false;
    for (String line : lines) {
      if (inKey) {
        Matcher end = PRIVATE_KEY_END.matcher(line);
        if (end.find()) {
          inKey = false;
          out.add(redactText(line.substring(end.start())));
        } else {
          out.add(MASK);
        }
        continue;
      }
      Matcher begin = PRIVATE_KEY_BEGIN.matcher(line);
      if (begin.find() && !PRIVATE_KEY_END.matcher(line).find(begin.end())) {
        inKey = true;
        out.add(redactText(line.substring(0, begin.start())) + begin.group() + MASK);
        continue;
      }
      out.add(redactText(line));
    }
    return out;
  }
}
