package dev.flotilla.check.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.check.FixtureHarness;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EnvReferencesTest {
  static List<EnvReference> refs;

  @BeforeAll
  static void load() {
    var stack = FixtureHarness.at(Path.of("src/test/resources/facts/env-references")).load();
    refs = EnvReferences.of(stack.services().get("app"));
  }

  static List<EnvReference> of(String variable) {
    return refs.stream().filter(r -> r.variable().equals(variable)).toList();
  }

  @Test
  void parsesAUrlWithDriverSchemeCredentialsAndDatabase() {
    EnvReference r = of("DATABASE_URL").get(0);
    assertThat(r.schemeFamily()).isEqualTo("postgres");
    assertThat(r.user()).isEqualTo("app");
    assertThat(r.password()).isEqualTo("p@ss");
    assertThat(r.host()).isEqualTo("db");
    assertThat(r.port()).isEqualTo(5433);
    assertThat(r.database()).isEqualTo("appdb");
    assertThat(r.query()).containsEntry("sslmode", "disable");
    assertThat(r.value().substring(r.hostStart(), r.hostEnd())).isEqualTo("db");
  }

  @Test
  void splitsSeveralHostsAndAddressLists() {
    assertThat(of("MONGO_URL")).extracting(EnvReference::host, EnvReference::port).containsExactly(
        org.assertj.core.groups.Tuple.tuple("m1", 27017), org.assertj.core.groups.Tuple.tuple("m2", 27018));
    assertThat(of("KAFKA_BOOTSTRAP_SERVERS")).extracting(EnvReference::host).containsExactly("kafka1", "kafka2");
  }

  @Test
  void usesSchemeDefaultsAndRedisIndexes() {
    EnvReference r = of("REDIS_URL").get(0);
    assertThat(r.port()).isEqualTo(6379);
    assertThat(r.portExplicit()).isFalse();
    assertThat(r.password()).isEqualTo("secret");
    assertThat(r.redisIndex()).isEqualTo(2);
    assertThat(of("JDBC_URL").get(0).schemeFamily()).isEqualTo("postgres");
  }

  @Test
  void pairsHostAndPortVariables() {
    EnvReference r = of("PGHOST").get(0);
    assertThat(r.kind()).isEqualTo(EnvReference.Kind.HOST);
    assertThat(r.port()).isEqualTo(5433);
    assertThat(r.portVariable()).isEqualTo("PGPORT");
    assertThat(of("SMTP_HOST").get(0).host()).isEqualTo("smtp.example.com");
  }

  @Test
  void leavesOutBindAddressesBrowserUrlsAndProse() {
    assertThat(of("HOST")).isEmpty();
    assertThat(of("NEXT_PUBLIC_API_URL")).isEmpty();
    assertThat(of("NOT_A_URL")).isEmpty();
  }
}
