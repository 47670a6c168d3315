package dev.flotilla.plan;

import static dev.flotilla.testing.TestStacks.service;
import static dev.flotilla.testing.TestStacks.stack;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.model.Stack;
import dev.flotilla.model.UserError;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannerTest {
  final Path dir = Path.of("/tmp/p");

  @Test
  void phasesFollowDeclaredAndInferredDependencies() {
    Stack s = stack("shop", dir,
        service("gateway").env("AUTH_URL", "http://auth:8080/login").dependsOn("data-api"),
        service("auth").env("DATABASE_URL", "postgresql://app:secret@postgres/app"),
        service("data-api").dependsOn("postgres").env("REDIS", "redis:6379"),
        service("postgres"),
        service("redis"));
    Plan p = Planner.plan(s);
    assertThat(p.phases()).extracting(Phase::services)
        .containsExactly(List.of("postgres", "redis"), List.of("auth", "data-api"), List.of("gateway"));
    assertThat(p.edges()).filteredOn(Edge::inferred).extracting(Edge::describe)
        .containsExactlyInAnyOrder(
            "gateway → auth (inferred: AUTH_URL names auth)",
            "auth → postgres (inferred: DATABASE_URL names postgres)",
            "data-api → redis (inferred: REDIS names redis)");
    assertThat(p.edges()).filteredOn(e -> !e.inferred()).hasSize(2);
  }

  @Test
  void loopbackPortOfAHostNetworkServiceIsADependencyAndUnknownHostsAreOutside() {
    Stack s = stack("p", dir,
        service("db").hostNetwork().expose(9110),
        service("api").hostNetwork().env("DATABASE_URL", "postgresql://u:p@127.0.0.1:9110/app").env("CACHE", "redis://cache.internal:6380"));
    Plan p = Planner.plan(s);
    assertThat(p.phases()).extracting(Phase::services).containsExactly(List.of("db"), List.of("api"));
    assertThat(p.edges()).singleElement().satisfies(e -> assertThat(e.reason()).contains("127.0.0.1:9110, db's port"));
    assertThat(p.outside()).containsExactly(new Plan.OutsideEndpoint("api", "CACHE", "cache.internal", 6380));
  }

  @Test
  void aCycleIsAnErrorThatPrintsTheCycle() {
    Stack s = stack("p", dir, service("a").dependsOn("b"), service("b").dependsOn("c"), service("c").dependsOn("a"), service("d"));
    assertThatThrownBy(() -> Planner.plan(s)).isInstanceOf(UserError.class)
        .hasMessageMatching("dependency cycle: (a → b → c → a|b → c → a → b|c → a → b → c); .*");
  }

  @Test
  void anInferredEdgeThatWouldCloseACycleIsDroppedWithANote() {
    Stack s = stack("p", dir, service("api").dependsOn("worker"), service("worker").env("CALLBACK_URL", "http://api/cb"));
    Plan p = Planner.plan(s);
    assertThat(p.phases()).extracting(Phase::services).containsExactly(List.of("worker"), List.of("api"));
    assertThat(p.warnings()).singleElement().asString().contains("worker → api");
  }

  @Test
  void explicitPhasesWinAndAreCheckedAgainstTheGraph() {
    Stack ok = stack("p", dir, List.of(List.of("db", "cache"), List.of("api")), service("api").dependsOn("db"), service("db"), service("cache"));
    assertThat(Planner.plan(ok).phases()).extracting(Phase::services).containsExactly(List.of("db", "cache"), List.of("api"));
    assertThat(Planner.plan(ok).explicitPhases()).isTrue();

    Stack wrong = stack("p", dir, List.of(List.of("api", "db")), service("api").dependsOn("db"), service("db"));
    assertThatThrownBy(() -> Planner.plan(wrong)).hasMessageContaining("puts api in phase 1 but it needs db (phase 1");
    Stack missing = stack("p", dir, List.of(List.of("db")), service("api").dependsOn("db"), service("db"));
    assertThatThrownBy(() -> Planner.plan(missing)).hasMessageContaining("does not place api");
  }

  @Test
  void renderersShowPhasesAndInferredEdges() {
    Plan p = Planner.plan(stack("p", dir, service("api").env("DB_HOST", "db"), service("db")));
    assertThat(PlanRenderer.render(p, PlanRenderer.Format.DOT, dir)).contains("\"api\" -> \"db\" [style=dashed, label=\"inferred\"]");
    assertThat(PlanRenderer.render(p, PlanRenderer.Format.MERMAID, dir)).contains("api -.->|inferred| db");
    assertThat(PlanRenderer.render(p, PlanRenderer.Format.JSON, dir)).contains("\"inferred\" : true");
    assertThat(PlanRenderer.render(p, PlanRenderer.Format.TEXT, dir)).contains("phase 2: api").contains("api → db  (inferred: DB_HOST names db)");
    assertThat(p.restrictTo(java.util.Set.of("db")).services()).containsExactly("db");
  }
}
