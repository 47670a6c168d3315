package dev.flotilla.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComposeMergeTest {
  static YNode.Map yaml(String name, String text) {
    return (YNode.Map) YamlReader.readString(Path.of("/p/" + name), text).get(0);
  }

  static Object web(String base, String over) {
    YNode.Map merged = (YNode.Map) ComposeMerge.stripResets(ComposeMerge.mergeFiles(yaml("a.yml", base), yaml("b.yml", over)));
    @SuppressWarnings("unchecked")
    Map<String, Object> services = (Map<String, Object>) YNode.toPlain(merged.get("services"));
    return services.get("web");
  }

  @SuppressWarnings("unchecked")
  static Object field(String base, String over, String key) {
    return ((Map<String, Object>) web(base, over)).get(key);
  }

  @Test
  void mappingsMergeKeyByKeyAndScalarsReplace() {
    Object w = web("services:\n  web:\n    image: a\n    user: u\n", "services:\n  web:\n    image: b\n    working_dir: /w\n");
    assertThat(w).isEqualTo(Map.of("image", "b", "user", "u", "working_dir", "/w"));
  }

  @Test
  void commandEntrypointAndHealthcheckTestReplace() {
    String base = "services:\n  web:\n    command: [a, b]\n    entrypoint: [x]\n    healthcheck:\n      test: [CMD, one]\n      interval: 5s\n";
    String over = "services:\n  web:\n    command: [c]\n    entrypoint: [y]\n    healthcheck:\n      test: [CMD, two]\n";
    assertThat(field(base, over, "command")).isEqualTo(List.of("c"));
    assertThat(field(base, over, "entrypoint")).isEqualTo(List.of("y"));
    assertThat(field(base, over, "healthcheck")).isEqualTo(Map.of("test", List.of("CMD", "two"), "interval", "5s"));
  }

  @Test
  void otherSequencesAppend() {
    assertThat(field("services:\n  web:\n    dns: [1.1.1.1]\n    cap_add: [NET_ADMIN]\n", "services:\n  web:\n    cap_add: [SYS_TIME]\n", "cap_add"))
        .isEqualTo(List.of("NET_ADMIN", "SYS_TIME"));
  }

  @Test
  void environmentMergesWhateverTheSyntax() {
    Object env = field("services:\n  web:\n    environment: [A=1, B=2]\n", "services:\n  web:\n    environment:\n      B: 3\n      C: 4\n", "environment");
    assertThat(env).isEqualTo(Map.of("A", "1", "B", 3L, "C", 4L));
  }

  @Test
  void portsAndVolumesAreUniqueByTheirKey() {
    String base = "services:\n  web:\n    ports: ['8080:80', '9000:9000']\n    volumes: ['./a:/data', 'logs:/logs']\n";
    String over = "services:\n  web:\n    ports: ['8080:80', '9443:443']\n    volumes: ['./b:/data:ro']\n";
    assertThat(field(base, over, "ports")).isEqualTo(List.of("9000:9000", "8080:80", "9443:443"));
    assertThat(field(base, over, "volumes")).isEqualTo(List.of("logs:/logs", "./b:/data:ro"));
  }

  @Test
  void secretsAreUniqueBySourceOrTarget() {
    String base = "services:\n  web:\n    secrets: [a, {source: b, target: /run/b}]\n";
    String over = "services:\n  web:\n    secrets: [a, {source: c, target: /run/b}]\n";
    assertThat(field(base, over, "secrets")).isEqualTo(List.of("a", Map.of("source", "c", "target", "/run/b")));
  }

  @Test
  void dependsOnListAndMapMerge() {
    Object deps = field("services:\n  web:\n    depends_on: [db]\n", "services:\n  web:\n    depends_on:\n      cache:\n        condition: service_healthy\n", "depends_on");
    assertThat(deps).isEqualTo(Map.of("db", Map.of("condition", "service_started"), "cache", Map.of("condition", "service_healthy")));
  }

  @Test
  void buildStringAndObjectMerge() {
    Object b = field("services:\n  web:\n    build: ./app\n", "services:\n  web:\n    build:\n      target: prod\n", "build");
    assertThat(b).isEqualTo(Map.of("context", "./app", "target", "prod"));
  }

  @Test
  void resetRemovesAndOverrideReplaces() {
    String base = "services:\n  web:\n    image: a\n    ports: ['80:80']\n    environment: {A: 1, B: 2}\n  old:\n    image: x\n";
    String over = "services:\n  web:\n    ports: !reset []\n    environment: !override {C: 3}\n  old: !reset\n";
    YNode.Map merged = (YNode.Map) ComposeMerge.stripResets(ComposeMerge.mergeFiles(yaml("a.yml", base), yaml("b.yml", over)));
    assertThat(YNode.toPlain(merged.get("services"))).isEqualTo(Map.of("web", Map.of("image", "a", "environment", Map.of("C", 3L))));
  }

  @Test
  void aMergedValueKeepsTheLocationOfTheFileThatSetIt() {
    YNode.Map merged = ComposeMerge.mergeFiles(yaml("a.yml", "services:\n  web:\n    image: a\n"), yaml("b.yml", "services:\n  web:\n\n    image: b\n"));
    YNode img = ((YNode.Map) ((YNode.Map) merged.get("services")).get("web")).get("image");
    assertThat(img.location().file()).isEqualTo(Path.of("/p/b.yml"));
    assertThat(img.location().line()).isEqualTo(4);
  }
}
