package dev.flotilla.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.model.Dockerfile;
import dev.flotilla.model.Instruction;
import dev.flotilla.model.Stage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerfileParserTest {
  static final Path F = Path.of("/ctx/Dockerfile");

  static Dockerfile parse(String text) {
    return DockerfileParser.parse(F, text, Map.of());
  }

  static Dockerfile parse(String text, Map<String, String> args) {
    return DockerfileParser.parse(F, text, args);
  }

  @Test
  void parserDirectivesOnlyAtTheTop() {
    Dockerfile d = parse("# syntax=docker/dockerfile:1.7\n# escape=`\nFROM busybox\n# check=skip=all\n");
    assertThat(d.directives()).containsEntry("syntax", "docker/dockerfile:1.7").containsEntry("escape", "`").doesNotContainKey("check");
  }

  @Test
  void aCommentEndsTheDirectives() {
    Dockerfile d = parse("# a comment\n# syntax=x\nFROM busybox\n");
    assertThat(d.directives()).isEmpty();
  }

  @Test
  void lineContinuationsJoinAndSkipCommentsAndBlankLines() {
    Dockerfile d = parse("FROM busybox\nRUN echo a \\\n  # a comment inside\n\n  && echo b \\\n  && echo c\nUSER nobody\n");
    Instruction run = d.instructions().get(1);
    assertThat(run.keyword()).isEqualTo("RUN");
    assertThat(run.raw()).contains("echo a").contains("&& echo b").contains("&& echo c").doesNotContain("comment");
    assertThat(run.location().line()).isEqualTo(2);
    assertThat(run.endLine()).isEqualTo(6);
    assertThat(d.instructions().get(2).location().line()).isEqualTo(7);
  }

  @Test
  void backtickEscapeDirectiveChangesTheContinuationCharacter() {
    Dockerfile d = parse("# escape=`\nFROM mcr.microsoft.com/windows\nRUN dir `\n  c:\\\nUSER x\n");
    assertThat(d.instructions()).extracting(Instruction::keyword).containsExactly("FROM", "RUN", "USER");
    assertThat(d.instructions().get(1).raw()).contains("c:\\");
  }

  @Test
  void jsonAndShellForms() {
    Dockerfile d = parse("FROM busybox\nCMD [\"httpd\", \"-f\", \"-p\", \"8080\"]\nENTRYPOINT /bin/sh -c\nRUN [not json\n");
    Instruction cmd = d.instructions().get(1);
    assertThat(cmd.jsonForm()).isTrue();
    assertThat(cmd.args()).containsExactly("httpd", "-f", "-p", "8080");
    assertThat(d.instructions().get(2).jsonForm()).isFalse();
    assertThat(d.instructions().get(2).args()).containsExactly("/bin/sh", "-c");
    assertThat(d.instructions().get(3).jsonForm()).isFalse();
  }

  @Test
  void heredocsKeepTheirBodyAndLines() {
    Dockerfile d = parse("FROM busybox\nRUN <<EOF\necho one\necho two\nEOF\nCOPY <<-'CONF' /etc/app.conf\n\tkey=value\n\tCONF\nUSER nobody\n");
    Instruction run = d.instructions().get(1);
    assertThat(run.heredocs()).singleElement().satisfies(h -> {
      assertThat(h.delimiter()).isEqualTo("EOF");
      assertThat(h.body()).isEqualTo("echo one\necho two\n");
      assertThat(h.line()).isEqualTo(3);
    });
    Instruction copy = d.instructions().get(2);
    assertThat(copy.heredocs().get(0).body()).isEqualTo("key=value\n");
    assertThat(d.instructions().get(3).keyword()).isEqualTo("USER");
    assertThat(d.instructions().get(3).location().line()).isEqualTo(9);
  }

  @Test
  void flagsAreSeparatedFromArguments() {
    Dockerfile d = parse("FROM busybox AS base\nFROM busybox\nCOPY --from=base --chown=1000:1000 /a /b\n");
    Instruction copy = d.instructions().get(2);
    assertThat(copy.flags()).containsEntry("from", "base").containsEntry("chown", "1000:1000");
    assertThat(copy.args()).containsExactly("/a", "/b");
  }

  @Test
  void multiStageBuildsNameTheirStages() {
    Dockerfile d = parse("FROM golang:1.22 AS Build\nRUN go build\nFROM busybox\nCOPY --from=build /out /app\nCMD [\"/app\"]\n");
    assertThat(d.stages()).extracting(Stage::name).containsExactly("build", null);
    assertThat(d.stages().get(1).all("COPY")).hasSize(1);
    assertThat(d.finalStage()).get().extracting(Stage::baseImage).isEqualTo("busybox");
    assertThat(d.stageFor("BUILD")).get().extracting(Stage::index).isEqualTo(0);
  }

  @Test
  void globalArgsAreVisibleInFromAndOnlyRedeclaredInsideAStage() {
    String text = "ARG BASE=busybox\nARG VERSION=1.36\nFROM ${BASE}:${VERSION}\nWORKDIR /app/$VERSION\nARG VERSION\nWORKDIR /app/$VERSION\n";
    Dockerfile d = parse(text);
    assertThat(d.stages().get(0).baseImage()).isEqualTo("busybox:1.36");
    List<Instruction> wd = d.stages().get(0).all("WORKDIR");
    assertThat(wd.get(0).args()).containsExactly("/app/"); // not redeclared yet: empty
    assertThat(wd.get(1).args()).containsExactly("/app/1.36");
  }

  @Test
  void buildArgsOverrideDefaults() {
    Dockerfile d = parse("ARG VERSION=1\nFROM busybox:$VERSION\n", Map.of("VERSION", "2"));
    assertThat(d.stages().get(0).baseImage()).isEqualTo("busybox:2");
  }

  @Test
  void argsDoNotLeakIntoTheNextStageButEnvSubstitutes() {
    String text = "FROM busybox AS a\nARG X=1\nENV HOME_DIR=/home/${X}\nWORKDIR $HOME_DIR\nFROM busybox\nWORKDIR /w$X\n";
    Dockerfile d = parse(text);
    assertThat(d.stages().get(0).all("WORKDIR").get(0).args()).containsExactly("/home/1");
    assertThat(d.stages().get(1).all("WORKDIR").get(0).args()).containsExactly("/w");
  }

  @Test
  void envForms() {
    Dockerfile d = parse("FROM busybox\nENV A=1 B=\"two words\" C=${A}x\nENV LEGACY some value\n");
    assertThat(d.instructions().get(1).args()).containsExactly("A=1", "B=two words", "C=1x");
    assertThat(d.instructions().get(2).args()).containsExactly("LEGACY=some value");
  }

  @Test
  void expansionDefaultsAndAlternates() {
    Map<String, String> env = Map.of("SET", "v");
    assertThat(DockerfileParser.expand("${SET:-d}|${NO:-d}|${SET:+a}|${NO:+a}|'$SET'|\\$SET", env, '\\')).isEqualTo("v|d|a||$SET|$SET");
  }

  @Test
  void unknownInstructionsAreKeptForRules() {
    Dockerfile d = parse("FROM busybox\nFROBNICATE now\n");
    assertThat(d.instructions().get(1).keyword()).isEqualTo("FROBNICATE");
  }

  @Test
  void healthcheckCmdIsSplitFromItsJsonArguments() {
    Dockerfile d = parse("FROM busybox\nHEALTHCHECK --interval=5s CMD [\"wget\", \"-q\", \"http://127.0.0.1\"]\n");
    Instruction h = d.instructions().get(1);
    assertThat(h.flags()).containsEntry("interval", "5s");
    assertThat(h.args()).containsExactly("CMD", "wget", "-q", "http://127.0.0.1");
    assertThat(h.jsonForm()).isTrue();
  }
}
