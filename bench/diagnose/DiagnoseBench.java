import dev.flotilla.diagnose.Diagnoser;
import dev.flotilla.diagnose.DiagnosisContext;
import dev.flotilla.diagnose.DiagnosisReport;
import dev.flotilla.diagnose.Failure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Classifies one million log lines on one thread and prints lines per second. Run it with
 * bench/diagnose/run.sh (which builds the jar and pins the JVM to one core), or:
 *   java -cp target/flotilla.jar bench/diagnose/DiagnoseBench.java [LINES] [LOGFILE]
 * The generated log is deterministic (seeded): mostly ordinary lines (access logs, INFO/DEBUG,
 * SQL, health probes), 2% known failures, 1% unknown errors, like a failing platform's logs.
 */
public class DiagnoseBench {
  static final String[] ORDINARY = {
    "INFO:     172.18.0.%d:5%d - \"GET /api/v1/policies?limit=%d HTTP/1.1\" 200 OK",
    "2026-11-22 07:%02d:%02d,120 INFO app.database query took %d ms rows=%d",
    "[2026-11-22T07:%02d:%02d.000Z] http: GET /api/users/%d 200 %dms",
    "2026-11-22T07:%02d:%02d.000Z  INFO 1 --- [nio-8080-exec-%d] c.e.api.PolicyController : served %d policies",
    "172.18.0.%d - - [22/Nov/2026:07:00:%02d +0000] \"GET /static/app.%d.js HTTP/1.1\" 200 %d \"-\" \"Mozilla/5.0\"",
    "2026-11-22 07:%02d:%02d.000 UTC [%d] LOG:  checkpoint complete: wrote %d buffers",
    "DEBUG sqlalchemy.engine SELECT policies.id, policies.name FROM policies WHERE policies.id = %d LIMIT %d",
    "level=info ts=2026-11-22T07:%02d:%02dZ caller=worker.go:%d msg=\"job done\" job=%d",
  };
  static final String[] KNOWN = {
    "ModuleNotFoundError: No module named 'L01_data_layer'",
    "ImportError: cannot import name 'HTTPStatus' from 'fastapi' (/usr/local/lib/python3.11/site-packages/fastapi/__init__.py)",
    "NameError: name 'get_current_user' is not defined",
    "Error: connect ECONNREFUSED 127.0.0.1:5432",
    "2026-11-22 07:02:11 ERROR MQTT connection attempt 1 failed: [Errno -2] Name or service not known",
    "ERROR: failed to solve: failed to compute cache key: failed to calculate checksum of ref abc::def: \"/shared\": not found",
    "FATAL:  password authentication failed for user \"admin\"",
    "OSError: [Errno 28] No space left on device",
    "Bind for 0.0.0.0:9000 failed: port is already allocated",
    "/bin/sh: 1: curl: not found",
  };
  static final String[] UNKNOWN = {
    "2026-11-22T07:12:%02d.001Z ERROR worker-%d job %d failed: quota exhausted for tenant %d",
    "ERROR plugin billing raised UnexpectedStateError in state %d after %d retries",
  };

  static List<String> generate(int n) {
    Random r = new Random(42);
    List<String> lines = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int p = r.nextInt(100);
      if (p < 2) lines.add(KNOWN[r.nextInt(KNOWN.length)]);
      else if (p < 3) lines.add(String.format(UNKNOWN[r.nextInt(UNKNOWN.length)], r.nextInt(60), r.nextInt(9), r.nextInt(10000), r.nextInt(100)));
      else lines.add(String.format(ORDINARY[r.nextInt(ORDINARY.length)], r.nextInt(60), r.nextInt(60), r.nextInt(10000), r.nextInt(100000)));
    }
    return lines;
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    List<String> lines = args.length > 1 ? Files.readAllLines(Path.of(args[1])) : generate(n);
    n = lines.size();
    long bytes = 0;
    for (String l : lines) bytes += l.length() + 1;
    Diagnoser d = Diagnoser.builtIn();
    DiagnosisContext ctx = DiagnosisContext.of(List.of("l01-data-layer"));

    // Warm up the JIT on a tenth of the input, three times.
    for (int w = 0; w < 3; w++) {
      int hits = 0;
      for (int i = 0; i < n / 10; i++) if (d.match(lines.get(i), ctx, null, null, false) != null) hits++;
      if (hits < 0) System.out.println(hits);
    }

    // 1. The classifier's hot path: every line through the prefilter and, when it may, the regexes.
    long best = Long.MAX_VALUE;
    int matched = 0;
    for (int run = 0; run < 3; run++) {
      long t0 = System.nanoTime();
      matched = 0;
      for (String l : lines) if (d.match(l, ctx, null, null, false) != null) matched++;
      best = Math.min(best, System.nanoTime() - t0);
    }
    double perSec = n / (best / 1e9);

    // 2. A whole diagnosis: ranking, redacted evidence, and unknown errors grouped into templates.
    long t1 = System.nanoTime();
    DiagnosisReport report = d.diagnose(new Failure("bench", lines, 1, false, null, ctx));
    long whole = System.nanoTime() - t1;

    System.out.printf("lines: %,d (%.1f MB)%n", n, bytes / 1e6);
    System.out.printf("classify (best of 3): %.3f s, %,.0f lines/s, %,d lines matched a signature%n", best / 1e9, perSec, matched);
    System.out.printf("diagnose (one pass, with templates): %.3f s, %,.0f lines/s, %d diagnoses, %d unknown templates%n",
        whole / 1e9, n / (whole / 1e9), report.diagnoses().size(), report.unknown().size());
    System.out.printf("signatures: %d; target >= 200,000 lines/s on one core: %s%n",
        d.catalogue().signatures().size(), perSec >= 200_000 ? "met" : "NOT met");
  }
}
