package dev.flotilla.diagnose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The corpus under {@code diagnose/logs/}: one real-looking failure log per signature, named by its
 * id, plus {@code unknown-*} logs no signature knows. Lines {@code #! key: value} carry what is not
 * a log line: {@code exit}, {@code oom}, {@code engine} (an engine error), {@code siblings};
 * {@code #! note:} lines are log lines too.
 */
class CorpusTest {
  static final String CANARY = "CANARYx7Q9zv3";

  static Path corpus() {
    try {
      return Path.of(CorpusTest.class.getResource("/diagnose/logs").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads a corpus file into a {@link Failure}. */
  static Failure load(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    Integer exit = null;
    boolean oom = false;
    StringBuilder engine = new StringBuilder();
    List<String> siblings = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.startsWith("#! ")) {
        lines.add(line);
        continue;
      }
      String meta = line.substring(3);
      int colon = meta.indexOf(':');
      String key = meta.substring(0, colon).trim();
      String value = meta.substring(colon + 1).trim();
      switch (key) {
        case "exit" -> exit = Integer.parseInt(value);
        case "oom" -> oom = Boolean.parseBoolean(value);
        case "engine" -> engine.append(value).append('\n');
        case "siblings" -> siblings.addAll(Arrays.stream(value.split(",")).map(String::trim).toList());
        case "note" -> lines.add(value);
        default -> throw new IllegalArgumentException(file + ": unknown key " + key);
      }
    }
    return new Failure(null, lines, exit, oom, engine.isEmpty() ? null : engine.toString(), DiagnosisContext.of(siblings));
  }

  static String idOf(Path file) {
    String n = file.getFileName().toString();
    return n.substring(0, n.length() - ".log".length());
  }

  static List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(corpus())) {
      return s.filter(p -> p.toString().endsWith(".log")).sorted().toList();
    }
  }

  @Test
  void everySignatureHasACorpusLog() throws IOException {
    List<String> ids = files().stream().map(CorpusTest::idOf).toList();
    for (Signature s : Catalogue.builtIn().signatures()) {
      assertThat(ids).as("corpus log for %s", s.id()).contains(s.id());
    }
    for (String id : ids) {
      if (!id.startsWith("unknown-")) {
        assertThat(Catalogue.builtIn().byId(id)).as("%s.log names a signature", id).isNotNull();
      }
    }
  }

  @TestFactory
  List<DynamicTest> everySignatureClassifiesItsLog() throws IOException {
    Diagnoser d = Diagnoser.builtIn();
    List<DynamicTest> tests = new ArrayList<>();
    for (Path f : files()) {
      String id = idOf(f);
      if (id.startsWith("unknown-")) continue;
      tests.add(
          DynamicTest.dynamicTest(id, () -> {
            DiagnosisReport r = d.diagnose(load(f));
            assertThat(r.primary()).as("a diagnosis for %s", id).isNotNull();
            assertThat(r.primary().signatureId()).as("primary for %s; all: %s", id, r.diagnoses()).isEqualTo(id);
            Signature s = Catalogue.builtIn().byId(id);
            assertThat(r.primary().code()).isEqualTo(s.code());
            assertThat(r.primary().cause()).doesNotContainPattern("\\{[A-Za-z][A-Za-z0-9]*\\}").isNotBlank();
            assertThat(r.primary().fix()).isNotBlank();
          }));
    }
    return tests;
  }

  @Test
  void unknownRepeatsAreGroupedIntoTemplates() throws IOException {
    DiagnosisReport r = Diagnoser.builtIn().diagnose(load(corpus().resolve("unknown-repeats.log")));
    assertThat(r.diagnoses()).isEmpty();
    assertThat(r.unknown()).hasSize(2);
    LogTemplate quota = r.unknown().get(0);
    assertThat(quota.occurrences()).isEqualTo(4);
    assertThat(quota.template()).contains("quota exhausted for tenant").contains("<TS>");
    assertThat(quota.firstLine()).isEqualTo(1);
    assertThat(quota.lastLine()).isEqualTo(5);
    LogTemplate plugin = r.unknown().get(1);
    assertThat(plugin.occurrences()).isEqualTo(2);
    assertThat(plugin.template()).contains("UnexpectedStateError");
    assertThat(quota.fingerprint()).hasSize(16).isNotEqualTo(plugin.fingerprint());
  }

  @Test
  void fingerprintsAreStableAcrossRuns() throws IOException {
    Failure f = load(corpus().resolve("unknown-repeats.log"));
    DiagnosisReport a = Diagnoser.builtIn().diagnose(f);
    DiagnosisReport b = Diagnoser.builtIn().diagnose(f);
    assertThat(a.unknown()).isEqualTo(b.unknown());
    // A later run with the known templates keeps their fingerprints even when it sees one line.
    List<String> known = a.unknown().stream().map(LogTemplate::template).toList();
    Failure one = Failure.ofLog(List.of("2026-11-23T01:00:00.000Z ERROR worker-9 job 9999 failed: quota exhausted for tenant 0a0b0c0d"));
    DiagnosisReport c = Diagnoser.builtIn().diagnose(one, new TemplateMiner(known));
    assertThat(c.unknown()).hasSize(1);
    assertThat(c.unknown().get(0).fingerprint()).isEqualTo(a.unknown().get(0).fingerprint());
  }

  @Test
  void noPlantedSecretSurvives() throws IOException {
    int withCanary = 0;
    for (Path f : files()) {
      String text = Files.readString(f);
      if (!text.contains(CANARY)) continue;
      withCanary++;
      DiagnosisReport r = Diagnoser.builtIn().diagnose(load(f));
      assertThat(r.toString()).as(f.getFileName().toString()).doesNotContain(CANARY);
    }
    assertThat(withCanary).isGreaterThanOrEqualTo(5);
  }
}
