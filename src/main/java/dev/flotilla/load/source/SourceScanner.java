package dev.flotilla.load.source;

import dev.flotilla.model.Build;
import dev.flotilla.model.Dockerfile;
import dev.flotilla.model.EntryPoint;
import dev.flotilla.model.EnvVar;
import dev.flotilla.model.Instruction;
import dev.flotilla.model.Manifest;
import dev.flotilla.model.Requirement;
import dev.flotilla.model.Route;
import dev.flotilla.model.RouteMount;
import dev.flotilla.model.Service;
import dev.flotilla.model.ServiceSources;
import dev.flotilla.model.SourceFile;
import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.Stack;
import dev.flotilla.model.Stage;
import dev.flotilla.load.FileTree;
import dev.flotilla.model.Tasks;
import dev.flotilla.model.VolumeMount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads each service's code as its container will hold it. For a service built here it replays
 * the Dockerfile's stage (and the stages it builds on): WORKDIR, ENV, and every COPY/ADD from the
 * build context — with .dockerignore applied — or from another stage, giving the image's file
 * layout; bind mounts are laid over it. It then finds what runs (ENTRYPOINT/CMD, compose
 * overrides, shell wrappers), the import roots that implies, the manifests the build installs,
 * scans every source file with its {@link SourceLanguage}, and resolves router prefixes into full
 * route paths. The result for a Stack is computed once and shared ({@link #of}).
 */
public final class SourceScanner {

  private static final Set<String> SKIP_DIRS = Set.of(
      ".git", "node_modules", "__pycache__", ".venv", "venv", ".tox", ".mypy_cache", ".pytest_cache", ".ruff_cache",
      ".idea", ".vscode", ".flotilla", "site-packages", ".next", "coverage", ".eggs");
  private static final int MAX_FILES = 20_000;
  /** Compiled once: these run for every COPY, RUN and file of every service. */
  private static final java.util.regex.Pattern URL = java.util.regex.Pattern.compile("^[a-z]+://.*");
  private static final java.util.regex.Pattern COMPILER =
      java.util.regex.Pattern.compile("\\bgcc\\b|build-essential|build-base|\\bg\\+\\+|\\bclang\\b|\\bcc\\b|gcc-c\\+\\+|musl-dev");
  private static final java.util.regex.Pattern COMMANDS = java.util.regex.Pattern.compile("&&|\\|\\||;|\\n");
  private static final long MAX_SOURCE_BYTES = 2_000_000;
  private static final Map<Stack, Scan> CACHE = new IdentityHashMap<>();
  private static final List<SourceLanguage> LANGUAGES = languages();

  private SourceScanner() {}

  /** Every service's sources, computed on first use for this Stack and shared by every later caller. */
  public static Map<String, ServiceSources> of(Stack stack) {
    Scan scan = scanOf(stack);
    try {
      return scan.result(true);
    } catch (RuntimeException | Error e) {
      synchronized (CACHE) {
        CACHE.remove(stack, scan); // a later caller tries again
      }
      throw e;
    }
  }

  /**
   * Starts scanning {@code stack}'s sources on a helper thread, so that the scan runs while the
   * caller does other work; whoever then asks {@link #of} joins in with the services not yet
   * taken and waits only for the ones in progress. Does nothing if a scan has begun.
   */
  public static void prefetch(Stack stack) {
    Scan scan = scanOf(stack);
    if (scan.helped.compareAndSet(false, true)) Tasks.run("flotilla-source-scan", scan::work);
  }

  private static Scan scanOf(Stack stack) {
    // one scan per stack even when several threads ask at once: each takes services from it
    synchronized (CACHE) {
      Scan scan = CACHE.get(stack);
      if (scan == null) {
        if (CACHE.size() > 16) CACHE.clear();
        scan = new Scan(stack);
        CACHE.put(stack, scan);
      }
      return scan;
    }
  }

  /**
   * Threads that scan services' sources: reading and tokenising a few thousand small files is
   * most of a large project's source scan, and each service's is independent. Two at most (the
   * caller and one helper), as the machines this runs on often have two cores; results are put
   * together in service order, so the outcome does not depend on timing.
   */
  private static final int SCAN_THREADS = Math.min(2, Runtime.getRuntime().availableProcessors());

  public static Map<String, ServiceSources> scan(Stack stack) {
    return new Scan(stack).result(true);
  }

  /**
   * One stack's scan: threads take services in turn from a shared counter (the scan of each is
   * independent), and the result is put together in service order once every service is done.
   */
  private static final class Scan {
    private final Stack stack;
    private final List<Service> services;
    // services built from one root context (a monorepo's `COPY . .`) hold the same files: scan each once
    private final Map<String, SourceFile> scanned = new java.util.concurrent.ConcurrentHashMap<>();
    private final ServiceSources[] results;
    private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.CountDownLatch done;
    private final java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
    final java.util.concurrent.atomic.AtomicBoolean helped = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile Map<String, ServiceSources> result;

    Scan(Stack stack) {
      this.stack = stack;
      this.services = List.copyOf(stack.services().values());
      this.results = new ServiceSources[services.size()];
      this.done = new java.util.concurrent.CountDownLatch(services.size());
    }

    /** Scans services not yet taken by another thread, until none is left (or one has failed). */
    void work() {
      for (int i = next.getAndIncrement(); i < results.length; i = next.getAndIncrement()) {
        try {
          if (failure.get() == null) results[i] = scan(stack, services.get(i), scanned);
        } catch (RuntimeException | Error e) {
          failure.compareAndSet(null, e);
        } finally {
          done.countDown();
        }
      }
    }

    /** Joins the scan (with a helper thread if none has started and {@code help}), waits for it, and gives the result. */
    Map<String, ServiceSources> result(boolean help) {
      Map<String, ServiceSources> out = result;
      if (out != null) return out;
      if (help && SCAN_THREADS > 1 && results.length - next.get() >= 8 && helped.compareAndSet(false, true)) {
        Tasks.run("flotilla-source-scan", this::work);
      }
      work();
      boolean interrupted = false;
      while (true) {
        try {
          done.await();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // the other thread's services are nearly done: wait for them, then keep the interrupt
        }
      }
      if (interrupted) Thread.currentThread().interrupt();
      if (failure.get() instanceof RuntimeException r) throw r;
      if (failure.get() instanceof Error e) throw e;
      synchronized (this) { // every caller gets the one map
        if (result == null) {
          Map<String, ServiceSources> map = new LinkedHashMap<>();
          for (int i = 0; i < results.length; i++) {
            if (results[i] == null) throw new IllegalStateException("source scan of " + services.get(i).name() + " failed");
            map.put(services.get(i).name(), results[i]);
          }
          result = Collections.unmodifiableMap(map);
        }
        return result;
      }
    }
  }

  public static List<SourceLanguage> languages() {
    List<SourceLanguage> out = new ArrayList<>();
    for (SourceLanguage l : ServiceLoader.load(SourceLanguage.class, SourceScanner.class.getClassLoader())) out.add(l);
    if (out.isEmpty()) out.add(new PythonLanguage());
    return List.copyOf(out);
  }

  // ---------------------------------------------------------------- one service

  public static ServiceSources scan(Stack stack, Service s) {
    return scan(stack, s, new java.util.HashMap<>());
  }

  private static ServiceSources scan(Stack stack, Service s, Map<String, SourceFile> scanned) {
    Layout layout = new Layout(stack);
    Map<String, String> env = new LinkedHashMap<>();
    String workdir = "/";
    List<String> cmd = null;
    List<String> entrypoint = null;
    SourceLocation cmdAt = SourceLocation.UNKNOWN;
    String base = s.imageName();
    boolean complete = true;
    boolean buildTools = false;
    List<Instruction> runs = new ArrayList<>();
    Build b = s.build();
    Path context = b == null ? null : b.context();
    if (b != null && b.parsed() != null) {
      Dockerfile df = b.parsed();
      Optional<Stage> target = s.buildStage();
      if (target.isPresent()) {
        List<Stage> chain = chain(df, target.get());
        base = chain.get(0).baseImage();
        Map<String, Layout> stageLayouts = new LinkedHashMap<>();
        for (Stage st : df.stages()) {
          if (inChain(chain, st)) continue;
          stageLayouts.put(key(st), replayOther(stack, df, st, b, stageLayouts));
        }
        for (Stage st : chain) {
          for (Instruction i : st.instructions()) {
            switch (i.keyword()) {
              case "WORKDIR" -> workdir = resolve(workdir, i.args().isEmpty() ? "/" : expand(i.args().get(0), env));
              case "ENV" -> env.putAll(envPairs(i));
              case "COPY", "ADD" -> {
                if (!copy(i, workdir, env, b, layout, stageLayouts, df)) complete = false;
              }
              case "RUN" -> {
                runs.add(i);
                if (installsCompiler(i.raw())) buildTools = true;
              }
              case "CMD" -> {
                cmd = words(i);
                cmdAt = i.location();
              }
              case "ENTRYPOINT" -> {
                entrypoint = words(i);
                cmd = null;
                cmdAt = i.location();
              }
              default -> {}
            }
          }
        }
        // packages installed in other stages and copied over count as installed
        for (Stage st : df.stages()) {
          if (inChain(chain, st)) continue;
          for (Instruction i : st.instructions()) {
            if (i.is("RUN")) {
              runs.add(i);
            }
          }
        }
      }
    }
    for (VolumeMount v : s.volumes()) {
      if (v.type() == VolumeMount.Type.BIND && v.hostPath() != null && v.target() != null && Files.exists(v.hostPath())) {
        layout.putTree(v.hostPath(), v.target(), null, null);
      }
    }
    for (EnvVar e : s.environment().values()) if (e.value() != null) env.put(e.name(), e.value());
    if (s.workingDir() != null && !s.workingDir().isBlank()) workdir = s.workingDir();
    if (s.entrypoint() != null) {
      entrypoint = s.entrypoint().value();
      cmd = null;
      cmdAt = s.entrypoint().location();
    }
    if (s.command() != null) {
      cmd = s.command().value();
      cmdAt = s.command().location();
    }
    List<String> argv = new ArrayList<>();
    if (entrypoint != null) argv.addAll(entrypoint);
    if (cmd != null) argv.addAll(cmd);
    if (!knownBase(base)) complete = false;

    // manifests
    List<Manifest> present = new ArrayList<>();
    Map<String, Manifest> byImagePath = new LinkedHashMap<>();
    for (Map.Entry<String, Path> e : layout.files.entrySet()) {
      if (ManifestParser.isManifest(fileName(e.getKey()))) {
        Manifest m = ManifestParser.parse(e.getValue());
        present.add(m);
        byImagePath.put(e.getKey(), m);
      }
    }
    List<Manifest> installed = new ArrayList<>();
    boolean sawInstall = false;
    List<Instruction> allRuns = new ArrayList<>(runs);
    String wd = workdir;
    for (Instruction run : allRuns) {
      Installs ins = installs(run.raw(), run.location(), b == null ? null : b.dockerfile(), workdirAt(s, run), byImagePath, layout);
      sawInstall |= ins.any;
      installed.addAll(ins.manifests);
    }
    if (!argv.isEmpty()) {
      String shell = String.join(" ", argv);
      Installs ins = installs(shell, cmdAt, cmdAt.file(), wd, byImagePath, layout);
      sawInstall |= ins.any;
      installed.addAll(ins.manifests);
    }
    List<Manifest> manifests = sawInstall ? dedupe(installed) : List.copyOf(present);

    EntryPoint entry = entry(argv, workdir, cmdAt, env, byImagePath);
    List<String> roots = pythonPath(entry, workdir, env, layout);

    // scan sources
    List<SourceFile> files = new ArrayList<>();
    for (Map.Entry<String, Path> e : layout.files.entrySet()) {
      String name = fileName(e.getKey());
      if (name.startsWith("._")) continue; // AppleDouble metadata, not source
      for (SourceLanguage lang : LANGUAGES) {
        if (!lang.isSource(name)) continue;
        try {
          if (Files.size(e.getValue()) > MAX_SOURCE_BYTES) break;
          String module = moduleName(e.getKey(), roots);
          String key = lang.name() + "|" + e.getValue() + "|" + e.getKey() + "|" + module;
          SourceFile f = scanned.get(key);
          if (f == null) {
            f = lang.scan(e.getValue(), e.getKey(), module, readText(e.getValue()));
            SourceFile first = scanned.putIfAbsent(key, f);
            if (first != null) f = first; // another thread scanned it meanwhile: share one
          }
          files.add(f);
        } catch (IOException | RuntimeException ex) {
          // an unreadable or unparseable file is skipped; rules see it as absent from the scan
        }
        break;
      }
    }
    List<Route> routes = resolveRoutes(files);
    return new ServiceSources(s.name(), context, Collections.unmodifiableNavigableMap(new TreeMap<>(layout.files)), List.copyOf(files),
        manifests, List.copyOf(present), entry, List.copyOf(roots), routes, base, buildTools, complete);
  }

  private static String workdirAt(Service s, Instruction run) {
    // the WORKDIR in effect at a RUN: the last WORKDIR above it in its stage chain
    Build b = s.build();
    if (b == null || b.parsed() == null) return "/";
    String wd = "/";
    for (Stage st : b.parsed().stages()) {
      if (st.instructions().stream().noneMatch(i -> i == run)) continue; // the very instruction, as below
      List<Stage> chain = chain(b.parsed(), st);
      for (Stage c : chain) {
        for (Instruction i : c.instructions()) {
          if (i == run) return wd;
          if (i.is("WORKDIR") && !i.args().isEmpty()) wd = resolve(wd, i.args().get(0));
        }
      }
    }
    return wd;
  }

  private static List<Manifest> dedupe(List<Manifest> in) {
    Map<String, Manifest> m = new LinkedHashMap<>();
    for (Manifest x : in) m.putIfAbsent(x.file() + "#" + x.kind() + "#" + (x.requirements().isEmpty() ? "" : x.requirements().get(0).location()), x);
    return List.copyOf(m.values());
  }

  static boolean knownBase(String image) {
    if (image == null) return false;
    String r = image.toLowerCase(Locale.ROOT);
    int slash = r.lastIndexOf('/');
    String repo = r;
    if (repo.startsWith("docker.io/")) repo = repo.substring("docker.io/".length());
    if (repo.startsWith("library/")) repo = repo.substring("library/".length());
    String name = repo.split("[:@]")[0];
    return Set.of("python", "node", "debian", "ubuntu", "alpine", "busybox", "scratch", "pypy", "amazonlinux", "fedora",
        "rockylinux", "almalinux", "centos").contains(name) || name.startsWith("gcr.io/distroless/")
        || name.equals("cgr.dev/chainguard/python") || (slash < 0 && name.isEmpty());
  }

  /**
   * Whether {@code st} is one of the chain's stages. Stages of one Dockerfile are told apart by
   * their index: a record's own equals would compare every instruction of both stages.
   */
  private static boolean inChain(List<Stage> chain, Stage st) {
    for (Stage c : chain) if (c.index() == st.index()) return true;
    return false;
  }

  private static List<Stage> chain(Dockerfile df, Stage st) {
    List<Stage> chain = new ArrayList<>();
    Stage cur = st;
    Set<Integer> seen = new HashSet<>(); // stage indexes: see inChain
    while (cur != null && seen.add(cur.index())) {
      chain.add(0, cur);
      String baseName = cur.baseImage();
      Stage next = null;
      for (Stage o : df.stages()) {
        if (o.index() < cur.index() && o.name() != null && o.name().equalsIgnoreCase(baseName)) next = o;
      }
      cur = next;
    }
    return chain;
  }

  private static String key(Stage st) {
    return st.name() == null ? String.valueOf(st.index()) : st.name().toLowerCase(Locale.ROOT);
  }

  private static Layout replayOther(Stack stack, Dockerfile df, Stage st, Build b, Map<String, Layout> earlier) {
    Layout l = new Layout(stack);
    String wd = "/";
    Map<String, String> env = new LinkedHashMap<>();
    for (Stage c : chain(df, st)) {
      Layout inherited = c == st ? null : earlier.get(key(c));
      if (inherited != null) l.files.putAll(inherited.files);
      for (Instruction i : c.instructions()) {
        switch (i.keyword()) {
          case "WORKDIR" -> wd = resolve(wd, i.args().isEmpty() ? "/" : expand(i.args().get(0), env));
          case "ENV" -> env.putAll(envPairs(i));
          case "COPY", "ADD" -> copy(i, wd, env, b, l, earlier, df);
          default -> {}
        }
      }
    }
    return l;
  }

  /** Applies one COPY/ADD to the layout; false when it copies from something not known here. */
  private static boolean copy(Instruction i, String workdir, Map<String, String> env, Build b, Layout layout,
      Map<String, Layout> stages, Dockerfile df) {
    List<String> args = new ArrayList<>();
    for (String a : i.args()) args.add(expand(a, env));
    if (args.size() < 2) return true;
    String dest = args.get(args.size() - 1);
    List<String> srcs = args.subList(0, args.size() - 1);
    String destAbs = resolve(workdir, dest);
    boolean destIsDir = dest.endsWith("/") || srcs.size() > 1 || dest.equals(".");
    String from = i.flags().get("from");
    String chmod = i.flags().get("chmod");
    if (from != null) {
      Layout other = stages.get(from.toLowerCase(Locale.ROOT));
      if (other == null) {
        for (Stage st : df.stages()) if (String.valueOf(st.index()).equals(from)) other = stages.get(key(st));
      }
      if (other == null) return false;
      for (String src : srcs) {
        String srcAbs = resolve("/", src);
        String prefix = srcAbs.endsWith("/") ? srcAbs : srcAbs + "/";
        for (Map.Entry<String, Path> e : other.files.entrySet()) {
          if (e.getKey().equals(srcAbs)) {
            layout.put(destIsDir ? join(destAbs, fileName(srcAbs)) : destAbs, e.getValue(), chmod);
          } else if (e.getKey().startsWith(prefix)) {
            layout.put(join(destAbs, e.getKey().substring(prefix.length())), e.getValue(), chmod);
          }
        }
      }
      return true;
    }
    if (b == null || b.context() == null || !Files.isDirectory(b.context())) return false;
    Path ctx = b.context();
    for (String src : srcs) {
      if (URL.matcher(src).matches()) continue; // ADD <url>
      String rel = src;
      while (rel.startsWith("./")) rel = rel.substring(2);
      while (rel.startsWith("/")) rel = rel.substring(1);
      if (rel.startsWith("..")) continue; // outside the context: the build fails (BLD001), nothing lands here
      if (Glob.hasWildcard(rel)) {
        java.util.regex.Pattern re = Glob.compile(rel);
        List<Path> matches = new ArrayList<>();
        try (var st = Files.walk(ctx, 1 + (int) rel.chars().filter(c -> c == '/').count())) {
          st.filter(p -> !p.equals(ctx)).forEach(p -> {
            String r = ctx.relativize(p).toString().replace('\\', '/');
            if (re.matcher(r).matches() && !Glob.ignored(b.ignore(), r)) matches.add(p);
          });
        } catch (IOException | java.io.UncheckedIOException e) {
          continue;
        }
        for (Path p : matches) {
          if (Files.isDirectory(p)) layout.putTree(p, destAbs, b, ctx);
          else layout.put(join(destAbs, p.getFileName().toString()), p, chmod);
        }
        continue;
      }
      Path p = rel.isEmpty() || rel.equals(".") ? ctx : ctx.resolve(rel).normalize();
      if (!p.startsWith(ctx) || !Files.exists(p)) continue;
      if (!rel.isEmpty() && !rel.equals(".") && Glob.ignored(b.ignore(), rel)) continue;
      if (Files.isDirectory(p)) layout.putTree(p, destAbs, b, ctx);
      else layout.put(destIsDir ? join(destAbs, p.getFileName().toString()) : destAbs, p, chmod);
    }
    return true;
  }

  private static boolean installsCompiler(String run) {
    String r = run.toLowerCase(Locale.ROOT);
    boolean pkg = r.contains("apt-get install") || r.contains("apt install") || r.contains("apk add") || r.contains("yum install")
        || r.contains("dnf install") || r.contains("microdnf install");
    return pkg && COMPILER.matcher(r).find();
  }

  // ---------------------------------------------------------------- installs

  private static final class Installs {
    boolean any;
    final List<Manifest> manifests = new ArrayList<>();
  }

  /** What a shell command installs: pip/uv/poetry/pipenv/npm/yarn invocations and their manifests. */
  static Installs installs(String shell, SourceLocation at, Path file, String workdir, Map<String, Manifest> byImagePath, Layout layout) {
    Installs out = new Installs();
    if (shell == null) return out;
    String wd = workdir;
    for (String cmd : COMMANDS.split(shell)) {
      List<String> w = Shell.words(cmd.strip());
      if (w.isEmpty()) continue;
      if (w.get(0).equals("cd") && w.size() > 1) {
        wd = resolve(wd, w.get(1));
        continue;
      }
      int k = 0;
      while (k < w.size() && (w.get(k).contains("=") && !w.get(k).startsWith("-") || w.get(k).equals("sudo") || w.get(k).equals("exec"))) k++;
      List<String> c = w.subList(k, w.size());
      if (c.isEmpty()) continue;
      String exe = fileName(c.get(0));
      int sub = -1;
      if ((exe.startsWith("pip") || exe.equals("uv")) && c.size() > 1) {
        sub = exe.equals("uv") ? (c.size() > 2 && c.get(1).equals("pip") && c.get(2).equals("install") ? 3 : -1)
            : (c.get(1).equals("install") ? 2 : -1);
      } else if (exe.startsWith("python") && c.size() > 3 && c.get(1).equals("-m") && c.get(2).equals("pip") && c.get(3).equals("install")) {
        sub = 4;
      }
      if (sub > 0) {
        out.any = true;
        List<Requirement> inline = new ArrayList<>();
        for (int i = sub; i < c.size(); i++) {
          String a = c.get(i);
          if (a.equals("-r") || a.equals("--requirement")) {
            if (i + 1 < c.size()) addRequirements(out, resolve(wd, c.get(++i)), byImagePath, layout);
          } else if (a.startsWith("--requirement=")) {
            addRequirements(out, resolve(wd, a.substring(a.indexOf('=') + 1)), byImagePath, layout);
          } else if (a.startsWith("-r") && a.length() > 2) {
            addRequirements(out, resolve(wd, a.substring(2)), byImagePath, layout);
          } else if (a.equals("-e") || a.equals("--editable")) {
            if (i + 1 < c.size()) localProject(out, resolve(wd, c.get(++i)), byImagePath);
          } else if (a.equals("-c") || a.equals("--constraint") || a.equals("-i") || a.equals("--index-url") || a.equals("--target")
              || a.equals("-t") || a.equals("--prefix") || a.equals("--root") || a.equals("--extra-index-url") || a.equals("-f")
              || a.equals("--find-links") || a.equals("--trusted-host") || a.equals("--cache-dir") || a.equals("--platform")
              || a.equals("--python-version") || a.equals("--only-binary") || a.equals("--no-binary")) {
            i++;
          } else if (a.startsWith("-")) {
            // flag without a value
          } else if (a.startsWith(".") || a.startsWith("/")) {
            localProject(out, resolve(wd, a), byImagePath);
          } else {
            Requirement r = ManifestParser.pep508(a.replaceAll("^['\"]|['\"]$", ""), at, false);
            if (r != null) inline.add(r);
          }
        }
        if (!inline.isEmpty()) out.manifests.add(new Manifest(file, "pip-install", "python", List.copyOf(inline), List.of(), List.of(), Map.of(), Map.of()));
        continue;
      }
      if ((exe.equals("poetry") || exe.equals("pdm") || exe.equals("hatch")) && c.size() > 1 && (c.get(1).equals("install") || c.get(1).equals("sync"))) {
        out.any = true;
        addManifest(out, join(wd, "pyproject.toml"), byImagePath);
      } else if ((exe.equals("uv")) && c.size() > 1 && c.get(1).equals("sync")) {
        out.any = true;
        addManifest(out, join(wd, "pyproject.toml"), byImagePath);
      } else if (exe.equals("pipenv") && c.size() > 1 && (c.get(1).equals("install") || c.get(1).equals("sync"))) {
        out.any = true;
        addManifest(out, join(wd, "Pipfile"), byImagePath);
      } else if ((exe.equals("npm") || exe.equals("yarn") || exe.equals("pnpm")) && c.size() >= 1
          && (c.size() == 1 || Set.of("install", "ci", "i", "add").contains(c.get(1)))) {
        out.any = true;
        addManifest(out, join(wd, "package.json"), byImagePath);
        List<Requirement> inline = new ArrayList<>();
        for (int i = 2; i < c.size(); i++) {
          String a = c.get(i);
          if (a.startsWith("-")) continue;
          String name = a.startsWith("@") ? "@" + a.substring(1).split("@")[0] : a.split("@")[0];
          inline.add(new Requirement(name, name, List.of(), null, null, null, false, false, at));
        }
        if (!inline.isEmpty()) out.manifests.add(new Manifest(file, "npm-install", "node", List.copyOf(inline), List.of(), List.of(), Map.of(), Map.of()));
      }
    }
    return out;
  }

  /**
   * A file given to {@code pip install -r}: whatever its name ({@code requirements/prod.txt},
   * {@code deps/base.in}), it is a requirements file, parsed here when the name alone did not say so.
   */
  private static void addRequirements(Installs out, String imagePath, Map<String, Manifest> byImagePath, Layout layout) {
    if (!byImagePath.containsKey(imagePath) && layout != null && layout.files.containsKey(imagePath)) {
      Path host = layout.files.get(imagePath);
      Manifest m = ManifestParser.parse(host);
      byImagePath.put(imagePath, m);
    }
    addManifest(out, imagePath, byImagePath);
  }

  private static void addManifest(Installs out, String imagePath, Map<String, Manifest> byImagePath) {
    Manifest m = byImagePath.get(imagePath);
    if (m != null) out.manifests.add(m);
  }

  private static void localProject(Installs out, String dir, Map<String, Manifest> byImagePath) {
    for (String n : List.of("pyproject.toml", "setup.cfg", "requirements.txt")) {
      Manifest m = byImagePath.get(join(dir, n));
      if (m != null && !n.equals("requirements.txt")) out.manifests.add(m);
    }
  }

  // ---------------------------------------------------------------- entry point, import roots

  static EntryPoint entry(List<String> argvIn, String workdir, SourceLocation at, Map<String, String> env, Map<String, Manifest> manifests) {
    if (argvIn.isEmpty()) return new EntryPoint(List.of(), workdir, EntryPoint.Kind.UNKNOWN, null, null, at);
    List<String> argv = unwrap(argvIn);
    if (argv.isEmpty()) return new EntryPoint(List.copyOf(argvIn), workdir, EntryPoint.Kind.OTHER, null, null, at);
    String exe = argv.get(0);
    String base = fileName(exe);
    if (base.matches("python[0-9.]*|pypy3?")) {
      for (int i = 1; i < argv.size(); i++) {
        String a = argv.get(i);
        if (a.equals("-m") && i + 1 < argv.size()) {
          String mod = argv.get(i + 1);
          if (mod.equals("uvicorn") || mod.equals("gunicorn") || mod.equals("hypercorn") || mod.equals("celery") || mod.equals("flask")) {
            EntryPoint inner = entry(argv.subList(i + 1, argv.size()), workdir, at, env, manifests);
            return new EntryPoint(List.copyOf(argvIn), workdir, inner.kind(), base, inner.target(), at);
          }
          return new EntryPoint(List.copyOf(argvIn), workdir, EntryPoint.Kind.MODULE, base, mod, at);
        }
        if (a.equals("-c")) return new EntryPoint(List.copyOf(argvIn), workdir, EntryPoint.Kind.OTHER, base, null, at);
        if (a.startsWith("-")) {
          if (a.equals("-W") || a.equals("-X")) i++;
          continue;
        }
        return new EntryPoint(List.copyOf(argvIn), workdir, EntryPoint.Kind.SCRIPT, base, resolve(workdir, a), at);
      }
      return new EntryPoint(List.copyOf(argvIn), workdir, EntryPoint.Kind.OTHER, base, null, at);
    }
    if (base.equals("node") || base.equals("nodemon") || base.equals("ts-node") || base.equals("tsx")) {
      for (int i = 1; i < argv.size(); i++) {
        String a = argv.get(i);
        if (a.startsWith("-")) {
          if (a.equals("-r") || a.equals("--require") || a.equals("--import")) i++;
          continue;
        }
        return new EntryPoint(List.copyOf(argvIn), workdir, EntryPoint.Kind.SCRIPT, base, resolve(workdir, a), at);
      }
      return new EntryPoint(List.copyOf(argvIn), workdir, EntryPoint.Kind.OTHER, base, null, at);
    }
    if ((base.equals("npm") || base.equals("yarn") || base.equals("pnpm")) && argv.size() >= 2) {
      String script = argv.get(1).equals("run") && argv.size() > 2 ? argv.get(2) : argv.get(1);
      Manifest pkg = manifests.get(join(workdir, "package.json"));
      if (pkg != null) {
        String body = pkg.scripts().get(script);
        if (body == null && script.equals("start")) body = "node " + pkg.scripts().getOrDefault("(main)", "server.js");
        if (body != null) {
          EntryPoint inner = entry(List.of("/bin/sh", "-c", body), workdir, at, env, manifests);
          return new EntryPoint(List.copyOf(argvIn), workdir, inner.kind(), base, inner.target(), at);
        }
      }
      return new EntryPoint(List.copyOf(argvIn), workdir, EntryPoint.Kind.OTHER, base, null, at);
    }
    if (Set.of("uvicorn", "gunicorn", "hypercorn", "daphne", "granian").contains(base)) {
      String app = null;
      Set<String> valued = Set.of("--host", "--port", "-b", "--bind", "-w", "--workers", "-k", "--worker-class", "--log-level",
          "--app-dir", "--chdir", "-c", "--config", "--timeout", "-t", "--root-path", "--env-file", "--proxy-headers",
          "--forwarded-allow-ips", "--access-logfile", "--error-logfile", "--threads", "--uds", "--fd", "--ws", "--http",
          "--loop", "--lifespan", "--interface", "--log-config", "--name", "-n", "--limit-concurrency", "--backlog");
      for (int i = 1; i < argv.size(); i++) {
        String a = argv.get(i);
        if (a.startsWith("-")) {
          if (valued.contains(a) && !a.equals("--proxy-headers")) i++;
          continue;
        }
        app = a;
        break;
      }
      String mod = app == null ? null : app.split(":")[0];
      return new EntryPoint(List.copyOf(argvIn), workdir, EntryPoint.Kind.APP, base, mod, at);
    }
    if (base.equals("celery") || base.equals("dramatiq") || base.equals("rq")) {
      for (int i = 1; i < argv.size(); i++) {
        if ((argv.get(i).equals("-A") || argv.get(i).equals("--app")) && i + 1 < argv.size()) {
          return new EntryPoint(List.copyOf(argvIn), workdir, EntryPoint.Kind.APP, base, argv.get(i + 1).split(":")[0], at);
        }
      }
      return new EntryPoint(List.copyOf(argvIn), workdir, EntryPoint.Kind.APP, base, null, at);
    }
    if (base.equals("flask")) {
      String app = env.get("FLASK_APP");
      for (int i = 1; i < argv.size(); i++) if ((argv.get(i).equals("--app") || argv.get(i).equals("-A")) && i + 1 < argv.size()) app = argv.get(i + 1);
      if (app == null) app = "app";
      String mod = app.split(":")[0].replaceAll("\\.py$", "").replace('/', '.');
      return new EntryPoint(List.copyOf(argvIn), workdir, EntryPoint.Kind.APP, base, mod, at);
    }
    return new EntryPoint(List.copyOf(argvIn), workdir, EntryPoint.Kind.OTHER, base, null, at);
  }

  /** Strips shell wrappers: {@code sh -c "pip install … && exec uvicorn …"} gives the last command's words. */
  public static List<String> unwrap(List<String> argv) {
    List<String> a = argv;
    for (int guard = 0; guard < 4; guard++) {
      if (a.size() >= 3 && fileName(a.get(0)).matches("sh|bash|ash|dash|zsh") && a.get(1).matches("-[a-z]*c[a-z]*")) {
        String script = a.get(2);
        String[] parts = script.split("&&|;|\\|\\||\\n");
        String last = "";
        for (int i = parts.length - 1; i >= 0; i--) {
          if (!parts[i].isBlank()) {
            last = parts[i].strip();
            break;
          }
        }
        a = Shell.words(last);
        continue;
      }
      int k = 0;
      while (k < a.size() && (a.get(k).equals("exec") || a.get(k).equals("tini") || a.get(k).equals("--") || a.get(k).equals("dumb-init")
          || a.get(k).equals("/usr/bin/tini") || a.get(k).equals("/sbin/tini") || a.get(k).equals("/usr/bin/dumb-init")
          || (a.get(k).contains("=") && !a.get(k).startsWith("-") && !a.get(k).contains("/") && k < a.size() - 1))) k++;
      if (k > 0 && k < a.size()) {
        a = a.subList(k, a.size());
        continue;
      }
      if (!a.isEmpty() && fileName(a.get(0)).equals("env") && a.size() > 1) {
        int j = 1;
        while (j < a.size() && a.get(j).contains("=")) j++;
        a = a.subList(j, a.size());
        continue;
      }
      break;
    }
    return a;
  }

  static List<String> pythonPath(EntryPoint entry, String workdir, Map<String, String> env, Layout layout) {
    Set<String> roots = new LinkedHashSet<>();
    switch (entry.kind()) {
      case SCRIPT -> {
        if (entry.target() != null && entry.target().endsWith(".py")) roots.add(parent(entry.target()));
        else roots.add(workdir);
      }
      case MODULE, APP -> {
        roots.add(workdir);
        List<String> argv = unwrap(entry.argv());
        for (int i = 0; i + 1 < argv.size(); i++) {
          if (argv.get(i).equals("--app-dir") || argv.get(i).equals("--chdir") || argv.get(i).equals("--pythonpath")) {
            roots.add(resolve(workdir, argv.get(i + 1)));
          }
        }
      }
      default -> {
        roots.add(workdir);
      }
    }
    String pp = env.get("PYTHONPATH");
    if (pp != null) for (String p : pp.split(":")) if (!p.isBlank() && !p.contains("$")) roots.add(resolve(workdir, p));
    if (entry.kind() == EntryPoint.Kind.UNKNOWN || entry.kind() == EntryPoint.Kind.OTHER) {
      // what runs is not known: every directory holding a top-level module may be a root
      for (String f : layout.files.keySet()) {
        if (f.endsWith(".py") && !layout.files.containsKey(parent(f) + "/__init__.py")) roots.add(parent(f));
      }
    }
    return new ArrayList<>(roots);
  }

  static String moduleName(String imagePath, List<String> roots) {
    if (!imagePath.endsWith(".py")) return null;
    for (String r : roots) {
      String prefix = r.endsWith("/") ? r : r + "/";
      if (imagePath.startsWith(prefix)) {
        String rel = imagePath.substring(prefix.length(), imagePath.length() - 3);
        if (rel.endsWith("/__init__")) rel = rel.substring(0, rel.length() - "/__init__".length());
        return rel.replace('/', '.');
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- routes

  /** Full route paths: each route's own prefix plus the prefixes of every chain of mounts above its router. */
  static List<Route> resolveRoutes(List<SourceFile> files) {
    List<RouteMount> mounts = new ArrayList<>();
    List<Route> routes = new ArrayList<>();
    for (SourceFile f : files) {
      mounts.addAll(f.mounts());
      routes.addAll(f.routes());
    }
    List<Route> out = new ArrayList<>();
    Map<String, List<String>> memo = new LinkedHashMap<>();
    for (Route r : routes) {
      for (String p : prefixes(r.owner(), mounts, memo, new HashSet<>())) {
        out.add(new Route(r.framework(), r.method(), joinPath(p, r.path()), r.owner(), r.location()));
      }
    }
    // a mount of something not read here (a library's URLconf, `include(router.urls)`, a router built at
    // run time) may define anything under its prefix: say so, rather than call every path there a 404
    List<String> owners = new ArrayList<>();
    for (Route r : routes) owners.add(r.owner());
    for (RouteMount m : mounts) owners.add(m.parent());
    for (RouteMount m : mounts) {
      if (owners.stream().anyMatch(o -> sameOwner(m.child(), o))) continue;
      for (String p : prefixes(m.parent(), mounts, memo, new HashSet<>())) {
        out.add(new Route("unread", "*", joinPath(joinPath(p, m.prefix()), "/{rest:path}"), m.child(), m.location()));
      }
    }
    return List.copyOf(out);
  }

  private static List<String> prefixes(String owner, List<RouteMount> mounts, Map<String, List<String>> memo, Set<String> visiting) {
    if (memo.containsKey(owner)) return memo.get(owner);
    if (!visiting.add(owner)) return List.of("");
    List<String> out = new ArrayList<>();
    for (RouteMount m : mounts) {
      if (!sameOwner(m.child(), owner)) continue;
      for (String p : prefixes(m.parent(), mounts, memo, visiting)) out.add(joinPath(p, m.prefix()));
    }
    if (out.isEmpty()) out.add("");
    visiting.remove(owner);
    memo.put(owner, out);
    return out;
  }

  /** Module names may be rooted differently ({@code app.api.x} vs {@code api.x}): compare by suffix. */
  private static boolean sameOwner(String a, String b) {
    if (a.equals(b)) return true;
    if (a.endsWith(":*")) return b.startsWith(a.substring(0, a.length() - 1)) || b.startsWith(a.substring(0, a.length() - 5) + "/index.js:");
    return a.endsWith("." + b) || b.endsWith("." + a) || (a.startsWith(":") && b.endsWith(a)) || (b.startsWith(":") && a.endsWith(b));
  }

  static String joinPath(String prefix, String path) {
    String p = prefix == null ? "" : prefix;
    String q = path == null ? "" : path;
    if (p.isEmpty()) return q.isEmpty() ? "/" : q;
    if (q.isEmpty() || q.equals("/")) return p.startsWith("/") ? p + (q.isEmpty() ? "" : "") : "/" + p;
    String joined = (p.endsWith("/") ? p.substring(0, p.length() - 1) : p) + (q.startsWith("/") ? q : "/" + q);
    return joined.startsWith("/") ? joined : "/" + joined;
  }

  // ---------------------------------------------------------------- helpers

  /** The image's files: image path to host file, and the ones marked executable by COPY --chmod. */
  static final class Layout {
    final Map<String, Path> files = new LinkedHashMap<>();
    /** Whose build contexts' listings ({@link FileTree}) the layout reads; null lists directories afresh. */
    private final Stack stack;

    Layout(Stack stack) {
      this.stack = stack;
    }

    void put(String imagePath, Path host, String chmod) {
      if (files.size() >= MAX_FILES) return;
      files.put(normalize(imagePath), host);
    }

    void putTree(Path dir, String dest, Build b, Path ctx) {
      if (!Files.isDirectory(dir)) {
        put(dest, dir, null);
        return;
      }
      FileTree tree = stack == null ? null : FileTree.of(stack, dir);
      if (tree != null && tree.complete()) {
        putTree(tree, dir, dest, b, ctx);
        return;
      }
      try {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
            if (!d.equals(dir) && SKIP_DIRS.contains(d.getFileName().toString())) return FileVisitResult.SKIP_SUBTREE;
            if (b != null && ctx != null && !d.equals(ctx) && d.startsWith(ctx)
                && Glob.ignored(b.ignore(), ctx.relativize(d).toString().replace('\\', '/'))) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            return files.size() >= MAX_FILES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
            if (b != null && ctx != null && f.startsWith(ctx) && Glob.ignored(b.ignore(), ctx.relativize(f).toString().replace('\\', '/'))) {
              return FileVisitResult.CONTINUE;
            }
            put(join(dest, dir.relativize(f).toString().replace('\\', '/')), f, null);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path f, IOException e) {
            return FileVisitResult.CONTINUE;
          }
        });
      } catch (IOException e) {
        // unreadable directory: nothing from it
      }
    }

    /** {@link #putTree} over the shared listing: the same files in the same order as the walk above. */
    private void putTree(FileTree tree, Path dir, String dest, Build b, Path ctx) {
      String ctxRel = b != null && ctx != null && dir.startsWith(ctx) && !dir.equals(ctx) ? ctx.relativize(dir).toString().replace('\\', '/') + "/" : "";
      boolean ignores = b != null && ctx != null && dir.startsWith(ctx);
      if (ignores && !ctxRel.isEmpty() && Glob.ignored(b.ignore(), ctxRel.substring(0, ctxRel.length() - 1))) return;
      if (files.size() >= MAX_FILES) return;
      List<FileTree.Entry> entries = tree.entries();
      for (int i = 0; i < entries.size(); i++) {
        FileTree.Entry e = entries.get(i);
        if (e.directory()) {
          if (SKIP_DIRS.contains(e.name()) || (ignores && Glob.ignored(b.ignore(), ctxRel + e.path()))) {
            i = tree.end(i) - 1;
            continue;
          }
          if (files.size() >= MAX_FILES) return;
          continue;
        }
        if (ignores && Glob.ignored(b.ignore(), ctxRel + e.path())) continue;
        put(join(dest, e.path()), dir.resolve(e.path()), null);
      }
    }
  }

  private static Map<String, String> envPairs(Instruction i) {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> a = i.args();
    if (a.size() >= 2 && !a.get(0).contains("=")) {
      out.put(a.get(0), String.join(" ", a.subList(1, a.size())));
      return out;
    }
    for (String w : a) {
      int eq = w.indexOf('=');
      if (eq > 0) out.put(w.substring(0, eq), unquote(w.substring(eq + 1)));
    }
    return out;
  }

  private static String unquote(String s) {
    if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) return s.substring(1, s.length() - 1);
    return s;
  }

  private static String expand(String s, Map<String, String> env) {
    if (!s.contains("$")) return s;
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?\\}|\\$([A-Za-z_][A-Za-z0-9_]*)").matcher(s);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(4);
      String v = env.get(name);
      if (v == null) v = m.group(3) != null ? m.group(3) : "";
      m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(v));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  static List<String> words(Instruction i) {
    if (i.jsonForm()) return List.copyOf(i.args());
    return List.of("/bin/sh", "-c", i.raw().strip());
  }

  static String resolve(String workdir, String p) {
    if (p == null || p.isEmpty()) return normalize(workdir);
    if (p.startsWith("/")) return normalize(p);
    return normalize((workdir.endsWith("/") ? workdir : workdir + "/") + p);
  }

  static String join(String dir, String name) {
    if (name.isEmpty()) return normalize(dir);
    return normalize((dir.endsWith("/") ? dir : dir + "/") + name);
  }

  static String normalize(String p) {
    List<String> out = new ArrayList<>();
    for (String part : p.split("/")) { // runs of slashes give empty parts, skipped
      if (part.isEmpty() || part.equals(".")) continue;
      if (part.equals("..")) {
        if (!out.isEmpty()) out.remove(out.size() - 1);
      } else out.add(part);
    }
    return "/" + String.join("/", out);
  }

  static String parent(String p) {
    int i = p.lastIndexOf('/');
    return i <= 0 ? "/" : p.substring(0, i);
  }

  static String fileName(String p) {
    int i = p.lastIndexOf('/');
    return i < 0 ? p : p.substring(i + 1);
  }

  private static String readText(Path p) throws IOException {
    byte[] bytes = Files.readAllBytes(p);
    // the JDK's fast decoding first (see YamlReader.decodeUtf8); strictly again only if it replaced something
    String fast = new String(bytes, StandardCharsets.UTF_8);
    if (fast.indexOf('\uFFFD') < 0) return fast;
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }
}
