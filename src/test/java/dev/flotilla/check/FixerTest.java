package dev.flotilla.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fixer: all-or-nothing fixes, duplicate edits, new files, and a diff that GNU patch accepts. */
class FixerTest {
  @TempDir Path dir;

  @Test
  void overlappingFixIsSkippedWholeAndDuplicateEditsApplyOnce() throws Exception {
    Path f = dir.resolve("compose.yaml");
    Files.writeString(f, "ports:\n  - \"9000:80\"  # keep me\n  - \"9000:81\"\n");
    int at = Files.readString(f).indexOf("9000");
    TextEdit first = new TextEdit(f, at, 4, "9001");
    Fix a = new Fix("a", List.of(first));
    Fix same = new Fix("same edit again", List.of(new TextEdit(f, at, 4, "9001")));
    Fix clash = new Fix("clash", List.of(new TextEdit(f, at + 1, 2, "77"), TextEdit.createFile(dir.resolve("x"), "y")));
    Fixer.Plan plan = Fixer.planFixes(List.of(a, same, clash));
    assertThat(plan.applied()).containsExactly(a, same);
    assertThat(plan.skipped()).containsExactly(clash);
    plan.write();
    assertThat(Files.readString(f)).isEqualTo("ports:\n  - \"9001:80\"  # keep me\n  - \"9000:81\"\n");
    assertThat(dir.resolve("x")).doesNotExist();
  }

  @Test
  void diffOfAChangeAndANewFileAppliesWithPatch() throws Exception {
    Path f = dir.resolve("a.txt");
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= 30; i++) lines.add("line " + i);
    String text = String.join("\n", lines) + "\n";
    Files.writeString(f, text);
    int l5 = text.indexOf("line 5\n");
    int l25 = text.indexOf("line 25\n");
    Fixer.Plan plan = Fixer.planFixes(List.of(
        new Fix("edit 5", List.of(new TextEdit(f, l5, 6, "LINE FIVE\nextra"))),
        new Fix("drop 25", List.of(new TextEdit(f, l25, 8, ""))),
        new Fix("new", List.of(TextEdit.createFile(dir.resolve("sub/.dockerignore"), "**/._*\n")))));
    String diff = plan.diff(dir);
    assertThat(diff).contains("--- a/a.txt\n+++ b/a.txt\n@@ -2,7 +2,8 @@\n line 2\n line 3\n line 4\n-line 5\n+LINE FIVE\n+extra\n line 6\n");
    assertThat(diff).contains("@@ -22,7 +23,6 @@\n");
    assertThat(diff).contains("--- /dev/null\n+++ b/sub/.dockerignore\n@@ -0,0 +1 @@\n+**/._*\n");

    // GNU patch agrees: applying the diff to a copy gives what --fix writes
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/patch")), "GNU patch is not installed");
    Path copy = Files.createDirectories(dir.resolve("copy"));
    Files.writeString(copy.resolve("a.txt"), text);
    Files.writeString(dir.resolve("fix.diff"), diff);
    Process p = new ProcessBuilder("patch", "-p1", "-s", "-i", dir.resolve("fix.diff").toString()).directory(copy.toFile()).redirectErrorStream(true).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.exitValue()).as(out).isZero();
    plan.write();
    assertThat(Files.readString(copy.resolve("a.txt"))).isEqualTo(Files.readString(f));
    assertThat(Files.readString(copy.resolve("sub/.dockerignore"))).isEqualTo("**/._*\n");
  }
}
