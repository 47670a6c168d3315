package dev.flotilla.load.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.load.LoadOptions;
import dev.flotilla.load.Loader;
import dev.flotilla.model.ServiceSources;
import dev.flotilla.model.Stack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One scan per stack, shared by a prefetching thread and every caller, with the same result as a scan of its own. */
class SourceScannerSharingTest {
  static Stack broken() {
    return Loader.load(LoadOptions.ofDirectory(Path.of("examples/broken-platform")));
  }

  @Test
  void aPrefetchedScanIsTheScanEveryCallerGets() throws Exception {
    Stack stack = broken();
    Map<String, ServiceSources> alone = SourceScanner.scan(stack);
    SourceScanner.prefetch(stack);
    SourceScanner.prefetch(stack); // a second prefetch starts nothing new
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Map<String, ServiceSources>>> asked = new ArrayList<>();
      for (int i = 0; i < 3; i++) asked.add(pool.submit((Callable<Map<String, ServiceSources>>) () -> SourceScanner.of(stack)));
      Map<String, ServiceSources> first = asked.get(0).get();
      for (Future<Map<String, ServiceSources>> f : asked) assertThat(f.get()).isSameAs(first);
      assertThat(first).isEqualTo(alone);
      assertThat(first.keySet()).containsExactlyElementsOf(stack.services().keySet());
      assertThat(SourceScanner.of(stack)).isSameAs(first);
    } finally {
      pool.shutdownNow();
    }
  }
}
