package dev.flotilla.check.facts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The project as a fresh clone would see it: which files git tracks. Asks the {@code git} on
 * PATH ({@code ls-files}, {@code check-ignore}); outside a work tree, or without git, there are
 * no facts and rules that need them stay silent.
 */
public final class GitFacts {

  private static final Map<Path, Optional<GitFacts>> CACHE = new ConcurrentHashMap<>();

  private final Path root;
  private final Set<String> tracked;
  private final Set<String> trackedDirs;

  private GitFacts(Path root, Set<String> tracked) {
    this.root = root;
    this.tracked = tracked;
    Set<String> dirs = new HashSet<>();
    for (String f : tracked) {
      for (int k = f.indexOf('/'); k >= 0; k = f.indexOf('/', k + 1)) dirs.add(f.substring(0, k));
    }
    this.trackedDirs = dirs;
  }

  /** Facts for the work tree holding {@code dir}, or empty when it is not in one. Cached per index state. */
  public static Optional<GitFacts> of(Path dir) {
    Optional<String> top = run(dir, "rev-parse", "--show-toplevel");
    if (top.isEmpty()) return Optional.empty();
    Path root = Path.of(top.get().strip()).toAbsolutePath().normalize();
    Path index = root.resolve(".git/index");
    long stamp = 0;
    try {
      if (Files.exists(index)) stamp = Files.getLastModifiedTime(index).toMillis() ^ Files.size(index);
    } catch (IOException e) {
      stamp = System.nanoTime();
    }
    Path key = root.resolve(".git#" + stamp);
    return CACHE.computeIfAbsent(key, k -> {
      Optional<String> files = run(root, "ls-files", "-z", "--full-name");
      if (files.isEmpty()) return Optional.empty();
      Set<String> tracked = new HashSet<>();
      for (String f : files.get().split("\0")) if (!f.isEmpty()) tracked.add(f);
      return Optional.of(new GitFacts(root, tracked));
    });
  }

  public Path root() {
    return root;
  }

  /** True when {@code path} lies in this work tree. */
  public boolean covers(Path path) {
    return path.toAbsolutePath().normalize().startsWith(root);
  }

  /** A file git tracks, or a directory holding at least one tracked file. */
  public boolean isTracked(Path path) {
    String rel = rel(path);
    if (rel.isEmpty()) return true;
    return tracked.contains(rel) || trackedDirs.contains(rel);
  }

  /** The {@code .gitignore} line that ignores {@code path} ({@code .gitignore:3:*.env}), if one does. */
  public Optional<String> ignoredBy(Path path) {
    Optional<String> out = run(root, "check-ignore", "-v", "--no-index", "--", rel(path));
    return out.map(String::strip).filter(s -> !s.isEmpty()).map(s -> {
      int tab = s.indexOf('\t');
      return tab < 0 ? s : s.substring(0, tab);
    });
  }

  private String rel(Path path) {
    Path p = path.toAbsolutePath().normalize();
    return p.startsWith(root) ? root.relativize(p).toString().replace('\\', '/') : p.toString();
  }

  private static Optional<String> run(Path dir, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("git");
    cmd.add("-C");
    cmd.add(dir.toString());
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      return p.exitValue() == 0 ? Optional.of(new String(out, StandardCharsets.UTF_8)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
