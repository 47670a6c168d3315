package dev.flotilla.check.facts;

import dev.flotilla.model.Instruction;
import dev.flotilla.model.Service;
import dev.flotilla.model.Stage;
import dev.flotilla.model.VolumeMount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The files a service's process can read, found on this disk: its build context (where COPY
 * takes files from) and its bind mounts. Used to read start scripts, package.json, server
 * configs and source defaults. Reads are bounded (size, depth, count) and cached per context.
 */
final class ProjectFiles {

  record Text(Path path, String text) {}

  private static final int MAX_BYTES = 512 * 1024;
  private static final int MAX_FILES = 4000;
  private static final Set<String> SKIP = Set.of("node_modules", ".git", ".venv", "venv", "__pycache__", ".mypy_cache", ".pytest_cache", "target", ".gradle", ".idea");
  private static final Map<Path, List<Path>> LISTINGS = new HashMap<>();
  private static final Map<Path, Optional<Text>> TEXTS = new HashMap<>();

  private final Service service;
  private final Path context;

  ProjectFiles(Service s) {
    this.service = s;
    this.context = s.build() == null ? null : s.build().context();
  }

  /** A file named by the command (relative to WORKDIR, absolute in the image, or a bare name). */
  Optional<Text> find(String path) {
    if (path == null || path.isBlank() || path.contains("$")) return Optional.empty();
    String p = path.trim();
    for (VolumeMount m : service.volumes()) {
      if (m.type() != VolumeMount.Type.BIND || m.hostPath() == null || m.target() == null) continue;
      if (p.startsWith("/") && (p.equals(m.target()) || p.startsWith(m.target() + "/"))) {
        Optional<Text> t = read(m.hostPath().resolve(p.substring(m.target().length()).replaceFirst("^/", "")));
        if (t.isPresent()) return t;
      }
    }
    if (context == null) return Optional.empty();
    String rel = p.replaceFirst("^\\./", "").replaceFirst("^/+", "");
    Optional<Text> direct = read(context.resolve(rel));
    if (direct.isPresent()) return direct;
    // the path is relative to a WORKDIR or COPY destination: match it as a suffix of a context file
    String suffix = "/" + rel;
    Path best = null;
    for (Path f : listing(context)) {
      String s = "/" + context.relativize(f).toString().replace('\\', '/');
      if (s.endsWith(suffix) && (best == null || s.length() < ("/" + context.relativize(best)).length())) best = f;
    }
    if (best == null && rel.contains("/")) {
      String tail = rel.substring(rel.lastIndexOf('/'));
      for (Path f : listing(context)) {
        if (("/" + context.relativize(f).toString().replace('\\', '/')).endsWith(tail)) {
          if (best == null || f.getNameCount() < best.getNameCount()) best = f;
        }
      }
    }
    return best == null ? Optional.empty() : read(best);
  }

  /** Config files placed under any of {@code containerDirs} by bind mounts or COPY/ADD from the context. */
  List<Text> configs(String... containerDirs) {
    List<Text> out = new ArrayList<>();
    for (String dir : containerDirs) {
      for (VolumeMount m : service.volumes()) {
        if (m.type() != VolumeMount.Type.BIND || m.hostPath() == null || !Listening.mountsTo(m, dir) && !dir.startsWith(m.target() + "/")) continue;
        addAll(out, m.hostPath());
      }
      if (context == null) continue;
      for (Stage st : ProcessCommand.stageChain(service)) {
        for (Instruction i : st.instructions()) {
          if (!(i.is("COPY") || i.is("ADD")) || i.flags().containsKey("from") || i.args().size() < 2) continue;
          String dest = i.args().get(i.args().size() - 1);
          if (!(dest.equals(dir) || dest.startsWith(dir + "/") || dest.equals(dir + "/"))) continue;
          for (String src : i.args().subList(0, i.args().size() - 1)) {
            if (src.contains("*") || src.contains("$")) continue;
            addAll(out, context.resolve(src.replaceFirst("^\\./", "")).normalize());
          }
        }
      }
    }
    return out;
  }

  boolean mountsOrCopies(String containerDir) {
    for (VolumeMount m : service.volumes()) if (Listening.mountsTo(m, containerDir)) return true;
    for (Stage st : ProcessCommand.stageChain(service)) {
      for (Instruction i : st.instructions()) {
        if ((i.is("COPY") || i.is("ADD")) && !i.args().isEmpty() && i.args().get(i.args().size() - 1).startsWith(containerDir)) return true;
      }
    }
    return false;
  }

  private void addAll(List<Text> out, Path p) {
    if (Files.isDirectory(p)) {
      try (Stream<Path> s = Files.walk(p, 3)) {
        s.filter(Files::isRegularFile).limit(50).forEach(f -> read(f).ifPresent(out::add));
      } catch (IOException | RuntimeException e) {
        // unreadable directory: nothing to learn
      }
    } else {
      read(p).ifPresent(out::add);
    }
  }

  static Optional<Text> read(Path p) {
    synchronized (TEXTS) {
      Optional<Text> c = TEXTS.get(p);
      if (c != null) return c;
    }
    Optional<Text> t = Optional.empty();
    try {
      if (Files.isRegularFile(p) && Files.size(p) <= MAX_BYTES) {
        t = Optional.of(new Text(p, new String(Files.readAllBytes(p), StandardCharsets.UTF_8)));
      }
    } catch (IOException | RuntimeException e) {
      t = Optional.empty();
    }
    synchronized (TEXTS) {
      if (TEXTS.size() > 50_000) TEXTS.clear();
      TEXTS.put(p, t);
    }
    return t;
  }

  static List<Path> listing(Path dir) {
    synchronized (LISTINGS) {
      List<Path> c = LISTINGS.get(dir);
      if (c != null) return c;
    }
    List<Path> out = new ArrayList<>();
    walk(dir, 0, out);
    List<Path> l = List.copyOf(out);
    synchronized (LISTINGS) {
      if (LISTINGS.size() > 5_000) LISTINGS.clear();
      LISTINGS.put(dir, l);
    }
    return l;
  }

  private static void walk(Path dir, int depth, List<Path> out) {
    if (depth > 5 || out.size() >= MAX_FILES) return;
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s.sorted()::iterator) {
        if (out.size() >= MAX_FILES) return;
        String name = p.getFileName().toString();
        if (Files.isDirectory(p)) {
          if (!SKIP.contains(name)) walk(p, depth + 1, out);
        } else {
          out.add(p);
        }
      }
    } catch (IOException | RuntimeException e) {
      // unreadable: skip
    }
  }
}
