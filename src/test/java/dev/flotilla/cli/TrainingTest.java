package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's training run goes through its commands and leaves the examples untouched. */
class TrainingTest {
  @TempDir Path scratch;

  @Test
  void runsEveryStepAndWritesOnlyIntoItsScratchDirectory() throws Exception {
    Path examples = Path.of("examples");
    assertThat(Training.run(scratch, examples)).isZero();
    assertThat(scratch.resolve("out.sarif")).isNotEmptyFile();
    assertThat(Files.readString(scratch.resolve("out.sarif"))).contains("\"version\" : \"2.1.0\"");
    assertThat(examples.resolve("broken-platform/.flotilla")).doesNotExist();
    assertThat(examples.resolve("healthy-platform/.flotilla")).doesNotExist();
  }
}
