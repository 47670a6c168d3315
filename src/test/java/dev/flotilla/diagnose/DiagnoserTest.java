package dev.flotilla.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DiagnoserTest {
  final Diagnoser d = Diagnoser.builtIn();

  @Test
  void healthyLogsGiveNoDiagnosis() throws Exception {
    Path dir = Path.of(getClass().getResource("/diagnose/healthy").toURI());
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        DiagnosisReport r = d.diagnose(Failure.ofLog(Files.readAllLines(f)));
        assertThat(r.diagnoses()).as(f.getFileName().toString()).isEmpty();
      }
    }
  }

  @Test
  void siblingPackageIsCod002AndALibraryIsCod004() {
    String line = "ModuleNotFoundError: No module named 'L01_data_layer'";
    Failure f = Failure.ofLog(List.of(line));
    assertThat(d.diagnose(f).primary().code()).isEqualTo("COD004");
    Failure withSiblings = f.withContext(DiagnosisContext.of(List.of("l01-data-layer", "gateway")));
    Diagnosis dx = d.diagnose(withSiblings).primary();
    assertThat(dx.code()).isEqualTo("COD002");
    assertThat(dx.rule()).isEqualTo("COD002");
    assertThat(dx.title()).contains("L01_data_layer");
    // "shared" is a sibling's package in any project.
    assertThat(d.diagnose(Failure.ofLog(List.of("ModuleNotFoundError: No module named 'shared.auth'"))).primary().code())
        .isEqualTo("COD002");
  }

  @Test
  void localhostIsDep004AndASiblingHostIsDep005() {
    assertThat(d.diagnose(Failure.ofLog(List.of("Error: connect ECONNREFUSED 127.0.0.1:5432"))).primary().code())
        .isEqualTo("DEP004");
    assertThat(d.diagnose(Failure.ofLog(List.of("Error: connect ECONNREFUSED postgres:5432"))).primary().code())
        .isEqualTo("DEP005");
    Diagnosis redis = d.diagnose(Failure.ofLog(List.of("redis.exceptions.ConnectionError: Error 111 connecting to localhost:6379. Connection refused."))).primary();
    assertThat(redis.code()).isEqualTo("DEP004");
    assertThat(redis.details()).containsEntry("host", "localhost").containsEntry("port", "6379");
  }

  @Test
  void exitCodeOnlyAndOom() {
    Failure oom = Failure.ofLog(List.of("INFO loading")).withExitCode(137).withOom(true);
    DiagnosisReport r = d.diagnose(oom);
    assertThat(r.primary().signatureId()).isEqualTo("resource.oom-killed");
    assertThat(r.primary().evidence().source()).isEqualTo(Diagnosis.Source.OOM);
    assertThat(r.diagnoses()).extracting(Diagnosis::signatureId).doesNotContain("resource.exit-137");
    assertThat(d.diagnose(Failure.ofLog(List.of()).withExitCode(1)).recognised()).isFalse();
  }

  @Test
  void exitCodeThatRepeatsALineIsDropped() {
    Failure f = Failure.ofLog(List.of("/bin/sh: 1: uvicorn: not found")).withExitCode(127);
    DiagnosisReport r = d.diagnose(f);
    assertThat(r.diagnoses()).hasSize(1);
    assertThat(r.primary().signatureId()).isEqualTo("shell.command-not-found");
    assertThat(r.primary().details()).containsEntry("exe", "uvicorn");
  }

  @Test
  void curlInAHealthcheckIsHlt001NotBld006() {
    assertThat(d.diagnose(Failure.ofLog(List.of("/bin/sh: 1: curl: not found"))).primary().code()).isEqualTo("HLT001");
    assertThat(d.diagnose(Failure.ofLog(List.of("OCI runtime exec failed: exec failed: unable to start container process: exec: \"curl\": executable file not found in $PATH: unknown")))
        .primary().code()).isEqualTo("HLT001");
  }

  @Test
  void rankingPutsTheSpecificCauseFirstAndCountsRepeats() {
    List<String> log = List.of(
        "Traceback (most recent call last):",
        "ImportError: cannot import name 'HTTPStatus' from 'fastapi' (/usr/lib/fastapi/__init__.py)",
        "[2026-11-22 07:01:02 +0000] [1] [INFO] Reason: Worker failed to boot.",
        "ImportError: cannot import name 'HTTPStatus' from 'fastapi' (/usr/lib/fastapi/__init__.py)");
    DiagnosisReport r = d.diagnose(Failure.ofLog(log));
    assertThat(r.primary().code()).isEqualTo("COD001");
    assertThat(r.primary().occurrences()).isEqualTo(2);
    assertThat(r.primary().evidence().line()).isEqualTo(2);
    assertThat(r.diagnoses()).extracting(Diagnosis::signatureId).containsExactly("python.cannot-import-name", "python.worker-failed-to-boot");
  }

  @Test
  void evidenceIsRedacted() {
    String line = "psycopg2.OperationalError: connection to server at \"localhost\" (127.0.0.1), port 5432 failed: Connection refused postgresql://app:hunter2secret@localhost/app";
    Diagnosis x = d.diagnose(Failure.ofLog(List.of(line))).primary();
    assertThat(x.evidence().text()).doesNotContain("hunter2secret").contains("app:***@");
  }

  @Test
  void privateKeyLinesAreNeverEvidence() {
    List<String> log = List.of("-----BEGIN PRIVATE KEY-----", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC error", "-----END PRIVATE KEY-----");
    DiagnosisReport r = d.diagnose(Failure.ofLog(log));
    assertThat(r.toString()).doesNotContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC");
  }

  @Test
  void engineErrorIsEvidenceFromTheEngine() {
    Failure f = Failure.ofLog(List.of()).withEngineError("Error response from daemon: driver failed programming external connectivity on endpoint web: Bind for 0.0.0.0:8080 failed: port is already allocated");
    Diagnosis x = d.diagnose(f).primary();
    assertThat(x.code()).isEqualTo("PRT001");
    assertThat(x.evidence().source()).isEqualTo(Diagnosis.Source.ENGINE);
    assertThat(x.title()).contains("8080");
  }

  @Test
  void classifyLineForStreamingCallers() {
    assertThat(d.classifyLine("INFO all good", DiagnosisContext.EMPTY)).isNull();
    assertThat(d.classifyLine("OSError: [Errno 28] No space left on device", DiagnosisContext.EMPTY).code()).isEqualTo("RES901");
  }

  @Test
  void templateMinerMasksVariableParts() {
    assertThat(TemplateMiner.mask("2026-11-22T07:00:00Z job 42 at 10.0.0.7:8080 id 3f2a9c1be0 uuid 123e4567-e89b-12d3-a456-426614174000 file /var/lib/x.db said \"boom\""))
        .isEqualTo("<TS> job <NUM> at <IP> id <HEX> uuid <UUID> file <PATH> said <STR>");
    assertThat(TemplateMiner.fingerprintOf("job 1 failed")).isEqualTo(TemplateMiner.fingerprintOf("job 2 failed"));
    assertThat(TemplateMiner.fingerprintOf("job 1 failed")).isNotEqualTo(TemplateMiner.fingerprintOf("job 1 succeeded"));
  }

  @Test
  void minerGroupsWordsThatVaryAndKeepsDifferentMessagesApart() throws IOException {
    TemplateMiner m = new TemplateMiner();
    m.add("ERROR user alice not allowed to publish topic orders", 1);
    m.add("ERROR user bob not allowed to publish topic orders", 2);
    m.add("ERROR user carol not allowed to publish topic invoices", 3);
    m.add("ERROR disk quota reached", 4);
    List<LogTemplate> t = m.templates();
    assertThat(t).hasSize(2);
    assertThat(t.get(0).template()).isEqualTo("ERROR user <*> not allowed to publish topic <*>");
    assertThat(t.get(0).occurrences()).isEqualTo(3);
  }

  @Test
  void diagnosisFingerprintIsStableAndSeparatesDifferentNames() {
    Diagnosis a = d.diagnose(Failure.ofLog(List.of("x", "ModuleNotFoundError: No module named 'requests'"))).primary();
    Diagnosis b = d.diagnose(Failure.ofLog(List.of("ModuleNotFoundError: No module named 'requests'"))).primary();
    Diagnosis c = d.diagnose(Failure.ofLog(List.of("ModuleNotFoundError: No module named 'httpx'"))).primary();
    assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).hasSize(16).isNotEqualTo(c.fingerprint());
    Diagnosis p1 = d.diagnose(Failure.ofLog(List.of("panic: runtime error: index out of range [5] with length 3"))).primary();
    Diagnosis p2 = d.diagnose(Failure.ofLog(List.of("panic: runtime error: index out of range [7] with length 2"))).primary();
    assertThat(p1.fingerprint()).isEqualTo(p2.fingerprint());
  }
}
