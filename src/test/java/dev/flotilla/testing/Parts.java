package dev.flotilla.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Outside parts a test needs. A missing part skips the test with a message naming it; in CI
 * ({@code FLOTILLA_TEST_REQUIRE_ALL=1}, set by {@code .ci/run}) it fails instead, so nothing is
 * silently skipped there.
 */
public final class Parts {
  private static Boolean docker;

  private Parts() {}

  public static void require(boolean present, String what) {
    if (present) return;
    if ("1".equals(System.getenv("FLOTILLA_TEST_REQUIRE_ALL"))) fail("required test part missing: " + what);
    assumeTrue(false, "skipped: " + what + " is not available");
  }

  /** A Docker engine answering on its socket, with the busybox:latest base image (.ci/setup-docker.sh). */
  public static synchronized void requireDocker() {
    if (docker == null) docker = run("docker", "image", "inspect", "busybox:latest");
    require(docker, "a Docker engine with the busybox:latest base image (run .ci/setup-docker.sh)");
  }

  /** The JDBC URL of a real PostgreSQL server (FLOTILLA_TEST_PG_URL, set by .ci/run). */
  public static String requirePostgres() {
    String url = System.getenv("FLOTILLA_TEST_PG_URL");
    require(url != null && !url.isBlank(), "PostgreSQL (set FLOTILLA_TEST_PG_URL; .ci/setup-postgres.sh prints it)");
    return url;
  }

  /** Debian's chromium and chromedriver. */
  public static void requireChromium() {
    require(Files.isExecutable(Path.of("/usr/bin/chromium")) && Files.isExecutable(Path.of("/usr/bin/chromedriver")),
        "chromium and chromium-driver (apt-get install chromium chromium-driver)");
  }

  /** Debian's docker-compose 1.29, the loader's differential oracle. */
  public static void requireDockerCompose() {
    require(run("docker-compose", "version"), "docker-compose 1.29 (apt-get install docker-compose)");
  }

  public static boolean run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
