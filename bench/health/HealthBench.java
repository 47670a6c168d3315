import dev.flotilla.probe.Probe;
import dev.flotilla.probe.ProbeResult;
import dev.flotilla.probe.Probes;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Sweeps every URL of a file with Probes.sweep: two warm-up sweeps, then RUNS timed ones. */
public class HealthBench {
  public static void main(String[] args) throws Exception {
    List<String> urls = Files.readAllLines(Path.of(args[0])).stream().filter(s -> !s.isBlank()).toList();
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    List<Probe> probes = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) probes.add(new Probe.Http("svc" + i, URI.create(urls.get(i)), 200, "ok", Duration.ofSeconds(5)));
    try (Probes p = new Probes(null)) {
      for (int w = 0; w < 2; w++) p.sweep(probes);
      double[] ms = new double[runs];
      for (int r = 0; r < runs; r++) {
        long t0 = System.nanoTime();
        List<ProbeResult> res = p.sweep(probes);
        ms[r] = (System.nanoTime() - t0) / 1e6;
        long ok = res.stream().filter(ProbeResult::ok).count();
        if (ok != probes.size()) {
          System.err.println("run " + r + ": only " + ok + " of " + probes.size() + " healthy; first failure: "
              + res.stream().filter(x -> !x.ok()).findFirst().map(ProbeResult::detail).orElse("?"));
        }
      }
      Arrays.sort(ms);
      System.out.printf("flotilla Probes.sweep: %d endpoints, best %.0f ms, median %.0f ms, worst %.0f ms (%d runs)%n",
          probes.size(), ms[0], ms[runs / 2], ms[runs - 1], runs);
    }
  }
}
