package dev.flotilla.track;

import dev.flotilla.model.Category;
import dev.flotilla.model.Severity;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A child JVM for the crash and concurrency tests: writes deployments and errors to a store in a
 * loop and prints {@code committed N} after each one is committed (then {@code done}).
 * Arguments: JDBC URL, project, count (0 = until killed), name of this writer.
 */
public final class StoreWriterProcess {
  private StoreWriterProcess() {}

  public static void main(String[] args) {
    String url = args[0];
    String project = args[1];
    int count = Integer.parseInt(args[2]);
    String writer = args[3];
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try (Store store = Store.open(url)) {
      out.println("open");
      for (int i = 1; count == 0 || i <= count; i++) {
        long id = store.startDeployment(new NewDeployment(project, "test", writer, "process", null, "{\"i\":" + i + "}"));
        store.recordError(NewError.builder(project, "RES002", Severity.HIGH, Category.RESOURCE, "no space left on device")
            .deployment(id).service("writer").evidence(writer + " " + i).build());
        store.finishDeployment(id, Outcome.FAILED);
        out.println("committed " + i + " " + id);
      }
      out.println("done");
    }
  }
}
