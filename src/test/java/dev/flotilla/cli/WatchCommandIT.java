package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.testing.BusyboxHttpd;
import dev.flotilla.track.Store;
import dev.flotilla.track.TestStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code flotilla watch} from the jar, stopped with Ctrl-C (SIGINT): it ends the round, closes the store and says so. */
class WatchCommandIT {
  @TempDir Path dir;

  @Test
  void ctrlCStopsCleanly() throws Exception {
    try (BusyboxHttpd api = BusyboxHttpd.start(dir.resolve("www"), 19800, 19849)) {
      Files.writeString(dir.resolve("compose.yaml"), """
          name: flthealthit
          services:
            api:
              image: busybox
              x-flotilla:
                health: { url: "%s" }
          """.formatted(api.healthUrl()));
      Path err = dir.resolve("err.txt");
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
          System.getProperty("flotilla.jar"), "watch", "--interval", "100ms", "--db", TestStores.h2Url(dir))
          .directory(dir.toFile()).redirectOutput(dir.resolve("out.txt").toFile()).redirectError(err.toFile()).start();
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !Files.readString(err, StandardCharsets.UTF_8).contains("round 2:")) {
          assertThat(p.isAlive()).as(Files.readString(err)).isTrue();
          p.waitFor(50, TimeUnit.MILLISECONDS);
        }
        assertThat(Files.readString(err)).contains("round 2:");
        assertThat(new ProcessBuilder("kill", "-INT", String.valueOf(p.pid())).start().waitFor()).isZero();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      } finally {
        p.destroyForcibly();
      }
      String e = Files.readString(err, StandardCharsets.UTF_8);
      assertThat(e).containsPattern("stopped after \\d+ rounds, 0 alerts").doesNotContain("Exception");
      try (Store store = Store.open(TestStores.h2Url(dir))) {
        assertThat(store.healthSamples("flthealthit", "api", null, 0)).hasSizeGreaterThanOrEqualTo(2);
      }
      assertThat(List.of(p.exitValue())).containsAnyOf(130, 0);
    }
  }
}
