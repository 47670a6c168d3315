package dev.flotilla.check;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** The harness must fail on a missing finding and on an extra one, or it proves nothing. */
class FixtureHarnessTest {
  @TempDir Path dir;

  @Test
  void failsOnAnExtraFinding() throws IOException {
    Files.writeString(dir.resolve("compose.yaml"), "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: postgres\n");
    assertThatThrownBy(() -> FixtureHarness.at(dir).rule("SEC001").assertExpectations())
        .isInstanceOf(AssertionFailedError.class).hasMessageContaining("extra:   compose.yaml:5 SEC001");
  }

  @Test
  void failsOnAMissingFinding() throws IOException {
    Files.writeString(dir.resolve("compose.yaml"),
        "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: postgres  # expect: SEC001\n      POSTGRES_USER: app  # expect: SEC001\n");
    assertThatThrownBy(() -> FixtureHarness.at(dir).rule("SEC001").assertExpectations())
        .isInstanceOf(AssertionFailedError.class).hasMessageContaining("missing: compose.yaml:6 SEC001");
  }
}
