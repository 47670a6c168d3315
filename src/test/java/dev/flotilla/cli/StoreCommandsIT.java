package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store commands as a user runs them: the packaged jar, exit codes and one-line errors. */
class StoreCommandsIT {
  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  Result flotilla(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        System.getProperty("flotilla.jar")));
    cmd.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void storeCommandsFromTheJar() throws Exception {
    Files.writeString(dir.resolve("compose.yaml"), "name: itshop\nservices:\n  api:\n    image: busybox:latest\n");
    Result history = flotilla("history");
    assertThat(history.code()).as(history.err()).isZero();
    assertThat(Files.exists(dir.resolve(".flotilla/flotilla.mv.db"))).isTrue();

    Result badId = flotilla("errors", "show", "12345");
    assertThat(badId.code()).isEqualTo(2);
    assertThat(badId.err().strip()).startsWith("error: no error with id 12345").doesNotContain("Exception");

    Result unreachable = flotilla("errors", "list", "--db", "jdbc:postgresql://127.0.0.1:1/flotilla?user=ops&password=s3cr3t-canary");
    assertThat(unreachable.code()).isEqualTo(3);
    assertThat(unreachable.err().strip().lines()).hasSize(1);
    assertThat(unreachable.err()).contains("cannot open the store").doesNotContain("s3cr3t-canary");

    Result catalog = flotilla("report", "catalog", "--format", "html");
    assertThat(catalog.code()).isZero();
    assertThat(catalog.out()).contains("<svg", "api");
  }
}
