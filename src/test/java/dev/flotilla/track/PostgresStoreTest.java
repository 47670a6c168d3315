package dev.flotilla.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.model.UserError;
import java.sql.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store contract on a real PostgreSQL server, in a schema of its own. */
class PostgresStoreTest extends StoreContract {
  static String url;

  @BeforeAll
  static void schema() {
    url = TestStores.freshPostgresSchema();
  }

  @AfterAll
  static void dropSchema() {
    TestStores.dropPostgresSchema(url);
  }

  @Override
  String url() {
    return url;
  }

  @Override
  Connection rawConnection() throws Exception {
    return connect(url);
  }

  @Test
  void unreachableServerIsOneLineWithoutThePassword() {
    long start = System.nanoTime();
    assertThatThrownBy(() -> Store.open("jdbc:postgresql://127.0.0.1:1/flotilla?user=x&password=hunter2"))
        .isInstanceOfSatisfying(UserError.class, e -> {
          assertThat(e.kind()).isEqualTo(UserError.Kind.UNREACHABLE);
          assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("\n").contains("127.0.0.1:1");
        });
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(15_000);
  }

  @Test
  void usesItsOwnSchema() {
    assertThat(store.isPostgres()).isTrue();
    assertThat(store.url()).doesNotContain("password=flotilla");
  }
}
