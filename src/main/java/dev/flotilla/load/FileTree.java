package dev.flotilla.load;

import dev.flotilla.model.Stack;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The files under a directory, listed once for a {@link Stack} and shared: the junk and
 * unbuilt-Dockerfile rules, the project's Python module index and the source scan's image layout
 * all read the same build contexts. Each used to walk them itself, and on a 500-service project
 * the walks (a {@code stat} per file, several calls per directory) were a tenth of a check.
 *
 * <p>Entries are in the order {@link Files#walkFileTree} visits them (a directory before what it
 * holds, links not followed), so a consumer iterating them sees what its own walk would have seen.
 * The directories in {@link #PRUNED} are listed but not entered: no consumer looks inside them.
 * A tree stops at {@link #maxEntries}; {@link #complete()} is then false and a consumer that must
 * see everything walks for itself.
 */
public final class FileTree {
  /** Listed, never entered: version-control data, installed packages and bytecode caches. */
  public static final Set<String> PRUNED = Set.of(".git", "node_modules", "__pycache__", ".venv", "venv", ".tox");

  /** The most entries one listing holds (a field so a test can lower it). */
  static int maxEntries = 200_000;

  /**
   * One file or directory: its path relative to the tree's root ('/'-separated), its name, its
   * depth (1 for the root's own entries), and what it is (a link is neither file nor directory).
   */
  public record Entry(String path, String name, int depth, boolean directory, boolean link) {}

  private static final Map<Stack, Map<Path, FileTree>> CACHE = Collections.synchronizedMap(new IdentityHashMap<>());

  private final Path root;
  private final List<Entry> entries;
  private final boolean complete;
  /** For each directory entry, the index just past its last descendant (entries are in pre-order). */
  private final int[] ends;
  private final Map<String, Integer> dirIndex;

  private FileTree(Path root, List<Entry> entries, boolean complete, int[] ends, Map<String, Integer> dirIndex) {
    this.root = root;
    this.entries = entries;
    this.complete = complete;
    this.ends = ends;
    this.dirIndex = dirIndex;
  }

  /**
   * The tree under {@code dir} for this stack: cut from the project directory's tree when
   * {@code dir} lies inside it, else listed on its own. Empty (and complete) when {@code dir} is
   * not a directory.
   */
  public static FileTree of(Stack stack, Path dir) {
    Path d = dir.toAbsolutePath().normalize();
    Map<Path, FileTree> trees;
    synchronized (CACHE) {
      if (CACHE.size() > 16 && !CACHE.containsKey(stack)) CACHE.clear();
      trees = CACHE.computeIfAbsent(stack, k -> new HashMap<>());
    }
    // one listing per directory even when the source scan's two threads ask at once
    synchronized (trees) {
      FileTree t = trees.get(d);
      if (t != null) return t;
      Path project = stack.projectDir() == null ? null : stack.projectDir().toAbsolutePath().normalize();
      if (project != null && !d.equals(project) && d.startsWith(project)) {
        FileTree whole = trees.get(project);
        if (whole == null) {
          whole = walk(project);
          trees.put(project, whole);
        }
        t = whole.subtree(project.relativize(d).toString().replace('\\', '/'));
      }
      if (t == null) t = walk(d);
      trees.put(d, t);
      return t;
    }
  }

  /** Lists {@code dir} afresh (no cache). */
  public static FileTree walk(Path dir) {
    List<Entry> out = new ArrayList<>();
    List<Integer> endsList = new ArrayList<>();
    Map<String, Integer> dirIndex = new HashMap<>();
    boolean[] complete = {true};
    if (!Files.isDirectory(dir)) return new FileTree(dir, List.of(), true, new int[0], Map.of());
    int rootLength = dir.toString().length() + 1;
    boolean backslashes = dir.getFileSystem().getSeparator().equals("\\");
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        final ArrayList<Integer> open = new ArrayList<>();
        int depth;

        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
          if (d.equals(dir)) return FileVisitResult.CONTINUE;
          if (!add(d, true, false)) return FileVisitResult.TERMINATE;
          String name = d.getFileName().toString();
          if (PRUNED.contains(name)) {
            endsList.set(out.size() - 1, out.size()); // listed, not entered: nothing under it
            return FileVisitResult.SKIP_SUBTREE;
          }
          open.add(out.size() - 1);
          depth++;
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) {
          if (d.equals(dir)) return FileVisitResult.CONTINUE;
          int i = open.remove(open.size() - 1);
          endsList.set(i, out.size());
          depth--;
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
          if (!add(f, attrs.isDirectory(), attrs.isSymbolicLink())) return FileVisitResult.TERMINATE;
          if (attrs.isDirectory()) endsList.set(out.size() - 1, out.size()); // a directory that could not be entered
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path f, IOException e) {
          return FileVisitResult.CONTINUE;
        }

        private boolean add(Path p, boolean directory, boolean link) {
          if (out.size() >= maxEntries) {
            complete[0] = false;
            return false;
          }
          String rel = p.toString().substring(rootLength);
          if (backslashes) rel = rel.replace('\\', '/');
          if (directory) dirIndex.put(rel, out.size());
          out.add(new Entry(rel, p.getFileName().toString(), depth + 1, directory, link));
          endsList.add(directory ? -1 : out.size()); // a directory's end is known when the walk leaves it
          return true;
        }
      });
    } catch (IOException e) {
      complete[0] = false;
    }
    // a cut-short walk leaves directories open: their subtrees end where the listing ends
    for (int i = 0; i < out.size(); i++) if (endsList.get(i) < 0) endsList.set(i, out.size());
    int[] ends = new int[endsList.size()];
    for (int i = 0; i < ends.length; i++) ends[i] = endsList.get(i);
    return new FileTree(dir, List.copyOf(out), complete[0], ends, dirIndex);
  }

  /** The part of this tree under directory {@code rel} as a tree of its own; null when this tree cannot tell. */
  private FileTree subtree(String rel) {
    Integer at = dirIndex.get(rel);
    if (at == null) {
      // not a directory listed here: absent (a complete listing says so), or inside a pruned one
      if (!complete) return null;
      for (String pruned : PRUNED) if (("/" + rel + "/").contains("/" + pruned + "/")) return null;
      return new FileTree(root.resolve(rel), List.of(), true, new int[0], Map.of());
    }
    Entry top = entries.get(at);
    if (PRUNED.contains(top.name()) || top.link()) return null;
    int end = ends[at];
    boolean whole = complete || end < entries.size();
    int cut = rel.length() + 1;
    List<Entry> sub = new ArrayList<>(end - at - 1);
    Map<String, Integer> index = new HashMap<>();
    int[] subEnds = new int[end - at - 1];
    for (int i = at + 1; i < end; i++) {
      Entry e = entries.get(i);
      Entry r = new Entry(e.path().substring(cut), e.name(), e.depth() - top.depth(), e.directory(), e.link());
      if (r.directory()) index.put(r.path(), sub.size());
      subEnds[sub.size()] = ends[i] - at - 1;
      sub.add(r);
    }
    return new FileTree(root.resolve(rel), List.copyOf(sub), whole, subEnds, index);
  }

  public Path root() {
    return root;
  }

  /** Every entry, a directory before its contents, in the order a walk visits them. */
  public List<Entry> entries() {
    return entries;
  }

  /** False when the listing stopped at its size limit or could not be read. */
  public boolean complete() {
    return complete;
  }

  /** The index just past the last entry under directory entry {@code i} (entries are in pre-order). */
  public int end(int i) {
    return ends[i];
  }
}
