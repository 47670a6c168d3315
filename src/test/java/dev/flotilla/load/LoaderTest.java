package dev.flotilla.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.model.Dependency;
import dev.flotilla.model.LoadWarning;
import dev.flotilla.model.Service;
import dev.flotilla.model.Stack;
import dev.flotilla.model.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader's features Docker Compose 1.29 lacks (so the differential test cannot cover them), and its errors. */
class LoaderTest {
  @TempDir Path dir;

  Path write(String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
    return f;
  }

  Stack load(Map<String, String> env, String... profiles) {
    return Loader.load(new LoadOptions(List.of(), dir, null, List.of(), List.of(profiles), env));
  }

  Stack load() {
    return load(Map.of());
  }

  Stack loadFiles(String... files) {
    return Loader.load(new LoadOptions(java.util.Arrays.stream(files).map(dir::resolve).toList(), null, null, List.of(), List.of(), Map.of()));
  }

  @Test
  void discoversComposeYamlBeforeDockerComposeYmlAndWarnsAboutBoth() throws IOException {
    write("compose.yaml", "services:\n  a:\n    image: one\n");
    write("docker-compose.yml", "services:\n  a:\n    image: two\n");
    Stack s = load();
    assertThat(s.services().get("a").image().value()).isEqualTo("one");
    assertThat(s.warnings()).anySatisfy(w -> assertThat(w.message()).contains("several compose files"));
  }

  @Test
  void theOverrideFileIsMergedOnlyWhenDiscovered() throws IOException {
    write("compose.yaml", "services:\n  a:\n    image: one\n");
    write("compose.override.yaml", "services:\n  a:\n    image: two\n");
    assertThat(load().services().get("a").image().value()).isEqualTo("two");
    assertThat(loadFiles("compose.yaml").services().get("a").image().value()).isEqualTo("one");
  }

  @Test
  void shellEnvironmentWinsOverDotEnv() throws IOException {
    write("compose.yaml", "services:\n  a:\n    image: busybox:${TAG}\n    environment:\n      ONLY: ${ONLY}\n");
    write(".env", "TAG=dotenv\nONLY=from-dotenv\n");
    Stack s = load(Map.of("TAG", "shell"));
    assertThat(s.services().get("a").image().value()).isEqualTo("busybox:shell");
    assertThat(s.services().get("a").environment().get("ONLY").value()).isEqualTo("from-dotenv");
  }

  @Test
  void envFileOptionsReplaceDotEnvAndLaterOnesWin() throws IOException {
    write("compose.yaml", "services:\n  a:\n    image: busybox:${TAG}\n");
    write(".env", "TAG=dotenv\n");
    write("one.env", "TAG=one\n");
    write("two.env", "TAG=two\n");
    Stack s = Loader.load(new LoadOptions(List.of(), dir, null, List.of(dir.resolve("one.env"), dir.resolve("two.env")), List.of(), Map.of()));
    assertThat(s.services().get("a").image().value()).isEqualTo("busybox:two");
  }

  @Test
  void unsetVariableWarnsWithFileAndLine() throws IOException {
    write("compose.yaml", "services:\n  a:\n    image: busybox\n    environment:\n      PASSWORD: ${DB_PASSWORD}\n");
    LoadWarning w = load().warnings().stream().filter(x -> x.message().contains("DB_PASSWORD")).findFirst().orElseThrow();
    assertThat(w.location().file()).isEqualTo(dir.resolve("compose.yaml"));
    assertThat(w.location().line()).isEqualTo(5);
  }

  @Test
  void alternateAndNestedForms() throws IOException {
    write("compose.yaml", "services:\n  a:\n    image: busybox\n    environment:\n      ALT: ${SET:+yes}\n      NESTED: ${NOPE:-${SET}}\n");
    Map<String, String> env = Map.of("SET", "v");
    Service a = load(env).services().get("a");
    assertThat(a.environment().get("ALT").value()).isEqualTo("yes");
    assertThat(a.environment().get("NESTED").value()).isEqualTo("v");
  }

  @Test
  void requiredVariableErrorNamesTheLine() throws IOException {
    write("compose.yaml", "services:\n  a:\n    image: busybox:${TAG:?give a tag}\n");
    assertThatThrownBy(this::load).isInstanceOf(UserError.class).hasMessageContaining("TAG").hasMessageContaining("give a tag")
        .satisfies(e -> assertThat(((UserError) e).location().line()).isEqualTo(3));
  }

  @Test
  void includeUsesItsOwnProjectDirectoryAndDotEnv() throws IOException {
    write("compose.yaml", "include:\n  - db/compose.yaml\nservices:\n  web:\n    image: busybox\n    depends_on: [db]\n");
    write("db/compose.yaml", "services:\n  db:\n    image: postgres:${PG}\n    volumes: [./data:/var/lib/postgresql/data]\n    env_file: db.env\n");
    write("db/.env", "PG=16\n");
    write("db/db.env", "POSTGRES_DB=app\n");
    Stack s = load();
    Service db = s.services().get("db");
    assertThat(db.image().value()).isEqualTo("postgres:16");
    assertThat(db.volumes().get(0).hostPath()).isEqualTo(dir.resolve("db/data"));
    assertThat(db.environment().get("POSTGRES_DB").value()).isEqualTo("app");
    assertThat(db.location().file()).isEqualTo(dir.resolve("db/compose.yaml"));
  }

  @Test
  void includeOfAMissingFileNamesTheIncludeLine() throws IOException {
    write("compose.yaml", "services:\n  a:\n    image: x\ninclude:\n  - nope/compose.yaml\n");
    assertThatThrownBy(this::load).isInstanceOf(UserError.class).hasMessageContaining("not found")
        .satisfies(e -> assertThat(((UserError) e).location().line()).isEqualTo(5));
  }

  @Test
  void includeCycleIsAnError() throws IOException {
    write("compose.yaml", "include: [b.yaml]\nservices:\n  a:\n    image: x\n");
    write("b.yaml", "include: [compose.yaml]\nservices:\n  b:\n    image: x\n");
    assertThatThrownBy(this::load).isInstanceOf(UserError.class).hasMessageContaining("cycle");
  }

  @Test
  void extendsCycleNamesTheChain() throws IOException {
    write("compose.yaml", "services:\n  a:\n    image: x\n    extends: b\n  b:\n    extends: c\n  c:\n    extends: a\n");
    assertThatThrownBy(this::load).isInstanceOf(UserError.class).hasMessageContaining("extends cycle").hasMessageContaining("a -> b -> c -> a");
  }

  @Test
  void extendsFromAnotherFileResolvesPathsAgainstThatFile() throws IOException {
    write("compose.yaml", "services:\n  api:\n    extends:\n      file: common/base.yml\n      service: py\n");
    write("common/base.yml", "services:\n  py:\n    image: python\n    build: ./app\n");
    Service api = load().services().get("api");
    assertThat(api.build().context()).isEqualTo(dir.resolve("common/app"));
  }

  @Test
  void profilesKeepEveryServiceButOnlyActiveOnesDeploy() throws IOException {
    write("compose.yaml", "services:\n  web:\n    image: x\n    depends_on: [tools]\n  tools:\n    image: x\n    profiles: [debug]\n");
    Stack s = load();
    assertThat(s.services()).containsKeys("web", "tools");
    assertThat(s.activeServices()).extracting(Service::name).containsExactly("web");
    assertThat(StackConsistency.problems(s)).singleElement().satisfies(e -> assertThat(e.getMessage()).contains("only in profile(s) [debug]"));
    assertThat(StackConsistency.problems(load(Map.of(), "debug"))).isEmpty();
    assertThat(load(Map.of("COMPOSE_PROFILES", "debug")).activeServices()).hasSize(2);
  }

  @Test
  void dependsOnLongFormWithRequiredAndRestart() throws IOException {
    write("compose.yaml", "services:\n  web:\n    image: x\n    depends_on:\n      db:\n        condition: service_healthy\n        restart: true\n      optional:\n        condition: service_started\n        required: false\n  db:\n    image: x\n");
    Stack s = load();
    Dependency db = s.services().get("web").dependsOn().get("db");
    assertThat(db.condition()).isEqualTo(Dependency.Condition.SERVICE_HEALTHY);
    assertThat(db.restart()).isTrue();
    assertThat(s.services().get("web").dependsOn().get("optional").required()).isFalse();
    assertThat(StackConsistency.problems(s)).isEmpty(); // an undefined optional dependency is fine
  }

  @Test
  void aMissingRequiredEnvFileIsAWarningForCheckAndAProblemForDeploy() throws IOException {
    write("compose.yaml", "services:\n  a:\n    image: x\n    env_file:\n      - path: missing.env\n      - path: optional.env\n        required: false\n");
    Stack s = load();
    assertThat(s.services().get("a").envFiles()).hasSize(2);
    assertThat(s.warnings()).anySatisfy(w -> {
      assertThat(w.message()).contains("missing.env not found");
      assertThat(w.location().line()).isEqualTo(5);
    });
    assertThat(s.warnings()).noneSatisfy(w -> assertThat(w.message()).contains("optional.env"));
    assertThat(StackConsistency.problems(s)).singleElement().satisfies(e -> assertThat(e.getMessage()).contains("missing.env"));
  }

  @Test
  void resetAndOverrideAcrossFiles() throws IOException {
    write("compose.yaml", "services:\n  a:\n    image: x\n    ports: ['80:80']\n    environment: {A: '1', B: '2'}\n");
    write("compose.override.yaml", "services:\n  a:\n    ports: !reset []\n    environment: !override {C: '3'}\n");
    Service a = load().services().get("a");
    assertThat(a.ports()).isEmpty();
    assertThat(a.environment()).containsOnlyKeys("C");
  }

  @Test
  void healthcheckForms() throws IOException {
    write("compose.yaml", "services:\n  a:\n    image: x\n    healthcheck:\n      test: wget -q http://127.0.0.1\n      start_interval: 2s\n  b:\n    image: x\n    healthcheck:\n      disable: true\n");
    Stack s = load();
    assertThat(s.services().get("a").healthcheck().test()).containsExactly("CMD-SHELL", "wget -q http://127.0.0.1");
    assertThat(s.services().get("a").healthcheck().startInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.services().get("b").healthcheck().disabled()).isTrue();
  }

  @Test
  void dockerfileInlineAndBuildParsing() throws IOException {
    write("compose.yaml", "services:\n  a:\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM busybox\n        CMD [\"true\"]\n");
    assertThat(load().services().get("a").build().parsed().stages()).hasSize(1);
  }

  @Test
  void buildContextOutsideTheComposeDirectoryIsValid() throws IOException {
    write("deploy/compose.yaml", "services:\n  a:\n    build:\n      context: ../..\n");
    Stack s = loadFiles("deploy/compose.yaml");
    assertThat(s.services().get("a").build().context()).isEqualTo(dir.getParent());
  }

  @Test
  void projectNameRules() throws IOException {
    write("compose.yaml", "services:\n  a:\n    image: x\n");
    assertThat(load().name()).isEqualTo(dir.getFileName().toString().toLowerCase().replaceAll("[^a-z0-9_-]", "").replaceAll("^[^a-z0-9]+", ""));
    assertThat(load(Map.of("COMPOSE_PROJECT_NAME", "from-env")).name()).isEqualTo("from-env");
    write("compose.yaml", "name: from-file\nservices:\n  a:\n    image: x\n");
    assertThat(load().name()).isEqualTo("from-file");
    assertThat(Loader.load(new LoadOptions(List.of(), dir, "from-flag", List.of(), List.of(), Map.of("COMPOSE_PROJECT_NAME", "env"))).name()).isEqualTo("from-flag");
    write("compose.yaml", "name: Not_Valid\nservices:\n  a:\n    image: x\n");
    assertThatThrownBy(this::load).isInstanceOf(UserError.class).hasMessageContaining("invalid project name");
  }

  @Test
  void schemaErrorsAreAllReportedWithTheirLines() throws IOException {
    write("compose.yaml", "services:\n  a:\n    image: x\n    restrat: always\n  b:\n    image: x\n    ports: 80\n");
    assertThatThrownBy(this::load).isInstanceOfSatisfying(SchemaValidator.InvalidProject.class, e -> {
      assertThat(e.problems()).hasSize(2);
      assertThat(e.problems().get(0).location().line()).isEqualTo(4);
      assertThat(e.problems().get(0).message()).contains("unknown key 'restrat'");
      assertThat(e.problems().get(1).location().line()).isEqualTo(7);
      assertThat(e.problems().get(1).message()).contains("services.b.ports").contains("must be a list");
    });
  }

  @Test
  void schemaIsAppliedAfterInterpolation() throws IOException {
    write("compose.yaml", "services:\n  a:\n    image: x\n    healthcheck:\n      retries: ${RETRIES}\n");
    assertThat(load(Map.of("RETRIES", "3")).services().get("a").healthcheck().retries()).isEqualTo(3);
    assertThatThrownBy(() -> load(Map.of("RETRIES", "many"))).isInstanceOf(UserError.class).hasMessageContaining("retries");
  }

  @Test
  void unknownTopLevelKeyIsAnError() throws IOException {
    write("compose.yaml", "services:\n  a:\n    image: x\nservice:\n  b: {}\n");
    assertThatThrownBy(this::load).isInstanceOf(UserError.class).hasMessageContaining("unknown top-level key 'service'")
        .satisfies(e -> assertThat(((UserError) e).location().line()).isEqualTo(4));
  }
}
