package dev.flotilla.check.facts;

import dev.flotilla.load.source.Knowledge;
import dev.flotilla.load.FileTree;
import dev.flotilla.load.source.SourceScanner;
import dev.flotilla.model.EntryPoint;
import dev.flotilla.model.ImportRef;
import dev.flotilla.model.Manifest;
import dev.flotilla.model.Requirement;
import dev.flotilla.model.Service;
import dev.flotilla.model.ServiceSources;
import dev.flotilla.model.SourceFile;
import dev.flotilla.model.Stack;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Look-ups the application-source rules share: each service's sources as its image holds them
 * (computed once per Stack by {@link SourceScanner}), where an import resolves, which imports the
 * declared dependencies provide, which files what the container runs reaches, and where in the
 * project (outside an image) a Python package lives.
 */
public final class SourceFacts {

  /** Where an import resolves inside a service's image. */
  public enum Resolution {
    STDLIB,
    LOCAL,
    DECLARED,
    MISSING
  }

  private static final Map<Stack, Map<String, List<Path>>> PROJECT_MODULES = Collections.synchronizedMap(new IdentityHashMap<>());
  private static final Set<String> SKIP = Set.of(".git", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".flotilla", "site-packages");

  private SourceFacts() {}

  public static Map<String, ServiceSources> of(Stack stack) {
    return SourceScanner.of(stack);
  }

  public static ServiceSources of(Stack stack, Service s) {
    return of(stack).get(s.name());
  }

  /** True when {@code module} (dotted) is a module or package under one of the image's import roots. */
  public static boolean isLocal(ServiceSources src, String module) {
    String rel = module.replace('.', '/');
    for (String root : src.pythonPath()) {
      String base = root.endsWith("/") ? root : root + "/";
      if (src.layout().containsKey(base + rel + ".py") || src.exists(base + rel)) return true;
      if (src.under(base + rel + ".").keySet().stream().anyMatch(k -> k.endsWith(".so") || k.endsWith(".pyd"))) return true;
    }
    return false;
  }

  /** The image path of the file a module resolves to, or null. */
  public static String fileOf(ServiceSources src, String module) {
    String rel = module.replace('.', '/');
    for (String root : src.pythonPath()) {
      String base = root.endsWith("/") ? root : root + "/";
      if (src.layout().containsKey(base + rel + ".py")) return base + rel + ".py";
      if (src.layout().containsKey(base + rel + "/__init__.py")) return base + rel + "/__init__.py";
    }
    return null;
  }

  /** Top-level import names the manifests of this image make available (declared and brought along). */
  public static Set<String> declaredImports(ServiceSources src) {
    Set<String> out = new LinkedHashSet<>();
    for (Manifest m : src.manifests()) {
      if (!m.ecosystem().equals("python")) continue;
      for (Requirement r : m.requirements()) {
        out.add(r.key());
        out.addAll(Knowledge.importsProvidedBy(r.key(), r.extras()));
      }
      m.executables().keySet().forEach(out::add);
    }
    return out;
  }

  /** The requirement keys (normalized distribution names) the manifests declare. */
  public static Set<String> declaredKeys(ServiceSources src, String ecosystem) {
    Set<String> out = new LinkedHashSet<>();
    for (Manifest m : src.manifests()) {
      if (!m.ecosystem().equals(ecosystem)) continue;
      for (Requirement r : m.requirements()) {
        out.add(r.key());
        for (String e : r.extras()) out.add(r.key() + "[" + e.toLowerCase(java.util.Locale.ROOT) + "]");
      }
    }
    return out;
  }

  public static Resolution resolve(ServiceSources src, SourceFile from, ImportRef imp, Set<String> declared) {
    if (imp.relative()) return Resolution.LOCAL;
    String top = imp.topLevel();
    if (top.isEmpty() || Knowledge.isStdlib(top)) return Resolution.STDLIB;
    if (isLocal(src, top)) return Resolution.LOCAL;
    // a module beside the importing file (implicit in scripts run from their own directory)
    String dir = from.imagePath().substring(0, from.imagePath().lastIndexOf('/') + 1);
    if (src.pythonPath().contains(dir.length() > 1 ? dir.substring(0, dir.length() - 1) : dir)
        && (src.layout().containsKey(dir + top + ".py") || src.exists(dir + top))) return Resolution.LOCAL;
    for (String d : Knowledge.distributionsFor(imp.module())) if (declared.contains(d)) return Resolution.DECLARED;
    if (declared.contains(top) || declared.contains(Knowledge.normalize(top))) return Resolution.DECLARED;
    return Resolution.MISSING;
  }

  /** Files reachable from what the container runs, following local imports; every file when the entry is not known. */
  public static Set<String> reachable(ServiceSources src) {
    Set<String> all = new LinkedHashSet<>();
    for (SourceFile f : src.files()) all.add(f.imagePath());
    EntryPoint e = src.entry();
    List<String> start = new ArrayList<>();
    switch (e.kind()) {
      case SCRIPT -> {
        if (e.target() != null) start.add(e.target());
      }
      case MODULE, APP -> {
        if (e.target() != null) {
          String f = fileOf(src, e.target());
          if (f != null) start.add(f);
        }
      }
      default -> {}
    }
    if (start.isEmpty()) return all;
    Map<String, SourceFile> byPath = new LinkedHashMap<>();
    for (SourceFile f : src.files()) byPath.put(f.imagePath(), f);
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(start);
    while (!todo.isEmpty()) {
      String p = todo.pop();
      if (!seen.add(p)) continue;
      SourceFile f = byPath.get(p);
      if (f == null) continue;
      for (ImportRef i : f.imports()) {
        for (String m : candidates(f, i)) {
          if (m.startsWith("@")) {
            String rp = m.substring(1).replaceAll("/+$", "");
            if (src.layout().containsKey(rp + ".py")) todo.add(rp + ".py");
            else if (src.layout().containsKey(rp + "/__init__.py")) todo.add(rp + "/__init__.py");
            continue;
          }
          String[] parts = m.split("\\.");
          StringBuilder sb = new StringBuilder();
          for (String part : parts) {
            sb.append(sb.length() > 0 ? "." : "").append(part);
            String file = fileOf(src, sb.toString());
            if (file == null) file = sibling(src, f, sb.toString());
            if (file != null && !seen.contains(file)) todo.add(file);
          }
        }
      }
    }
    return seen;
  }

  private static String sibling(ServiceSources src, SourceFile from, String module) {
    String dir = from.imagePath().substring(0, from.imagePath().lastIndexOf('/') + 1);
    String rel = module.replace('.', '/');
    if (src.layout().containsKey(dir + rel + ".py")) return dir + rel + ".py";
    if (src.layout().containsKey(dir + rel + "/__init__.py")) return dir + rel + "/__init__.py";
    return null;
  }

  /** The modules an import may load: the module and, for {@code from m import x}, {@code m.x}. Relative ones resolved against the file. */
  private static List<String> candidates(SourceFile f, ImportRef i) {
    List<String> out = new ArrayList<>();
    String base = i.module();
    if (i.level() > 0) {
      // relative: resolve against the file's package by path
      String dir = f.imagePath().substring(0, f.imagePath().lastIndexOf('/'));
      for (int k = 1; k < i.level(); k++) dir = dir.substring(0, Math.max(0, dir.lastIndexOf('/')));
      String rel = base.isEmpty() ? "" : base;
      out.add("@" + dir + "/" + rel.replace('.', '/'));
      for (ImportRef.Name n : i.names()) out.add("@" + dir + "/" + (rel.isEmpty() ? "" : rel.replace('.', '/') + "/") + n.name());
      return relativeFiles(out);
    }
    out.add(base);
    for (ImportRef.Name n : i.names()) out.add(base + "." + n.name());
    return out;
  }

  private static List<String> relativeFiles(List<String> paths) {
    // encoded as "@/abs/path": the caller's fileOf() will not find them, so return them in a form sibling() handles
    List<String> out = new ArrayList<>();
    for (String p : paths) out.add(p);
    return out;
  }

  /** Image paths of files a relative import in {@code f} may load. */
  public static List<String> relativeTargets(ServiceSources src, SourceFile f, ImportRef i) {
    List<String> out = new ArrayList<>();
    for (String c : candidates(f, i)) {
      if (!c.startsWith("@")) continue;
      String p = c.substring(1).replaceAll("/+$", "");
      if (src.layout().containsKey(p + ".py")) out.add(p + ".py");
      else if (src.layout().containsKey(p + "/__init__.py")) out.add(p + "/__init__.py");
    }
    return out;
  }

  /**
   * Where the project holds a top-level Python module or package named {@code name}: directories
   * with that name holding .py files, and {@code name.py} files, anywhere under the project.
   */
  public static List<Path> projectModules(Stack stack, String name) {
    Map<String, List<Path>> index = PROJECT_MODULES.computeIfAbsent(stack, SourceFacts::indexProject);
    return index.getOrDefault(name, List.of());
  }

  private static Map<String, List<Path>> indexProject(Stack stack) {
    Map<String, List<Path>> out = new LinkedHashMap<>();
    Path root = stack.projectDir();
    if (root == null || !Files.isDirectory(root)) return out;
    Set<Path> pyDirs = new HashSet<>();
    FileTree tree = FileTree.of(stack, root);
    if (tree.complete()) {
      // the shared listing, read as the walk below reads the project: eight levels, SKIP and dot directories left out
      List<FileTree.Entry> entries = tree.entries();
      int count = 1; // the root, as the walk counts it
      for (int i = 0; i < entries.size(); i++) {
        FileTree.Entry e = entries.get(i);
        if (e.depth() > 8) continue;
        if (e.directory() && e.depth() < 8) {
          if (SKIP.contains(e.name()) || e.name().startsWith(".")) i = tree.end(i) - 1;
          else if (++count > 50_000) break;
          continue;
        }
        String n = e.name();
        if (n.endsWith(".py") && !n.startsWith("._")) {
          Path f = root.resolve(e.path());
          out.computeIfAbsent(n.substring(0, n.length() - 3), k -> new ArrayList<>()).add(f);
          pyDirs.add(f.getParent());
        }
        if (++count > 50_000) break;
      }
      return withPackages(out, pyDirs, root);
    }
    try {
      Files.walkFileTree(root, Set.of(), 8, new SimpleFileVisitor<>() {
        int count;

        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
          if (!d.equals(root) && (SKIP.contains(d.getFileName().toString()) || d.getFileName().toString().startsWith("."))) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          return ++count > 50_000 ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
          String n = f.getFileName().toString();
          if (n.endsWith(".py") && !n.startsWith("._")) {
            out.computeIfAbsent(n.substring(0, n.length() - 3), k -> new ArrayList<>()).add(f);
            pyDirs.add(f.getParent());
          }
          return ++count > 50_000 ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path f, IOException e) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      return out;
    }
    return withPackages(out, pyDirs, root);
  }

  /** Adds each directory holding .py files as a package of its name. */
  private static Map<String, List<Path>> withPackages(Map<String, List<Path>> out, Set<Path> pyDirs, Path root) {
    for (Path d : pyDirs) {
      if (d.equals(root)) continue;
      out.computeIfAbsent(d.getFileName().toString(), k -> new ArrayList<>()).add(d);
    }
    return out;
  }

  /** The service whose build context (or bind mount) holds {@code path}, or null. */
  public static String owner(Stack stack, Path path) {
    String best = null;
    int bestLen = -1;
    for (Service s : stack.services().values()) {
      if (s.build() == null || s.build().context() == null) continue;
      Path c = s.build().context();
      if (path.startsWith(c) && c.getNameCount() > bestLen && !c.equals(stack.projectDir())) {
        best = s.name();
        bestLen = c.getNameCount();
      }
    }
    return best;
  }
}
