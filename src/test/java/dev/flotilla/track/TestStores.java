package dev.flotilla.track;

import dev.flotilla.testing.Parts;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/** Fresh stores for tests: an H2 file in a temporary directory, or a new schema on the real PostgreSQL. */
final class TestStores {
  private TestStores() {}

  static String h2Url(Path dir) {
    return Store.resolveUrl(null, dir, java.util.Map.of());
  }

  /** Creates a fresh schema on the test PostgreSQL server and returns a URL that uses it. */
  static String freshPostgresSchema() {
    String base = Parts.requirePostgres();
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test schema on " + base, e);
    }
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** Drops the schema a {@link #freshPostgresSchema} URL names. */
  static void dropPostgresSchema(String url) {
    if (url == null) return;
    String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
    String base = url.substring(0, url.indexOf("currentSchema=") - 1);
    try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      // leave it: a later run uses another name
    }
  }
}
