package dev.flotilla.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.model.ProjectSettings;
import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.Stack;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared listing lists what a walk of the same directory visits, in the same order. */
class FileTreeTest {
  @TempDir Path dir;

  Stack stack() {
    return new Stack("p", dir, List.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Set.of(),
        new ProjectSettings(List.of(), SourceLocation.UNKNOWN, null, Map.of()), Map.of(), List.of());
  }

  void project() throws IOException {
    for (String f : List.of("compose.yaml", "services/api/Dockerfile", "services/api/src/main.py", "services/api/src/pkg/util.py",
        "services/api/.git/HEAD", "services/api/node_modules/x/index.js", "services/api/.DS_Store", "services/web/Dockerfile",
        "services/web/app/__pycache__/m.pyc", "services/web/app/m.py", "shared/lib/a.py")) {
      Path p = dir.resolve(f);
      Files.createDirectories(p.getParent());
      Files.writeString(p, f);
    }
    Files.createDirectories(dir.resolve("services/empty"));
    Files.createSymbolicLink(dir.resolve("services/web/linked"), dir.resolve("shared"));
  }

  /** What Files.walkFileTree visits under d, as "D path" / "F path" / "L path", not entering pruned directories. */
  static List<String> walked(Path d) throws IOException {
    List<String> out = new ArrayList<>();
    Files.walkFileTree(d, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path p, BasicFileAttributes a) {
        if (p.equals(d)) return FileVisitResult.CONTINUE;
        out.add("D " + d.relativize(p));
        return FileTree.PRUNED.contains(p.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path p, BasicFileAttributes a) {
        out.add((a.isSymbolicLink() ? "L " : "F ") + d.relativize(p));
        return FileVisitResult.CONTINUE;
      }
    });
    return out;
  }

  static List<String> listed(FileTree t) {
    return t.entries().stream().map(e -> (e.directory() ? "D " : e.link() ? "L " : "F ") + e.path()).toList();
  }

  @Test
  void theProjectAndEverySubtreeListWhatAWalkVisits() throws IOException {
    project();
    Stack stack = stack();
    FileTree whole = FileTree.of(stack, dir);
    assertThat(whole.complete()).isTrue();
    assertThat(listed(whole)).isEqualTo(walked(dir)).contains("D services/api/.git", "D services/api/node_modules", "L services/web/linked")
        .doesNotContain("F services/api/.git/HEAD", "F services/api/node_modules/x/index.js", "F services/web/linked/lib/a.py");
    for (String sub : List.of("services", "services/api", "services/api/src", "services/web", "services/empty", "shared")) {
      FileTree t = FileTree.of(stack, dir.resolve(sub));
      assertThat(t.complete()).as(sub).isTrue();
      assertThat(listed(t)).as(sub).isEqualTo(walked(dir.resolve(sub)));
      assertThat(FileTree.of(stack, dir.resolve(sub + "/."))).as("one listing per directory").isSameAs(t);
    }
    // a pruned directory asked for itself is listed afresh, entered this time
    assertThat(listed(FileTree.of(stack, dir.resolve("services/api/node_modules")))).containsExactly("D x", "F x/index.js");
    assertThat(FileTree.of(stack, dir.resolve("missing")).entries()).isEmpty();
  }

  @Test
  void depthsAndSubtreeEndsLetAConsumerSkipADirectory() throws IOException {
    project();
    FileTree t = FileTree.of(stack(), dir);
    List<FileTree.Entry> es = t.entries();
    for (int i = 0; i < es.size(); i++) {
      FileTree.Entry e = es.get(i);
      assertThat(e.depth()).as(e.path()).isEqualTo(e.path().split("/").length);
      if (!e.directory()) {
        assertThat(t.end(i)).isEqualTo(i + 1);
        continue;
      }
      for (int j = i + 1; j < t.end(i); j++) assertThat(es.get(j).path()).startsWith(e.path() + "/");
      if (t.end(i) < es.size()) assertThat(es.get(t.end(i)).path()).doesNotStartWith(e.path() + "/");
    }
  }

  @Test
  void aListingCutShortSaysSo() throws IOException {
    Path many = dir.resolve("many");
    Files.createDirectories(many);
    for (int i = 0; i < 30; i++) Files.writeString(many.resolve("f" + i), "x");
    int saved = FileTree.maxEntries;
    FileTree.maxEntries = 10;
    try {
      FileTree t = FileTree.walk(dir);
      assertThat(t.complete()).isFalse();
      assertThat(t.entries()).hasSize(10);
      assertThat(t.end(0)).isEqualTo(10); // the open directory runs to the end of what was listed
    } finally {
      FileTree.maxEntries = saved;
    }
  }
}
