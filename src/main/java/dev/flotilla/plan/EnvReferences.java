package dev.flotilla.plan;

import dev.flotilla.model.EnvVar;
import dev.flotilla.model.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The network endpoints an environment value names: URLs ({@code postgresql://u:p@db:5432/x},
 * several hosts separated by commas), {@code host:port} lists ({@code kafka:9092,kafka2:9092})
 * and bare host names in variables named like a host ({@code DB_HOST=postgres}). The port is the
 * explicit one, else the scheme's well-known port, else -1.
 */
public final class EnvReferences {

  /** One endpoint named by variable {@code variable}; {@code scheme} is null for host:port and bare hosts. */
  public record Endpoint(String variable, String scheme, String host, int port) {
    public boolean loopback() {
      return isLoopback(host);
    }
  }

  private static final Pattern URL = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*)://([^/?#\\s]+)");
  private static final Pattern HOST_PORT_LIST =
      Pattern.compile("^[a-zA-Z0-9._-]+:\\d{1,5}(,[a-zA-Z0-9._-]+:\\d{1,5})*$");
  private static final Pattern HOST_NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9._-]*$");
  private static final Pattern HOST_VARIABLE = Pattern.compile(".*(HOST|ADDR|SERVER|ENDPOINT|BROKER|URL|URI|DSN).*");

  private static final Map<String, Integer> DEFAULT_PORTS =
      Map.ofEntries(
          Map.entry("postgres", 5432), Map.entry("postgresql", 5432), Map.entry("mysql", 3306),
          Map.entry("mariadb", 3306), Map.entry("redis", 6379), Map.entry("rediss", 6380),
          Map.entry("amqp", 5672), Map.entry("amqps", 5671), Map.entry("mongodb", 27017),
          Map.entry("nats", 4222), Map.entry("kafka", 9092), Map.entry("memcached", 11211),
          Map.entry("http", 80), Map.entry("https", 443), Map.entry("ws", 80), Map.entry("wss", 443),
          Map.entry("ftp", 21), Map.entry("smtp", 25), Map.entry("ldap", 389), Map.entry("mqtt", 1883));

  private EnvReferences() {}

  public static List<Endpoint> of(Service s) {
    List<Endpoint> out = new ArrayList<>();
    for (EnvVar v : s.environment().values()) if (v.hasValue()) out.addAll(parse(v.name(), v.value()));
    return out;
  }

  public static List<Endpoint> parse(String variable, String value) {
    List<Endpoint> out = new ArrayList<>();
    if (value == null || value.isBlank()) return out;
    String v = value.trim();
    Matcher m = URL.matcher(v);
    boolean anyUrl = false;
    while (m.find()) {
      anyUrl = true;
      String scheme = m.group(1).toLowerCase(Locale.ROOT);
      String authority = m.group(2);
      int at = authority.lastIndexOf('@');
      if (at >= 0) authority = authority.substring(at + 1);
      for (String hp : authority.split(",")) {
        Endpoint e = hostPort(variable, scheme, hp);
        if (e != null) out.add(e);
      }
    }
    if (anyUrl) return out;
    if (HOST_PORT_LIST.matcher(v).matches()) {
      for (String hp : v.split(",")) {
        Endpoint e = hostPort(variable, null, hp);
        if (e != null) out.add(e);
      }
      return out;
    }
    if (HOST_NAME.matcher(v).matches()
        && HOST_VARIABLE.matcher(variable.toUpperCase(Locale.ROOT)).matches()
        && !v.matches("\\d+(\\.\\d+)*")) {
      out.add(new Endpoint(variable, null, v, -1));
    }
    return out;
  }

  private static Endpoint hostPort(String variable, String scheme, String hp) {
    String host;
    String port = null;
    if (hp.startsWith("[")) {
      int close = hp.indexOf(']');
      if (close < 0) return null;
      host = hp.substring(1, close);
      if (hp.length() > close + 2 && hp.charAt(close + 1) == ':') port = hp.substring(close + 2);
    } else {
      int colon = hp.lastIndexOf(':');
      host = colon >= 0 ? hp.substring(0, colon) : hp;
      if (colon >= 0) port = hp.substring(colon + 1);
    }
    if (host.isEmpty() || host.contains("$")) return null;
    int p = -1;
    if (port != null && port.matches("\\d{1,5}")) p = Integer.parseInt(port);
    else if (scheme != null) p = DEFAULT_PORTS.getOrDefault(scheme, -1);
    return new Endpoint(variable, scheme, host, p);
  }

  public static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0.0.0.0");
  }
}
