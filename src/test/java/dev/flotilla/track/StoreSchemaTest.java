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
}
