package dev.flotilla.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.testing.CliRun;
import dev.flotilla.testing.CliRun.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCommandTest {
  @TempDir Path dir;

  static Result run(String... args) {
    return CliRun.inProcess(args);
  }

  @Test
  void printsPhasesAndInferredEdgesInEveryFormat() throws Exception {
    Files.writeString(dir.resolve("compose.yaml"), """
        name: shop
        services:
          db: { image: busybox }
          api: { image: busybox, environment: { DATABASE_URL: "postgresql://u:p@db:5432/app" } }
          web: { image: busybox, depends_on: [api] }
        """);
    Result text = run("plan", dir.toString());
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out()).contains("3 services in 3 phases", "phase 1: db", "api → db  (inferred: DATABASE_URL names db)", "phase 3: web");
    Result json = run("plan", dir.toString(), "--format", "json");
    assertThat(json.out()).contains("\"inferred\" : true", "\"phase\" : 3");
    assertThat(run("plan", dir.toString(), "--format", "dot").out()).contains("\"api\" -> \"db\" [style=dashed");
    assertThat(run("plan", dir.toString(), "--format", "mermaid").out()).contains("api -.->|inferred| db");
    Result only = run("plan", dir.toString(), "api");
    assertThat(only.out()).contains("2 services in 2 phases").doesNotContain("web");
  }

  @Test
  void aCycleIsAnErrorThatPrintsTheCycle() throws Exception {
    Files.writeString(dir.resolve("compose.yaml"), """
        services:
          a: { image: busybox, depends_on: [b] }
          b: { image: busybox, depends_on: [a] }
        """);
    Result r = run("plan", dir.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("compose.yaml:", "dependency cycle: a → b → a").doesNotContain("Exception");
  }

  @Test
  void explicitPhasesAreCheckedAgainstTheGraph() throws Exception {
    Files.writeString(dir.resolve("compose.yaml"), """
        x-flotilla:
          phases: [[api], [db]]
        services:
          db: { image: busybox }
          api: { image: busybox, depends_on: [db] }
        """);
    Result r = run("plan", dir.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("x-flotilla.phases puts api in phase 1 but it needs db");
  }
}
