package dev.flotilla.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The store's fast path (skip Flyway when current) must know the newest migration. */
class StoreSchemaTest {
  @Test
  void schemaVersionIsTheNewestMigration() throws IOException, URISyntaxException {
    Path dir = Path.of(Store.class.getResource("/db/migration").toURI());
    Pattern v = Pattern.compile("V(\\d+)__.*\\.sql");
    try (Stream<Path> files = Files.walk(dir)) {
      int newest = files.map(p -> v.matcher(p.getFileName().toString())).filter(Matcher::matches)
          .map(m -> Integer.parseInt(m.group(1))).max(Comparator.naturalOrder()).orElseThrow();
      assertThat(Store.SCHEMA_VERSION).isEqualTo(Integer.toString(newest));
    }
  }

  @Test
  void aDatabaseClosedWhileOpeningIsToldApartFromOtherFailures() {
    // H2 90121: the process whose server this one reached exited; Store.open then opens the file itself
    Throwable closed = new IllegalStateException("store schema migration failed",
        new RuntimeException("Unable to read database connection metadata", new java.sql.SQLException("Database is already closed", "90121", 90121)));
    org.assertj.core.api.Assertions.assertThat(Store.closedUnderUs(closed)).isTrue();
    org.assertj.core.api.Assertions.assertThat(Store.closedUnderUs(new java.sql.SQLException("Connection is broken", "90067", 90067))).isTrue();
    org.assertj.core.api.Assertions.assertThat(Store.closedUnderUs(
        new IllegalStateException("x", new java.sql.SQLException("Table not found", "42S02", 42104)))).isFalse();
    org.assertj.core.api.Assertions.assertThat(Store.closedUnderUs(new IllegalStateException("no cause"))).isFalse();
  }
}
