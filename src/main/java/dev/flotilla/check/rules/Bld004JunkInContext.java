package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Fix;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.TextEdit;
import dev.flotilla.check.facts.BuildInputs;
import dev.flotilla.load.DockerIgnoreMatcher;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

@RuleInfo(
    code = "BLD004",
    severity = Severity.MEDIUM,
    category = Category.BUILD,
    title = "junk in a build context that no .dockerignore excludes",
    explanation = "Everything in the build context is sent to the builder and lands in the image with COPY . . "
        + "macOS AppleDouble files (._*) copied from an external disk break builds with 'operation not "
        + "permitted' (one platform had 34,102 of them); .git and node_modules make every build slow and "
        + "bust the cache; __pycache__ and .DS_Store are noise; a .env file bakes secrets into the image.",
    example = "services/api/\n  ._main.py\n  .DS_Store\n  node_modules/\n  main.py\n  Dockerfile   # no .dockerignore",
    fix = "Add a .dockerignore to the build context listing the junk (._*, .DS_Store, .git, node_modules, "
        + "__pycache__, .env). flotilla check --fix creates or extends it.",
    fixable = true)
public final class Bld004JunkInContext implements Rule {

  @Override
  public boolean readsSources() {
    return true; // the shared file listing (FileTree), which the source scan makes first
  }

  /** A kind of junk: how it is recognised, the .dockerignore line that excludes it, why it hurts. */
  record Junk(String pattern, String why, boolean directory) {
    boolean matches(String name, boolean isDir) {
      return switch (pattern) {
        case "**/._*" -> name.startsWith("._");
        case "**/.DS_Store" -> name.equals(".DS_Store");
        case ".git" -> name.equals(".git");
        case "**/node_modules" -> isDir && name.equals("node_modules");
        case "**/__pycache__" -> isDir && name.equals("__pycache__");
        case ".env" -> !isDir && name.equals(".env");
        default -> false;
      };
    }
  }

  static final List<Junk> JUNK = List.of(
      new Junk("**/._*", "macOS AppleDouble files break builds ('operation not permitted')", false),
      new Junk("**/.DS_Store", "macOS Finder metadata", false),
      new Junk(".git", "the repository history slows every build and busts the cache", true),
      new Junk("**/node_modules", "host-built node_modules is large and platform-specific", true),
      new Junk("**/__pycache__", "Python bytecode caches", true),
      new Junk(".env", "secrets end up in the image", false));

  private static final Set<String> NO_DESCEND = Set.of(".git", "node_modules", "__pycache__", ".venv", "venv", ".tox", "target");

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    for (Service s : stack.services().values()) {
      if (!s.builds() || BuildInputs.remoteContext(s.build()) || s.build().context() == null) continue;
      Path ctx = s.build().context().toAbsolutePath().normalize();
      if (!Files.isDirectory(ctx)) continue;
      DockerIgnoreMatcher matcher = DockerIgnoreMatcher.of(s.build().ignore());
      Map<Junk, List<String>> found = scan(stack, ctx, matcher);
      if (found.isEmpty()) continue;
      List<String> lines = new ArrayList<>();
      StringBuilder what = new StringBuilder();
      boolean appleDouble = false;
      for (Map.Entry<Junk, List<String>> e : found.entrySet()) {
        lines.add(e.getKey().pattern());
        if (what.length() > 0) what.append("; ");
        int n = e.getValue().size();
        what.append(n >= 1000 ? "1000+" : String.valueOf(n)).append(" × ").append(e.getKey().pattern())
            .append(" (e.g. ").append(e.getValue().get(0)).append(": ").append(e.getKey().why()).append(')');
        if (e.getKey().pattern().equals("**/._*")) appleDouble = true;
      }
      Finding.Builder b = finding(s.name(),
              "build context " + s.build().contextRaw() + " of " + s.name() + " holds junk no .dockerignore excludes: " + what,
              s.build().location())
          .remedy("add to " + (s.build().ignore() == null ? "a new " : "") + ".dockerignore in " + s.build().contextRaw() + ": "
              + String.join(", ", lines))
          .fix(fix(s, ctx, lines));
      if (appleDouble) b.severity(Severity.HIGH);
      if (s.build().ignore() != null) b.related(SourceLocation.of(s.build().ignore().file(), 1), "the .dockerignore in use");
      out.add(b.build());
    }
    return out;
  }

  private static Fix fix(Service s, Path ctx, List<String> lines) {
    String body = "# junk that must not reach the builder (flotilla check --fix, BLD004)\n" + String.join("\n", lines) + "\n";
    if (s.build().ignore() == null) {
      return new Fix("create " + ctx.getFileName() + "/.dockerignore", List.of(TextEdit.createFile(ctx.resolve(".dockerignore"), body)));
    }
    Path file = s.build().ignore().file();
    try {
      String text = Files.readString(file);
      String sep = text.isEmpty() || text.endsWith("\n") ? "" : "\n";
      return new Fix("extend " + file.getFileName(), List.of(new TextEdit(file, text.length(), 0, sep + body)));
    } catch (IOException e) {
      return null;
    }
  }

  /** The junk in {@code ctx}, from the stack's shared listing ({@link FileTree}) when it is whole. */
  static Map<Junk, List<String>> scan(Stack stack, Path ctx, DockerIgnoreMatcher matcher) {
    FileTree tree = FileTree.of(stack, ctx);
    if (!tree.complete()) return scan(ctx, matcher);
    Map<Junk, List<String>> found = new LinkedHashMap<>();
    int budget = 200_000;
    List<FileTree.Entry> entries = tree.entries();
    for (int i = 0; i < entries.size(); i++) {
      FileTree.Entry e = entries.get(i);
      if (e.directory()) {
        // as the walk below: an excluded directory is not entered; junk directories are noted, not entered
        if (matcher.isExcluded(e.path())) {
          i = tree.end(i) - 1;
          continue;
        }
        record(found, e.path(), e.name(), true);
        if (NO_DESCEND.contains(e.name())) i = tree.end(i) - 1;
        continue;
      }
      if (--budget < 0) break;
      if (!matcher.isExcluded(e.path())) record(found, e.path(), e.name(), false);
    }
    return found;
  }

  private static void record(Map<Junk, List<String>> found, String rel, String name, boolean isDir) {
    for (Junk j : JUNK) {
      if (j.matches(name, isDir)) {
        if (j.pattern().equals(".git") || j.pattern().equals(".env")) {
          if (rel.contains("/")) continue; // only the context's own .git / .env
        }
        List<String> l = found.computeIfAbsent(j, k -> new ArrayList<>());
        if (l.size() < 1000) l.add(rel);
      }
    }
  }

  /** The junk in {@code ctx} by walking it (a context too large for the shared listing). */
  static Map<Junk, List<String>> scan(Path ctx, DockerIgnoreMatcher matcher) {
    Map<Junk, List<String>> found = new LinkedHashMap<>();
    int[] budget = {200_000};
    try {
      Files.walkFileTree(ctx, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          if (dir.equals(ctx)) return FileVisitResult.CONTINUE;
          String rel = ctx.relativize(dir).toString().replace('\\', '/');
          if (matcher.isExcluded(rel)) return FileVisitResult.SKIP_SUBTREE;
          String name = dir.getFileName().toString();
          record(rel, name, true);
          return NO_DESCEND.contains(name) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (--budget[0] < 0) return FileVisitResult.TERMINATE;
          String rel = ctx.relativize(file).toString().replace('\\', '/');
          String name = file.getFileName().toString();
          if (!matcher.isExcluded(rel)) record(rel, name, attrs.isDirectory());
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException exc) {
          return FileVisitResult.CONTINUE;
        }

        private void record(String rel, String name, boolean isDir) {
          Bld004JunkInContext.record(found, rel, name, isDir);
        }
      });
    } catch (IOException e) {
      // an unreadable context is reported by the build rules
    }
    return found;
  }
}
