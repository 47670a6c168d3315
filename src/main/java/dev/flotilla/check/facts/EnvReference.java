package dev.flotilla.check.facts;

import dev.flotilla.model.SourceLocation;
import java.util.Map;

/**
 * A host (and usually a port) one service is told to reach, found in an environment value: a URL
 * ({@code postgres://user:pass@db:5432/app}), a bare {@code host:port} in an address variable, or
 * a {@code *_HOST} variable with its {@code *_PORT} partner.
 *
 * <p>{@code hostStart}/{@code hostEnd} (and the port's) are offsets into {@code value}, so a fix
 * can rewrite exactly the host; {@code portVariable} names the partner variable a port came from
 * (then its offsets are into that variable's value). {@code port} is the explicit port or the
 * scheme's default ({@code portExplicit} says which); null when neither is known.
 */
public record EnvReference(
    String service,
    String variable,
    String value,
    SourceLocation location,
    Kind kind,
    String scheme,
    String user,
    String password,
    String host,
    int hostStart,
    int hostEnd,
    Integer port,
    boolean portExplicit,
    String portVariable,
    SourceLocation portLocation,
    int portStart,
    int portEnd,
    String path,
    Map<String, String> query,
    boolean fromDockerfile) {

  public enum Kind {
    /** {@code scheme://…} */
    URL,
    /** {@code host:port} in an address variable ({@code KAFKA_BROKERS=kafka:9092}). */
    ADDRESS,
    /** A {@code *_HOST} variable (with its {@code *_PORT} partner when there is one). */
    HOST
  }

  /** The database name a URL selects (path without the slash), or null. */
  public String database() {
    if (path == null || path.length() <= 1) return null;
    String p = path.substring(1);
    int slash = p.indexOf('/');
    if (slash >= 0) p = p.substring(0, slash);
    return p.isEmpty() ? null : p;
  }

  /** The Redis database index ({@code redis://h:6379/2} or {@code ?db=2}); 0 when none is given. */
  public int redisIndex() {
    String db = database();
    if (db == null && query != null) db = query.get("db");
    if (db == null) return 0;
    try {
      return Integer.parseInt(db);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** The scheme's family without driver suffixes: {@code postgresql+asyncpg} gives {@code postgresql}. */
  public String schemeFamily() {
    if (scheme == null) return null;
    String s = scheme;
    int plus = s.indexOf('+');
    if (plus > 0) s = s.substring(0, plus);
    return switch (s) {
      case "postgres", "postgresql", "postgis", "pgsql", "psql", "timescale", "cockroachdb" -> "postgres";
      case "mysql", "mariadb", "mysqlx" -> "mysql";
      case "mongodb", "mongo" -> "mongodb";
      case "redis", "rediss", "valkey" -> "redis";
      case "amqp", "amqps" -> "amqp";
      case "http", "https", "ws", "wss" -> "http";
      default -> s;
    };
  }

  /** True for {@code localhost}, {@code 127.x.x.x} and {@code ::1}. */
  public boolean loopback() {
    return Hosts.isLoopback(host);
  }
}
