import dev.flotilla.load.*;
import java.nio.file.Path;
public class LoadBench {
  public static void main(String[] a) {
    for (int i = 0; i < 12; i++) {
      var mx = java.lang.management.ManagementFactory.getThreadMXBean(); long c0 = mx.getCurrentThreadCpuTime(); long t = System.nanoTime();
      var s = Loader.load(LoadOptions.ofDirectory(Path.of(a[0])));
      System.out.println((System.nanoTime() - t) / 1_000_000 + " ms wall, " + (mx.getCurrentThreadCpuTime() - c0) / 1_000_000 + " ms cpu, " + s.services().size());
    }
  }
}
