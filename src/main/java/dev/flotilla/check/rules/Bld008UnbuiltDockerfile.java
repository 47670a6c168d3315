package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.facts.ProjectText;
import dev.flotilla.load.FileTree;
import dev.flotilla.model.Category;
import dev.flotilla.model.Service;
import dev.flotilla.model.Severity;
import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.Stack;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

@RuleInfo(
    code = "BLD008",
    severity = Severity.MEDIUM,
    category = Category.BUILD,
    title = "a service directory with a Dockerfile that no compose service builds",
    explanation = "A directory beside the other services with its own Dockerfile, which no service in any "
        + "compose file builds, is a container that was written but never integrated: it is not built, not "
        + "started, and whatever depends on it fails at run time with a DNS or connection error. Often the "
        + "service block was lost in a merge or lives in a compose file that is not loaded.",
    example = "services/\n  api/Dockerfile       # built by compose\n  billing/Dockerfile   # no service builds this",
    fix = "Add a service that builds it (build: ./services/billing), load the compose file that does (-f), "
        + "or delete the directory if it is dead.")
public final class Bld008UnbuiltDockerfile implements Rule {

  @Override
  public boolean readsSources() {
    return true; // the shared file listing (FileTree), which the source scan makes first
  }

  private static final Set<String> SKIP = Set.of(".git", "node_modules", "vendor", "third_party", ".venv", "venv",
      "target", "build", "dist", "examples", "example", "docs", "test", "tests", "testdata", "fixtures", ".devcontainer", ".github");

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    Set<Path> built = new HashSet<>();
    Set<Path> buildParents = new HashSet<>();
    for (Service s : stack.services().values()) {
      if (!s.builds() || s.build().dockerfile() == null) continue;
      Path df = s.build().dockerfile().toAbsolutePath().normalize();
      built.add(df);
      Path dir = df.getParent();
      if (dir != null && dir.getParent() != null) buildParents.add(dir.getParent());
    }
    if (built.isEmpty()) return out;
    Path root = stack.projectDir().toAbsolutePath().normalize();
    for (Path df : dockerfiles(stack, root)) {
      if (built.contains(df) || df.getParent().equals(root)) continue;
      // a service directory: a sibling of a directory whose Dockerfile is built
      if (!buildParents.contains(df.getParent().getParent())) continue;
      Path dir = df.getParent();
      out.add(finding(null,
              "directory " + root.relativize(dir) + " has a Dockerfile but no service builds it: the container is never integrated",
              SourceLocation.of(df, firstInstructionLine(df)))
          .related(stack.files().isEmpty() ? null : SourceLocation.of(stack.files().get(0), 1), "services are declared here")
          .remedy("add a service with build: ./" + root.relativize(dir).toString().replace('\\', '/') + ", or remove the directory")
          .build());
    }
    return out;
  }

  private static int firstInstructionLine(Path df) {
    List<String> lines = ProjectText.lines(df);
    for (int i = 0; i < lines.size(); i++) {
      String t = lines.get(i).strip();
      if (!t.isEmpty() && !t.startsWith("#")) return i + 1;
    }
    return 1;
  }

  /** The Dockerfiles up to four levels under {@code root}, outside SKIP and dot directories, from the shared listing. */
  private static List<Path> dockerfiles(Stack stack, Path root) {
    FileTree tree = FileTree.of(stack, root);
    if (!tree.complete()) return dockerfiles(root);
    List<Path> out = new ArrayList<>();
    List<FileTree.Entry> entries = tree.entries();
    for (int i = 0; i < entries.size(); i++) {
      FileTree.Entry e = entries.get(i);
      if (e.depth() > 4) continue;
      if (e.directory() && e.depth() < 4) {
        if (SKIP.contains(e.name()) || e.name().startsWith(".")) i = tree.end(i) - 1;
        continue;
      }
      if (e.name().equals("Dockerfile")) out.add(root.resolve(e.path()));
    }
    out.sort(null);
    return out;
  }

  /** The same by walking (a project too large for the shared listing). */
  private static List<Path> dockerfiles(Path root) {
    List<Path> out = new ArrayList<>();
    try {
      Files.walkFileTree(root, Set.of(), 4, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
          if (!dir.equals(root) && (SKIP.contains(name) || name.startsWith("."))) return FileVisitResult.SKIP_SUBTREE;
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (file.getFileName().toString().equals("Dockerfile")) out.add(file.toAbsolutePath().normalize());
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException exc) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      // nothing to report from an unreadable tree
    }
    out.sort(null);
    return out;
  }
}
