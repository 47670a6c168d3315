package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** flotilla check and flotilla rules as a user runs them: the packaged jar, exit codes, formats, --output, bad input. */
class CheckCommandIT {
  @TempDir Path dir;
  static final Path EXAMPLES = Path.of("examples").toAbsolutePath();

  record Result(int code, String out, String err) {}

  Result flotilla(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-jar", System.getProperty("flotilla.jar")));
    cmd.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().remove("FLOTILLA_DB");
    Process p = pb.start();
    try {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("flotilla " + String.join(" ", args) + " finished").isTrue();
    } finally {
      p.destroyForcibly();
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void brokenPlatformExitsOneHealthyPlatformZero() throws Exception {
    Result broken = flotilla("check", EXAMPLES.resolve("broken-platform").toString(), "--no-record");
    assertThat(broken.code()).as(broken.err()).isEqualTo(1);
    assertThat(broken.out()).contains("service data-api", "CRITICAL BLD001", "    6 | COPY ../shared ./shared", "failed: findings at high or above");
    assertThat(broken.out()).as("no colour when not a terminal").doesNotContain("\u001b[");

    Result healthy = flotilla("check", EXAMPLES.resolve("healthy-platform").toString(), "--no-record");
    assertThat(healthy.code()).as(healthy.out() + healthy.err()).isZero();

    Result onlyCritical = flotilla("check", EXAMPLES.resolve("broken-platform").toString(), "--no-record", "--fail-on", "critical", "--skip", "BLD001,BLD003,DEP001");
    assertThat(onlyCritical.code()).as(onlyCritical.out()).isZero();
  }

  @Test
  void everyFormatToStdoutAndToAFile() throws Exception {
    String broken = EXAMPLES.resolve("broken-platform").toString();
    for (String format : List.of("json", "sarif")) {
      Result r = flotilla("check", broken, "--no-record", "--format", format);
      assertThat(r.code()).isEqualTo(1);
      JsonNode doc = new ObjectMapper().readTree(r.out());
      assertThat(doc.isObject()).isTrue();
    }
    Result junit = flotilla("check", broken, "--no-record", "--format", "junit");
    assertThat(junit.out()).startsWith("<?xml").contains("<testsuites", "<failure");
    Result github = flotilla("check", broken, "--no-record", "--format", "github");
    assertThat(github.out()).contains("::error file=services/data-api/Dockerfile,line=6,col=1,");

    Path report = dir.resolve("report.sarif");
    Result toFile = flotilla("check", broken, "--no-record", "--format", "sarif", "--output", report.toString());
    assertThat(toFile.code()).isEqualTo(1);
    assertThat(toFile.out()).isEmpty();
    assertThat(toFile.err()).contains("report written to");
    JsonNode sarif = new ObjectMapper().readTree(report.toFile());
    assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
    assertThat(sarif.at("/runs/0/results").size()).isGreaterThan(30);
  }

  @Test
  void badInputIsOneLineAndExitTwo() throws Exception {
    Result missing = flotilla("check", dir.resolve("nowhere").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err().strip().lines()).hasSize(1);
    assertThat(missing.err()).startsWith("error: ").doesNotContain("Exception");

    Files.writeString(dir.resolve("compose.yaml"), "services:\n  api:\n    image: busybox\n    ports: [\"80:80\"\n");
    Result yaml = flotilla("check", dir.toString(), "--no-record");
    assertThat(yaml.code()).isEqualTo(2);
    assertThat(yaml.err().strip().lines()).hasSize(1);
    assertThat(yaml.err()).contains("compose.yaml:").doesNotContain("Exception");

    Result format = flotilla("check", EXAMPLES.resolve("healthy-platform").toString(), "--format", "xml");
    assertThat(format.code()).isEqualTo(2);
    Result failOn = flotilla("check", EXAMPLES.resolve("healthy-platform").toString(), "--fail-on", "urgent");
    assertThat(failOn.code()).isEqualTo(2);
    assertThat(failOn.err()).contains("--fail-on urgent");
    Result output = flotilla("check", EXAMPLES.resolve("healthy-platform").toString(), "--no-record", "--output", dir.resolve("no/such/dir/r.json").toString());
    assertThat(output.code()).isEqualTo(2);
    assertThat(output.err().strip().lines()).hasSize(1);
  }

  @Test
  void checkLoadsAProjectComposeWouldRejectAndReportsItsProblemsAsFindings() throws Exception {
    Files.writeString(dir.resolve("compose.yaml"), "services:\n  api:\n    image: busybox:latest\n    depends_on: [db]\n");
    Result r = flotilla("check", dir.toString(), "--format", "json");
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(new ObjectMapper().readTree(r.out()).path("findings").findValuesAsText("code")).contains("DEP001");
    assertThat(dir.resolve(".flotilla/flotilla.mv.db")).exists();
  }

  @Test
  void rulesListsAndExplains() throws Exception {
    Result list = flotilla("rules");
    assertThat(list.code()).isZero();
    assertThat(list.out().lines().filter(l -> l.matches("[A-Z]{3}\\d{3} .*")).count()).isGreaterThanOrEqualTo(40);
    Result one = flotilla("rules", "BLD001");
    assertThat(one.out()).contains("COPY/ADD source outside the build context", "critical", "Fix:", "flotilla-ignore BLD001");
    assertThat(flotilla("rules", "NOPE01").code()).isEqualTo(2);
    Result md = flotilla("rules", "--markdown", dir.resolve("rules").toString());
    assertThat(md.code()).isZero();
    assertThat(dir.resolve("rules/README.md")).exists();
    assertThat(dir.resolve("rules/HLT001.md")).exists();
  }
}
