package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that operate a platform refuse what Docker Compose refuses before anything runs
 * (here a required env_file that does not exist), as {@code config} does, while {@code check}
 * reports it as a finding.
 */
class OperateCommandsTest {
  @TempDir Path dir;

  @Test
  void aMissingRequiredEnvFileStopsEveryOperatingCommandBeforeItTouchesAnything() throws Exception {
    Files.writeString(dir.resolve("compose.yaml"), """
        name: fltoperate
        services:
          api:
            image: busybox
            env_file: api.env
            x-flotilla:
              process: { command: "sleep 30" }
        """);
    for (String command : new String[] {"up", "down", "stop", "restart"}) {
      String[] args = command.equals("restart")
          ? new String[] {command, "--runtime", "process", dir.toString(), "api"}
          : new String[] {command, "--runtime", "process", dir.toString()};
      CliRun.Result r = CliRun.inProcess(args);
      assertThat(r.code()).as(command + ": " + r.err()).isEqualTo(ExitCode.INPUT);
      assertThat(r.err()).as(command).contains("api.env").doesNotContain("Exception");
    }
    assertThat(dir.resolve(".flotilla")).as("nothing started, locked or recorded").doesNotExist();
    CliRun.Result checked = CliRun.inProcess("check", "--no-record", "--rule", "CFG001", dir.toString());
    assertThat(checked.out()).contains("CFG001");
  }
}
