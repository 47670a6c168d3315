package dev.flotilla.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing recorded is lost: a writer killed with SIGKILL in the middle of writing leaves a store
 * that opens cleanly with every record it reported committed; two processes writing one store at
 * once both succeed. On the embedded H2 file and on PostgreSQL.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES) // a hung child must not hang the build
class StoreProcessesTest {
  @TempDir Path dir;
  static String pgUrl;

  @AfterAll
  static void dropSchema() {
    TestStores.dropPostgresSchema(pgUrl);
  }

  static synchronized String pg() {
    if (pgUrl == null) pgUrl = TestStores.freshPostgresSchema();
    return pgUrl;
  }

  @Test
  void killedWriterLosesNothingCommittedH2() throws Exception {
    killMidWrite(TestStores.h2Url(dir));
  }

  @Test
  void killedWriterLosesNothingCommittedPostgres() throws Exception {
    killMidWrite(pg());
  }

  @Test
  void twoProcessesWriteOneStoreAtOnceH2() throws Exception {
    twoWriters(TestStores.h2Url(dir));
  }

  @Test
  void twoProcessesWriteOneStoreAtOncePostgres() throws Exception {
    twoWriters(pg());
  }

  private void killMidWrite(String url) throws Exception {
    String project = "crash-" + UUID.randomUUID().toString().substring(0, 8);
    // Create the schema first so the child spends its life writing.
    Store.open(url).close();
    for (int round = 0; round < 3; round++) {
      Writer w = Writer.start(url, project, 0, "w" + round);
      try {
        // Kill at a different point each round, once a few records are in.
        w.awaitCommitted(20 + round * 7, 60);
      } finally {
        w.process.destroyForcibly(); // also when it failed to commit in time: it writes until killed
      }
      assertThat(w.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      w.drain();
      assertThat(w.exitCode()).as("killed, not finished").isNotZero();
      List<Long> committed = w.committedIds();
      try (Store store = Store.open(url)) {
        List<Deployment> all = store.deployments(project, null, 0);
        List<Long> ids = all.stream().map(Deployment::id).toList();
        assertThat(ids).containsAll(committed);
        // At most the one record in flight at the kill may be there without being reported.
        String who = "w" + round;
        long mine = all.stream().filter(d -> d.user().equals(who)).count();
        assertThat(mine).isBetween((long) committed.size(), committed.size() + 1L);
        for (Long id : committed) {
          Deployment d = store.deployment(id).orElseThrow();
          assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
          assertThat(store.errorsOfDeployment(id)).hasSize(1);
        }
        TrackedError e = store.errors(ErrorQuery.all(project)).get(0);
        long hits = store.hits(e.id()).size();
        assertThat(e.occurrences()).as("occurrences agree with the linked deployments").isEqualTo(hits);
        assertThat(store.occurrences(e.id(), 0)).hasSize((int) e.occurrences());
      }
    }
  }

  private void twoWriters(String url) throws Exception {
    String project = "two-" + UUID.randomUUID().toString().substring(0, 8);
    int n = 40;
    Writer a = Writer.start(url, project, n, "a");
    Writer b = Writer.start(url, project, n, "b");
    try {
      for (Writer w : List.of(a, b)) {
        assertThat(w.process.waitFor(180, TimeUnit.SECONDS)).as("writer %s finished", w.name).isTrue();
        w.drain();
        assertThat(w.exitCode()).as("writer %s exit; output %s; stderr %s", w.name, w.lines, w.stderr()).isZero();
        assertThat(w.committedIds()).hasSize(n);
      }
    } finally {
      a.process.destroyForcibly();
      b.process.destroyForcibly();
    }
    try (Store store = Store.open(url)) {
      assertThat(store.deployments(project, null, 0)).hasSize(2 * n);
      TrackedError e = store.errors(ErrorQuery.all(project)).get(0);
      assertThat(e.occurrences()).isEqualTo(2L * n);
    }
  }

  /** A child JVM running {@link StoreWriterProcess}, its stdout read line by line. */
  static final class Writer {
    final Process process;
    final String name;
    final List<String> lines = new ArrayList<>();
    Path stderr;
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final Thread reader;

    private Writer(Process process, String name) {
      this.process = process;
      this.name = name;
      this.reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) queue.add(line);
        } catch (IOException ignored) {
          // the process died: what was read is what it said
        }
        queue.add("<eof>");
      });
      reader.setDaemon(true);
      reader.start();
    }

    static Writer start(String url, String project, int count, String name) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
          StoreWriterProcess.class.getName(), url, project, Integer.toString(count), name);
      Path err = Files.createTempFile("store-writer-" + name, ".err");
      pb.redirectError(err.toFile());
      Writer w = new Writer(pb.start(), name);
      w.stderr = err;
      return w;
    }

    /** Waits until the child reported at least {@code n} commits. */
    void awaitCommitted(int n, int seconds) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      while (committedIds().size() < n) {
        String line = queue.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (line == null) throw new AssertionError("writer " + name + " committed only " + committedIds().size() + " in " + seconds + "s: " + lines);
        if (line.equals("<eof>")) throw new AssertionError("writer " + name + " died: " + lines);
        lines.add(line);
      }
    }

    /** Reads what is left of its output (after it exited). */
    void drain() throws InterruptedException {
      for (String line; (line = queue.poll(30, TimeUnit.SECONDS)) != null && !line.equals("<eof>"); ) lines.add(line);
    }

    String stderr() {
      try {
        return Files.readString(stderr);
      } catch (IOException e) {
        return "";
      }
    }

    int exitCode() {
      return process.exitValue();
    }

    List<Long> committedIds() {
      List<Long> ids = new ArrayList<>();
      for (String l : lines) if (l.startsWith("committed ")) ids.add(Long.parseLong(l.split(" ")[2]));
      return ids;
    }
  }
}
