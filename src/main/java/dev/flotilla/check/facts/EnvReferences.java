package dev.flotilla.check.facts;

import dev.flotilla.model.EnvVar;
import dev.flotilla.model.Instruction;
import dev.flotilla.model.Service;
import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.Stage;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hosts and ports a service is told to reach, read from its environment: URLs
 * ({@code scheme://user:pass@host:port/db?x=y}, several hosts allowed), {@code host:port} lists in
 * address variables, and {@code *_HOST}/{@code *_PORT} pairs. Compose {@code environment} (and
 * env files) first, then Dockerfile {@code ENV} values compose does not override.
 *
 * <p>Values meant for a browser or for the outside world ({@code NEXT_PUBLIC_*}, {@code *_PUBLIC_URL},
 * {@code *_ROOT_URL}, redirect URIs, CORS origins) and bind addresses ({@code HOST=0.0.0.0}) are left
 * out: {@code localhost} is right there.
 */
public final class EnvReferences {

  private static final Map<Service, List<EnvReference>> CACHE = new IdentityHashMap<>();
  private static final Pattern URL = Pattern.compile("(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]{1,30})://");
  private static final Map<String, Integer> DEFAULT_PORTS = Map.ofEntries(
      Map.entry("http", 80), Map.entry("https", 443), Map.entry("ws", 80), Map.entry("wss", 443),
      Map.entry("postgres", 5432), Map.entry("mysql", 3306), Map.entry("mongodb", 27017),
      Map.entry("redis", 6379), Map.entry("amqp", 5672), Map.entry("amqps", 5671), Map.entry("nats", 4222),
      Map.entry("mqtt", 1883), Map.entry("mqtts", 8883), Map.entry("tcp+mqtt", 1883), Map.entry("memcached", 11211),
      Map.entry("smtp", 25), Map.entry("ldap", 389), Map.entry("kafka", 9092), Map.entry("ftp", 21),
      Map.entry("elasticsearch", 9200), Map.entry("clickhouse", 8123), Map.entry("influxdb", 8086));
  private static final Set<String> BIND_VARS = Set.of(
      "HOST", "HOSTNAME", "BIND_HOST", "LISTEN_HOST", "UVICORN_HOST", "FLASK_RUN_HOST", "SERVER_HOST", "APP_HOST", "WEB_HOST",
      "VIRTUAL_HOST", "LETSENCRYPT_HOST", "SERVER_NAME", "DOMAIN", "HTTP_HOST", "PUBLIC_HOST", "EXTERNAL_HOST", "GUNICORN_HOST",
      "BIND_ADDRESS", "LISTEN_ADDRESS", "LISTEN_ADDR", "BIND_ADDR", "SERVER_ADDRESS", "SERVER_ADDR", "OLLAMA_HOST");
  private static final Pattern BROWSER_VAR = Pattern.compile(
      "^(NEXT_PUBLIC_|VITE_|REACT_APP_|NUXT_PUBLIC_|PUBLIC_|EXPO_PUBLIC_|VUE_APP_|GATSBY_).*"
          + "|.*(PUBLIC|EXTERNAL|ROOT|SITE|FRONTEND|BROWSER|CALLBACK|REDIRECT|RETURN|ORIGIN|ORIGINS|CORS|ALLOWED|TRUSTED|WEBHOOK|ISSUER|AUDIENCE|DOMAIN|HOMEPAGE|LOGIN|LOGOUT)(_|$).*"
          + "|^(NEXTAUTH_URL|AUTH_URL|APP_URL|BASE_URL|SERVER_ROOT_URL|ROOT_URL|HOMEPAGE|.*_BIND_.*|.*_LISTEN_.*)$");
  private static final Pattern ADDRESS_VAR = Pattern.compile(".*(_HOSTS|_ADDR|_ADDRESS|_ADDRESSES|_BROKERS|_BROKER|_BOOTSTRAP_SERVERS|_SERVERS|_NODES|_ENDPOINT|_SERVER)$");
  private static final Pattern HOST_VAR = Pattern.compile("^(.*?)_?(HOST|HOSTNAME)$");

  private EnvReferences() {}

  /** Every reference in a service's environment (memoised per service object). */
  public static List<EnvReference> of(Service s) {
    synchronized (CACHE) {
      List<EnvReference> c = CACHE.get(s);
      if (c != null) return c;
    }
    List<EnvReference> r = List.copyOf(find(s));
    synchronized (CACHE) {
      if (CACHE.size() > 20_000) CACHE.clear();
      CACHE.put(s, r);
    }
    return r;
  }

  /** True for variables whose value a browser or an outside client uses, not the container itself. */
  public static boolean browserFacing(String variable) {
    return BROWSER_VAR.matcher(variable.toUpperCase(Locale.ROOT)).matches();
  }

  /** The default port of a URL scheme (family), or null. */
  public static Integer defaultPort(String scheme) {
    if (scheme == null) return null;
    String s = scheme.toLowerCase(Locale.ROOT);
    if (DEFAULT_PORTS.containsKey(s)) return DEFAULT_PORTS.get(s);
    int plus = s.indexOf('+');
    if (plus > 0) return defaultPort(s.substring(0, plus));
    return switch (s) {
      case "postgresql", "postgis", "pgsql", "timescale" -> 5432;
      case "mariadb" -> 3306;
      case "mongo" -> 27017;
      case "rediss" -> 6379;
      default -> null;
    };
  }

  private static List<EnvReference> find(Service s) {
    Map<String, Var> vars = new LinkedHashMap<>();
    for (Stage st : ProcessCommand.stageChain(s)) {
      for (Instruction i : st.instructions()) {
        if (!i.is("ENV")) continue;
        for (Map.Entry<String, String> e : ProcessCommand.envPairs(i, Map.of()).entrySet()) {
          vars.put(e.getKey(), new Var(e.getKey(), e.getValue(), i.location(), true));
        }
      }
    }
    for (EnvVar v : s.environment().values()) {
      if (v.hasValue()) vars.put(v.name(), new Var(v.name(), v.value(), v.location(), false));
      else vars.remove(v.name());
    }
    List<EnvReference> out = new ArrayList<>();
    for (Var v : vars.values()) {
      if (v.value == null || v.value.isBlank() || browserFacing(v.name)) continue;
      int before = out.size();
      urls(s, v, out);
      if (out.size() > before) continue;
      String upper = v.name.toUpperCase(Locale.ROOT);
      if (BIND_VARS.contains(upper)) continue;
      Matcher hm = HOST_VAR.matcher(upper);
      if (hm.matches() && !upper.endsWith("_HOSTS")) {
        hostVar(s, v, hm.group(1), vars, out);
      } else if (ADDRESS_VAR.matcher(upper).matches()) {
        addresses(s, v, out);
      }
    }
    return out;
  }

  private record Var(String name, String value, SourceLocation location, boolean fromDockerfile) {}

  private static void urls(Service s, Var v, List<EnvReference> out) {
    String value = v.value;
    Matcher m = URL.matcher(value);
    while (m.find()) {
      String scheme = m.group(1).toLowerCase(Locale.ROOT);
      if (scheme.startsWith("jdbc:")) scheme = scheme.substring(5);
      if (Set.of("file", "unix", "sqlite", "npipe", "data", "s3", "gs").contains(scheme)) continue;
      int start = m.end();
      int end = start;
      while (end < value.length() && !Character.isWhitespace(value.charAt(end)) && "\"'<>;".indexOf(value.charAt(end)) < 0) end++;
      int authEnd = start;
      while (authEnd < end && "/?#".indexOf(value.charAt(authEnd)) < 0) authEnd++;
      String authority = value.substring(start, authEnd);
      int at = authority.lastIndexOf('@');
      String user = null;
      String password = null;
      int hostsStart = start;
      if (at >= 0) {
        String ui = authority.substring(0, at);
        int colon = ui.indexOf(':');
        user = decode(colon >= 0 ? ui.substring(0, colon) : ui);
        password = colon >= 0 ? decode(ui.substring(colon + 1)) : null;
        hostsStart = start + at + 1;
      }
      String rest = value.substring(authEnd, end);
      String path = null;
      Map<String, String> query = new LinkedHashMap<>();
      int q = rest.indexOf('?');
      String pathPart = q >= 0 ? rest.substring(0, q) : rest;
      int hash = pathPart.indexOf('#');
      if (hash >= 0) pathPart = pathPart.substring(0, hash);
      if (!pathPart.isEmpty()) path = pathPart;
      if (q >= 0) {
        for (String kv : rest.substring(q + 1).split("&")) {
          int eq = kv.indexOf('=');
          if (eq > 0) query.put(decode(kv.substring(0, eq)), decode(kv.substring(eq + 1)));
        }
      }
      // hosts: comma-separated host[:port] entries
      int pos = hostsStart;
      while (pos <= authEnd) {
        int comma = value.indexOf(',', pos);
        int segEnd = comma < 0 || comma > authEnd ? authEnd : comma;
        HostPort hp = hostPort(value, pos, segEnd);
        if (hp != null && !hp.host.isEmpty()) {
          Integer port = hp.port != null ? hp.port : defaultPort(scheme);
          out.add(new EnvReference(s.name(), v.name, value, v.location, EnvReference.Kind.URL, scheme, user, password, hp.host, hp.hostStart, hp.hostEnd,
              port, hp.port != null, null, v.location, hp.portStart, hp.portEnd, path, Map.copyOf(query), v.fromDockerfile));
        }
        if (segEnd >= authEnd) break;
        pos = segEnd + 1;
      }
    }
  }

  private static void hostVar(Service s, Var v, String prefix, Map<String, Var> vars, List<EnvReference> out) {
    String value = v.value.trim();
    int off = v.value.indexOf(value);
    HostPort hp = hostPort(v.value, off, off + value.length());
    if (hp == null || hp.host.isEmpty() || value.contains(",") || value.contains(" ")) return;
    String p = prefix.endsWith("_") ? prefix.substring(0, prefix.length() - 1) : prefix;
    Integer port = hp.port;
    String portVar = null;
    SourceLocation portAt = v.location;
    int ps = hp.portStart;
    int pe = hp.portEnd;
    if (port == null) {
      for (String cand : List.of(p + "_PORT", p + "PORT", p.isEmpty() ? "PORT" : p + "_PORT_NUMBER")) {
        Var pv = findVar(vars, cand);
        if (pv != null && pv.value != null && Listening.parsePort(pv.value) != null) {
          port = Listening.parsePort(pv.value);
          portVar = pv.name;
          portAt = pv.location;
          ps = pv.value.indexOf(pv.value.trim());
          pe = ps + pv.value.trim().length();
          break;
        }
      }
    }
    String scheme = schemeForPrefix(p);
    Map<String, String> q = Map.of();
    String path = null;
    Var db = firstVar(vars, p + "_DB", p + "_NAME", p + "_DATABASE", p + "DATABASE");
    if (db != null && db.value != null) path = "/" + db.value.trim();
    Var user = firstVar(vars, p + "_USER", p + "_USERNAME", p + "USER");
    Var pass = firstVar(vars, p + "_PASSWORD", p + "_PASS", p + "PASSWORD");
    out.add(new EnvReference(s.name(), v.name, v.value, v.location, EnvReference.Kind.HOST, scheme,
        user == null ? null : user.value, pass == null ? null : pass.value, hp.host, hp.hostStart, hp.hostEnd, port, port != null,
        portVar, portAt, ps, pe, path, q, v.fromDockerfile));
  }

  private static void addresses(Service s, Var v, List<EnvReference> out) {
    String value = v.value;
    String upper = v.name.toUpperCase(Locale.ROOT);
    String prefix = upper.replaceFirst("_[A-Z]+$", "");
    int pos = 0;
    while (pos <= value.length()) {
      int comma = value.indexOf(',', pos);
      int end = comma < 0 ? value.length() : comma;
      int a = pos;
      while (a < end && Character.isWhitespace(value.charAt(a))) a++;
      int b = end;
      while (b > a && Character.isWhitespace(value.charAt(b - 1))) b--;
      HostPort hp = hostPort(value, a, b);
      if (hp != null && !hp.host.isEmpty() && hp.port != null && !value.substring(a, b).contains(" ")) {
        out.add(new EnvReference(s.name(), v.name, value, v.location, EnvReference.Kind.ADDRESS, schemeForPrefix(prefix), null, null,
            hp.host, hp.hostStart, hp.hostEnd, hp.port, true, null, v.location, hp.portStart, hp.portEnd, null, Map.of(), v.fromDockerfile));
      }
      if (comma < 0) break;
      pos = comma + 1;
    }
  }

  private static Var findVar(Map<String, Var> vars, String name) {
    for (Var v : vars.values()) if (v.name.equalsIgnoreCase(name)) return v;
    return null;
  }

  private static Var firstVar(Map<String, Var> vars, String... names) {
    for (String n : names) {
      Var v = findVar(vars, n);
      if (v != null) return v;
    }
    return null;
  }

  static String schemeForPrefix(String prefix) {
    String p = prefix.toUpperCase(Locale.ROOT);
    if (p.contains("REDIS") || p.contains("VALKEY") || p.contains("CACHE")) return "redis";
    if (p.contains("POSTGRES") || p.equals("PG") || p.startsWith("PG_") || p.contains("PSQL")) return "postgres";
    if (p.contains("MYSQL") || p.contains("MARIADB")) return "mysql";
    if (p.contains("MONGO")) return "mongodb";
    if (p.contains("RABBIT") || p.contains("AMQP")) return "amqp";
    if (p.contains("KAFKA")) return "kafka";
    if (p.contains("MQTT")) return "mqtt";
    if (p.contains("NATS")) return "nats";
    return null;
  }

  private record HostPort(String host, int hostStart, int hostEnd, Integer port, int portStart, int portEnd) {}

  /** Parses {@code host[:port]} (or {@code [v6]:port}) in {@code value[start,end)}; null when it is not one. */
  private static HostPort hostPort(String value, int start, int end) {
    if (start >= end) return null;
    String seg = value.substring(start, end);
    if (seg.contains("$") || seg.contains("{") || seg.contains("/") || seg.contains("=")) return null;
    if (seg.startsWith("[")) {
      int close = seg.indexOf(']');
      if (close < 0) return null;
      Integer port = null;
      int ps = -1;
      int pe = -1;
      if (close + 1 < seg.length() && seg.charAt(close + 1) == ':') {
        port = Listening.parsePort(seg.substring(close + 2));
        ps = start + close + 2;
        pe = end;
      }
      return new HostPort(seg.substring(1, close), start + 1, start + close, port, ps, pe);
    }
    int colon = seg.lastIndexOf(':');
    if (colon >= 0 && seg.indexOf(':') != colon) return null; // bare IPv6 or something else
    if (colon >= 0) {
      Integer port = Listening.parsePort(seg.substring(colon + 1));
      if (port == null) return null;
      String host = seg.substring(0, colon);
      if (!hostChars(host)) return null;
      return new HostPort(host, start, start + colon, port, start + colon + 1, end);
    }
    if (seg.isEmpty() || !hostChars(seg)) return null;
    return new HostPort(seg, start, end, null, -1, -1);
  }

  /** Whether every character is a letter, digit, '.', '_' or '-' (what a host name here may hold). */
  private static boolean hostChars(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-')) return false;
    }
    return true;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
