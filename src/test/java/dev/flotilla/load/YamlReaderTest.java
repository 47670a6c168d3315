package dev.flotilla.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.UserError;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlReaderTest {
  static final Path F = Path.of("/p/compose.yaml");

  static YNode.Map read(String yaml) {
    return (YNode.Map) YamlReader.readString(F, yaml).get(0);
  }

  static YNode at(YNode.Map root, String... keys) {
    YNode n = root;
    for (String k : keys) n = ((YNode.Map) n).get(k);
    return n;
  }

  @Test
  void everyKeyAndValueKeepsFileLineAndColumn() {
    YNode.Map root = read("services:\n  web:\n    image: nginx\n    ports:\n      - \"80:80\"\n");
    YNode.Map web = (YNode.Map) at(root, "services", "web");
    assertThat(web.keyLocation("image")).isEqualTo(new SourceLocation(F, 3, 5));
    assertThat(web.get("image").location()).isEqualTo(new SourceLocation(F, 3, 12));
    YNode.Seq ports = (YNode.Seq) web.get("ports");
    assertThat(ports.items().get(0).location()).isEqualTo(new SourceLocation(F, 5, 9));
  }

  @Test
  void aliasesAreExpandedAndKeepTheAnchorsLocation() {
    YNode.Map root = read("x-img: &img busybox:1.36\nservices:\n  a:\n    image: *img\n");
    YNode.Scalar img = (YNode.Scalar) at(root, "services", "a", "image");
    assertThat(img.value()).isEqualTo("busybox:1.36");
    assertThat(img.location().line()).isEqualTo(1);
  }

  @Test
  void mergeKeysExplicitKeysWinAndTheFirstListedMappingWins() {
    YNode.Map root =
        read("x-a: &a {restart: always, user: a}\nx-b: &b {user: b, working_dir: /b}\nservices:\n  s:\n    <<: [*a, *b]\n    restart: \"no\"\n");
    YNode.Map s = (YNode.Map) at(root, "services", "s");
    assertThat(ServiceNormalizer.text(s.get("restart"))).isEqualTo("no");
    assertThat(ServiceNormalizer.text(s.get("user"))).isEqualTo("a");
    assertThat(ServiceNormalizer.text(s.get("working_dir"))).isEqualTo("/b");
    assertThat(s.has("<<")).isFalse();
  }

  @Test
  void resetAndOverrideTagsAreKept() {
    YNode.Map root = read("services:\n  a:\n    ports: !reset []\n    environment: !override {A: 1}\n");
    assertThat(at(root, "services", "a", "ports").tag()).isEqualTo("!reset");
    assertThat(at(root, "services", "a", "environment").tag()).isEqualTo("!override");
  }

  @Test
  void yaml12CoreSchemaTypesPlainScalarsOnly() {
    YNode.Map root = read("a: yes\nb: true\nc: '1'\nd: 1\ne: 0o17\nf: ~\ng: 1.5\n");
    assertThat(((YNode.Scalar) root.get("a")).kind()).isEqualTo(YNode.Scalar.Kind.STRING); // YAML 1.2: yes is a string
    assertThat(((YNode.Scalar) root.get("b")).kind()).isEqualTo(YNode.Scalar.Kind.BOOL);
    assertThat(((YNode.Scalar) root.get("c")).kind()).isEqualTo(YNode.Scalar.Kind.STRING);
    assertThat(((YNode.Scalar) root.get("d")).plain()).isEqualTo(1L);
    assertThat(((YNode.Scalar) root.get("e")).plain()).isEqualTo(15L);
    assertThat(((YNode.Scalar) root.get("f")).isNull()).isTrue();
    assertThat(((YNode.Scalar) root.get("g")).plain()).isEqualTo(1.5);
  }

  @Test
  void duplicateKeyNamesBothLines() {
    assertThatThrownBy(() -> read("services:\n  a:\n    image: x\n    image: y\n"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("duplicate key 'image' (first at line 3)")
        .satisfies(e -> assertThat(((UserError) e).location().line()).isEqualTo(4));
  }

  @Test
  void malformedYamlNamesTheLine() {
    assertThatThrownBy(() -> read("services:\n  a:\n    image: [unclosed\n  b: x\n"))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith("malformed YAML")
        .satisfies(e -> assertThat(((UserError) e).location().line()).isBetween(3, 5));
  }

  @Test
  void anAliasBombIsBoundedNotAnOutOfMemory() {
    StringBuilder y = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    char prev = 'a';
    for (char c = 'b'; c <= 'k'; c++) {
      y.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 10; i++) y.append(i == 0 ? "" : ", ").append('*').append(prev);
      y.append("]\n");
      prev = c;
    }
    assertThatThrownBy(() -> read(y.toString())).isInstanceOf(UserError.class).hasMessageContaining("alias");
  }

  @Test
  void recursiveAliasIsAnError() {
    assertThatThrownBy(() -> read("a: &a\n  b: *a\n")).isInstanceOf(UserError.class);
  }

  @Test
  void nonUtf8BytesAreReportedWithTheirLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("compose.yaml");
    byte[] head = "services:\n  a:\n    image: ".getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[head.length + 2];
    System.arraycopy(head, 0, bytes, 0, head.length);
    bytes[head.length] = (byte) 0xC3;
    bytes[head.length + 1] = (byte) 0x28;
    Files.write(f, bytes);
    assertThatThrownBy(() -> YamlReader.readFile(f))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("not valid UTF-8")
        .satisfies(e -> assertThat(((UserError) e).location().line()).isEqualTo(3));
  }

  @Test
  void aRealReplacementCharacterIsText(@TempDir Path dir) throws Exception {
    // U+FFFD written as valid UTF-8 is a character, not a decoding failure; a BOM is skipped
    Path f = dir.resolve("compose.yaml");
    Files.write(f, ("\uFEFFservices:\n  a:\n    image: x\n    labels: {note: \"\uFFFD here\"}\n").getBytes(StandardCharsets.UTF_8));
    YNode.Map root = (YNode.Map) YamlReader.readFile(f).get(0);
    YNode.Map a = (YNode.Map) ((YNode.Map) root.get("services")).get("a");
    assertThat(((YNode.Scalar) ((YNode.Map) a.get("labels")).get("note")).value()).isEqualTo("\uFFFD here");
  }

  @Test
  void badBytesAfterAReplacementCharacterAreStillFound(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("compose.yaml");
    byte[] head = "# \uFFFD\nservices:\n  a:\n    image: ".getBytes(StandardCharsets.UTF_8);
    byte[] bytes = java.util.Arrays.copyOf(head, head.length + 1);
    bytes[head.length] = (byte) 0xFF;
    Files.write(f, bytes);
    assertThatThrownBy(() -> YamlReader.readFile(f))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("not valid UTF-8 (byte 0xFF)")
        .satisfies(e -> assertThat(((UserError) e).location().line()).isEqualTo(4));
  }

  @Test
  void aFileOverTheSizeLimitIsRefusedBeforeReading(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("compose.yaml");
    try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {'#'}), 50L * 1024 * 1024); // sparse 50 MB
    }
    assertThatThrownBy(() -> YamlReader.readFile(f)).isInstanceOf(UserError.class).hasMessageContaining("50 MB");
  }

  @Test
  void severalDocumentsAreRead() {
    List<YNode> docs = YamlReader.readString(F, "a: 1\n---\nb: 2\n");
    assertThat(docs).hasSize(2);
  }
}
