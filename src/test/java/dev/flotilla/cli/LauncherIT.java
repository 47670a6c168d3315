package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.testing.CliRun;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script users run ({@code ./flotilla}): it finds a java, picks the JVM flags and the
 * class-data archive, and must leave a command's output exactly as the jar writes it (no JVM
 * warnings on stdout or stderr), whichever way the java is named.
 */
class LauncherIT {
  @TempDir Path dir;

  private static final String JAVA_HOME = System.getProperty("java.home");

  @Test
  void runsTheJarWithTheJavaOfJavaHome() throws Exception {
    CliRun.Result r = CliRun.launcher(dir, Map.of("JAVA_HOME", JAVA_HOME), "--version");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).matches("(?s)flotilla \\d+\\.\\d+\\.\\d+.*").contains("Java " + Runtime.version().feature());
    assertThat(r.err()).isEmpty();
  }

  @Test
  void takesFlotillaJavaByNameFromPath() throws Exception {
    String path = Path.of(JAVA_HOME, "bin") + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    CliRun.Result r = CliRun.launcher(dir, Map.of("FLOTILLA_JAVA", "java", "PATH", path), "--version");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Java " + Runtime.version().feature());
    assertThat(r.err()).isEmpty();
  }

  @Test
  void passesTheExitCodeAndErrorsThrough() throws Exception {
    CliRun.Result r = CliRun.launcher(dir, Map.of("JAVA_HOME", JAVA_HOME), "check", dir.resolve("missing").toString());
    assertThat(r.code()).isEqualTo(ExitCode.INPUT);
    assertThat(r.err()).contains("missing: no such file or directory").doesNotContain("Exception");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void thePackagedJarHoldsNoClassFileTooOldForTheClassDataArchive() throws Exception {
    // the build upgrades picocli's Java 5 class files (src/build/UpgradeClassFiles.java): an archive cannot hold older than Java 6
    try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(System.getProperty("flotilla.jar", "target/flotilla.jar"))) {
      int picocli = 0;
      for (var e : java.util.Collections.list(jar.entries())) {
        if (!e.getName().endsWith(".class") || !e.getName().startsWith("picocli/")) continue;
        try (var in = jar.getInputStream(e)) {
          byte[] head = in.readNBytes(8);
          assertThat(((head[6] & 0xff) << 8) | (head[7] & 0xff)).as(e.getName()).isGreaterThanOrEqualTo(50);
        }
        picocli++;
      }
      assertThat(picocli).isGreaterThan(100);
    }
  }
}
