package dev.flotilla.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.model.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the embedded H2 file store, plus what only the embedded store does. */
class H2StoreTest extends StoreContract {
  @TempDir Path dir;

  @Override
  String url() {
    return TestStores.h2Url(dir);
  }

  @Override
  Connection rawConnection() throws Exception {
    return connect(Store.h2Url(url()));
  }

  @Test
  void defaultStoreIsAFileUnderTheProjectsFlotillaDirectory() {
    assertThat(Store.resolveUrl(null, dir, Map.of())).isEqualTo("jdbc:h2:file:" + dir.toAbsolutePath().resolve(".flotilla/flotilla"));
    assertThat(Files.exists(dir.resolve(".flotilla/flotilla.mv.db"))).isTrue();
    assertThat(Store.resolveUrl(null, dir, Map.of(Store.ENV_DB, "jdbc:postgresql://db/x"))).isEqualTo("jdbc:postgresql://db/x");
    assertThat(Store.resolveUrl("jdbc:h2:file:/tmp/x", dir, Map.of(Store.ENV_DB, "jdbc:postgresql://db/x"))).isEqualTo("jdbc:h2:file:/tmp/x");
  }

  @Test
  void reopeningKeepsEverythingAndMigratesOnce() {
    long id = store.startDeployment(NewDeployment.of(project, "dev", "docker"));
    store.close();
    store = Store.open(url());
    assertThat(store.deployment(id)).isPresent();
  }

  @Test
  void unsupportedUrlIsAnInputError() {
    assertThatThrownBy(() -> Store.open("jdbc:mysql://127.0.0.1/x?password=hunter2"))
        .isInstanceOfSatisfying(UserError.class, e -> {
          assertThat(e.kind()).isEqualTo(UserError.Kind.INPUT);
          assertThat(e.getMessage()).doesNotContain("hunter2");
        });
  }
}
