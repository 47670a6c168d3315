import java.nio.file.*;
import java.util.*;
public class RewriteDockerEval {
  public static void main(String[] a) throws Exception {
    List<String> texts = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (String arg : a) {
      try (var s = Files.walk(Path.of(arg))) {
        for (Path p : s.filter(p -> p.getFileName().toString().startsWith("Dockerfile") && Files.isRegularFile(p)).toList()) { texts.add(Files.readString(p)); names.add(p.toString()); }
      }
    }
    String[] extra = {
      "# escape=`\nFROM busybox\nRUN echo a `\n  b\n",
      "FROM busybox\nRUN echo a \\\n  # comment inside\n  && echo b\n",
      "FROM busybox\nRUN <<EOF\necho one\nEOF\nCOPY <<-'CONF' /etc/app.conf\n\tkey=value\n\tCONF\n",
      "ARG BASE=busybox\nFROM ${BASE} AS b\nCOPY --from=b --chown=1:1 /a /b\nHEALTHCHECK --interval=5s CMD [\"wget\", \"-q\"]\nFROBNICATE now\n",
    };
    for (String e : extra) { texts.add(e); names.add("inline:" + e.split("\n")[1]); }
    long t0 = System.nanoTime();
    var parser = new org.openrewrite.docker.DockerParser();
    var ctx = new org.openrewrite.InMemoryExecutionContext(Throwable::printStackTrace);
    int errors = 0;
    for (int round = 0; round < 3; round++) {
      long t = System.nanoTime();
      errors = 0;
      for (int i = 0; i < texts.size(); i++) {
        var sf = parser.parse(ctx, texts.get(i)).findFirst().orElseThrow();
        boolean err = sf.getClass().getSimpleName().contains("ParseError");
        if (err) { errors++; if (round == 0) System.out.println("parse error: " + names.get(i)); }
        else if (round == 0 && !sf.printAll().equals(texts.get(i))) System.out.println("not lossless: " + names.get(i));
      }
      System.out.printf("rewrite-docker round %d: %d files, %d ms, %d parse errors%n", round, texts.size(), (System.nanoTime() - t) / 1_000_000, errors);
    }
    for (int round = 0; round < 3; round++) {
      long t = System.nanoTime();
      for (int i = 0; i < texts.size(); i++) dev.flotilla.load.DockerfileParser.parse(Path.of("/x/Dockerfile"), texts.get(i), Map.of());
      System.out.printf("flotilla round %d: %d files, %d ms%n", round, texts.size(), (System.nanoTime() - t) / 1_000_000);
    }
  }
}
