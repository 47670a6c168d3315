package dev.flotilla.load;

import dev.flotilla.model.LoadWarning;
import dev.flotilla.model.NetworkDef;
import dev.flotilla.model.PortRange;
import dev.flotilla.model.ProjectSettings;
import dev.flotilla.model.Service;
import dev.flotilla.model.Tasks;
import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.Stack;
import dev.flotilla.model.UserError;
import dev.flotilla.model.VolumeDef;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Loads a compose project into the one model, the way Docker Compose does: file discovery,
 * {@code .env}, interpolation, {@code include}, {@code extends}, several files merged, the
 * compose-spec schema, and every short syntax normalized. Bad input is a one-line
 * {@link UserError} with file:line.
 */
public final class Loader {
  public static final List<String> COMPOSE_FILES = List.of("compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml");
  public static final List<String> OVERRIDE_FILES =
      List.of("compose.override.yaml", "compose.override.yml", "docker-compose.override.yml", "docker-compose.override.yaml");
  static final Set<String> TOP_LEVEL = Set.of("version", "name", "include", "services", "networks", "volumes", "secrets", "configs", "models");

  private final LoadOptions options;
  private final Map<String, String> shell;
  private final List<LoadWarning> warnings = new ArrayList<>();
  private final Set<Path> files = new LinkedHashSet<>();
  private final Map<String, String> used = new LinkedHashMap<>();
  private final List<VariableUse> uses = new ArrayList<>();
  private Path projectDir;

  private Loader(LoadOptions options) {
    this.options = options;
    this.shell = options.environment() == null ? System.getenv() : options.environment();
  }

  /** How a variable is used in the project ({@code flotilla config --variables}). */
  public record VariableUse(String name, boolean required, String defaultValue, String alternateValue) {}

  public static Stack load(LoadOptions options) {
    return new Loader(options).run().stack();
  }

  /** The stack together with every variable use, for {@code flotilla config --variables}. */
  public record Result(Stack stack, List<VariableUse> variables) {}

  private static final java.util.concurrent.atomic.AtomicBoolean WARMING = new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * Begins the part of a load that does not depend on the project, on a second thread: the
   * compose-spec schema compiles (about 80 ms of CPU) while the files are read and parsed, or,
   * started by the command line, while the command itself is still being set up. Once per process.
   */
  public static void warmUp() {
    if (WARMING.compareAndSet(false, true)) Tasks.run("flotilla-schema", SchemaValidator::prepare);
  }

  public static Result loadWithVariables(LoadOptions options) {
    return new Loader(options).run();
  }

  private Result run() {
    warmUp(); // if the command line has not already begun it
    Path cwd = Path.of("").toAbsolutePath();
    List<Path> main = composeFiles(cwd);
    projectDir = options.projectDirectory() != null ? cwd.resolve(options.projectDirectory()).toAbsolutePath().normalize() : main.get(0).getParent();
    Map<String, String> dotenv = dotenv(cwd);
    Map<String, String> vars = new LinkedHashMap<>(dotenv);
    vars.putAll(shell);

    YNode.Map root = null;
    for (Path f : main) {
      YNode.Map tree = loadFile(f, projectDir, vars, new ArrayDeque<>());
      root = root == null ? tree : ComposeMerge.mergeFiles(root, tree);
    }
    root = (YNode.Map) ComposeMerge.stripResets(root);
    // The tree is validated on a second thread while the services are normalised here. A schema
    // violation is still the error reported, whatever normalising an invalid tree ran into, as when
    // validation ran first; normalising only reads files, so nothing else can tell the difference.
    YNode.Map tree = root;
    java.util.concurrent.CompletableFuture<Void> validation = Tasks.run("flotilla-validate", () -> SchemaValidator.validate(tree));
    try {
      Result result = normalize(root, vars, dotenv);
      Tasks.await(validation);
      return result;
    } catch (RuntimeException | Error e) {
      Tasks.await(validation);
      throw e;
    }
  }

  private Result normalize(YNode.Map root, Map<String, String> vars, Map<String, String> dotenv) {
    List<String> profiles = new ArrayList<>(options.profiles());
    if (profiles.isEmpty() && vars.get("COMPOSE_PROFILES") != null) {
      for (String p : vars.get("COMPOSE_PROFILES").split(",")) if (!p.isBlank()) profiles.add(p.trim());
    }
    String name = projectName(root, vars);
    Map<String, String> variables = new LinkedHashMap<>(dotenv);
    variables.putAll(used);
    ServiceNormalizer norm = new ServiceNormalizer(projectDir, vars, warnings);
    Map<String, Service> services = new LinkedHashMap<>();
    if (root.get("services") instanceof YNode.Map sm) {
      for (YNode.Entry e : sm.entries().values()) services.put(e.key(), norm.service(e.key(), e.keyLocation(), (YNode.Map) e.value()));
    }
    Stack stack =
        new Stack(
            name,
            projectDir,
            List.copyOf(files),
            services,
            networks(root.get("networks")),
            volumes(root.get("volumes")),
            plainMap(root.get("secrets")),
            plainMap(root.get("configs")),
            Set.copyOf(profiles),
            projectSettings(root.get("x-flotilla"), settingsFile(projectDir)),
            variables,
            List.copyOf(warnings));
    return new Result(stack, List.copyOf(uses));
  }

  // ---- files

  private List<Path> composeFiles(Path cwd) {
    List<Path> out = new ArrayList<>();
    if (!options.files().isEmpty()) {
      for (Path f : options.files()) out.add(existingFile(cwd.resolve(f).toAbsolutePath().normalize(), SourceLocation.UNKNOWN));
      return out;
    }
    Path dir = options.projectDirectory() != null ? cwd.resolve(options.projectDirectory()).toAbsolutePath().normalize() : cwd;
    if (!Files.isDirectory(dir)) throw UserError.input(new SourceLocation(dir, 0, 0), "no such directory");
    String composeFile = shell.get("COMPOSE_FILE");
    if (composeFile != null && !composeFile.isBlank()) {
      String sep = shell.getOrDefault("COMPOSE_PATH_SEPARATOR", ":");
      for (String f : composeFile.split(java.util.regex.Pattern.quote(sep))) {
        if (!f.isBlank()) out.add(existingFile(dir.resolve(f.trim()).normalize(), SourceLocation.UNKNOWN));
      }
      return out;
    }
    Path d = dir;
    while (d != null) {
      Path found = null;
      List<String> present = new ArrayList<>();
      for (String n : COMPOSE_FILES) {
        if (Files.isRegularFile(d.resolve(n))) {
          present.add(n);
          if (found == null) found = d.resolve(n);
        }
      }
      if (found == null && Files.exists(d.resolve(COMPOSE_FILES.get(0)))) found = d.resolve(COMPOSE_FILES.get(0));
      if (found != null) {
        if (present.size() > 1) {
          warnings.add(new LoadWarning("found several compose files (" + String.join(", ", present) + "); using " + found.getFileName(), SourceLocation.of(found, 0)));
        }
        out.add(existingFile(found, SourceLocation.UNKNOWN));
        for (String n : OVERRIDE_FILES) {
          if (Files.isRegularFile(d.resolve(n))) {
            out.add(d.resolve(n));
            break;
          }
        }
        return out;
      }
      if (options.projectDirectory() != null) break; // an explicit directory is not searched upwards
      d = d.getParent();
    }
    throw UserError.input(
        new SourceLocation(dir, 0, 0),
        "no compose file here (looked for " + String.join(", ", COMPOSE_FILES) + "); give one with -f FILE");
  }

  private static Path existingFile(Path f, SourceLocation at) {
    if (Files.isSymbolicLink(f) && !Files.exists(f)) {
      try {
        f.toRealPath();
      } catch (java.nio.file.FileSystemException e) {
        String reason = String.valueOf(e.getReason());
        if (reason.toLowerCase(Locale.ROOT).contains("symbolic links")) throw UserError.input(new SourceLocation(f, 0, 0), "symbolic link loop; point the link at a real compose file");
        throw UserError.input(new SourceLocation(f, 0, 0), "broken symbolic link (" + reason + ")");
      } catch (java.io.IOException e) {
        throw UserError.input(new SourceLocation(f, 0, 0), "cannot resolve symbolic link: " + e.getMessage());
      }
    }
    if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS) && !Files.exists(f)) {
      if (at.known()) throw UserError.input(at, f + ": no such file");
      throw UserError.input(new SourceLocation(f, 0, 0), "no such file");
    }
    if (Files.isDirectory(f)) throw UserError.input(new SourceLocation(f, 0, 0), "is a directory; give the compose file inside it, or pass the directory as PATH");
    return f;
  }

  private Map<String, String> dotenv(Path cwd) {
    Map<String, String> out = new LinkedHashMap<>();
    if (!options.envFiles().isEmpty()) {
      for (Path p : options.envFiles()) {
        Path f = cwd.resolve(p).toAbsolutePath().normalize();
        if (!Files.isRegularFile(f)) throw UserError.input(new SourceLocation(f, 0, 0), "env file not found (--env-file)");
        out.putAll(EnvFileParser.values(EnvFileParser.parse(f, merged(out), warnings)));
      }
      return out;
    }
    Path f = projectDir.resolve(".env");
    if (Files.isRegularFile(f)) out.putAll(EnvFileParser.values(EnvFileParser.parse(f, shell, warnings)));
    return out;
  }

  private Map<String, String> merged(Map<String, String> dotenv) {
    Map<String, String> m = new LinkedHashMap<>(dotenv);
    m.putAll(shell);
    return m;
  }

  // ---- one file: parse, interpolate, check, extends, include

  private YNode.Map loadFile(Path file, Path baseDir, Map<String, String> vars, Deque<Path> includeChain) {
    files.add(file);
    YNode.Map tree = parseInterpolated(file, vars);
    if (tree.get("services") instanceof YNode.Map sm) {
      if (!baseDir.equals(projectDir)) tree = tree.with("services", Paths.rebaseServices(sm, baseDir, file.getParent()));
      else tree = tree.with("services", Paths.rebaseExtendsFiles(sm, file.getParent()));
      tree = tree.with("services", applyExtends((YNode.Map) tree.get("services"), file, vars));
    }
    if (!baseDir.equals(projectDir)) tree = Paths.rebaseTopLevel(tree, baseDir);
    if (tree.get("include") != null) tree = applyInclude(tree, file, vars, includeChain);
    return tree;
  }

  private YNode.Map parseInterpolated(Path file, Map<String, String> vars) {
    List<YNode> docs = YamlReader.readFile(file);
    YNode.Map tree = null;
    for (YNode d : docs) {
      if (d instanceof YNode.Scalar s && s.isNull()) continue;
      if (!(d instanceof YNode.Map m)) {
        throw UserError.input(d.location(), "a compose file is a mapping of top-level keys (services, networks, volumes, …), not a " + YNode.describe(d));
      }
      tree = tree == null ? m : ComposeMerge.mergeFiles(tree, m);
    }
    if (tree == null) {
      warnings.add(new LoadWarning("empty compose file", SourceLocation.of(file, 1)));
      return new YNode.Map(Map.of(), SourceLocation.of(file, 1), null);
    }
    for (YNode.Entry e : tree.entries().values()) {
      if (!TOP_LEVEL.contains(e.key()) && !e.key().startsWith("x-")) {
        throw UserError.input(
            e.keyLocation(),
            "unknown top-level key '" + e.key() + "' (allowed: services, networks, volumes, secrets, configs, include, name, version; custom keys start with x-)");
      }
    }
    Interpolator interp =
        new Interpolator(
            k -> {
              String v = vars.get(k);
              if (v != null) used.put(k, v);
              return v;
            },
            warnings,
            uses);
    YNode.Map out = (YNode.Map) interp.apply(tree, "");
    if (out.get("services") != null && !(out.get("services") instanceof YNode.Map)) {
      YNode s = out.get("services");
      if (!(s instanceof YNode.Scalar sc && sc.isNull())) throw UserError.input(s.location(), "services must be a mapping of service names to definitions");
      out = out.without("services");
    }
    if (out.get("services") instanceof YNode.Map sm) {
      for (YNode.Entry e : sm.entries().values()) {
        if (e.value() instanceof YNode.Scalar sc && sc.isNull()) {
          throw UserError.input(e.keyLocation(), "service '" + e.key() + "' is empty; give it an image or a build");
        }
        if (!(e.value() instanceof YNode.Map) && !ComposeMerge.isReset(e.value())) {
          throw UserError.input(e.value().location(), "service '" + e.key() + "' must be a mapping, not a " + YNode.describe(e.value()));
        }
      }
    }
    return out;
  }

  private YNode.Map applyExtends(YNode.Map services, Path file, Map<String, String> vars) {
    LinkedHashMap<String, YNode.Entry> out = new LinkedHashMap<>();
    for (YNode.Entry e : services.entries().values()) {
      if (!(e.value() instanceof YNode.Map)) {
        out.put(e.key(), e);
        continue;
      }
      YNode resolved = resolveExtends(e.key(), services, file, vars, new ArrayList<>());
      out.put(e.key(), new YNode.Entry(e.key(), e.keyLocation(), resolved));
    }
    return new YNode.Map(out, services.location(), services.tag());
  }

  private YNode.Map resolveExtends(String name, YNode.Map services, Path file, Map<String, String> vars, List<String> chain) {
    String key = file + "#" + name;
    YNode.Map svc = (YNode.Map) services.get(name);
    YNode ext = svc.get("extends");
    if (ext == null) return svc;
    if (chain.contains(key)) {
      List<String> names = new ArrayList<>();
      for (String c : chain.subList(chain.indexOf(key), chain.size())) names.add(c.substring(c.lastIndexOf('#') + 1));
      names.add(name);
      throw UserError.input(ext.location(), "extends cycle: " + String.join(" -> ", names) + " (remove one of these extends)");
    }
    List<String> next = new ArrayList<>(chain);
    next.add(key);
    String baseName;
    String otherFile = null;
    if (ext instanceof YNode.Scalar s) {
      baseName = s.value();
    } else if (ext instanceof YNode.Map m) {
      baseName = ServiceNormalizer.text(m.get("service"));
      otherFile = ServiceNormalizer.text(m.get("file"));
      if (baseName == null) throw UserError.input(ext.location(), "extends needs 'service' (the service to extend)");
    } else {
      throw UserError.input(ext.location(), "extends must be a service name or {service, file}");
    }
    YNode.Map base;
    if (otherFile != null) {
      Path other = file.getParent().resolve(otherFile).normalize();
      if (!Files.isRegularFile(other)) throw UserError.input(ext.location(), "extends file " + other + " not found");
      files.add(other);
      YNode.Map otherTree = parseInterpolated(other, vars);
      if (!(otherTree.get("services") instanceof YNode.Map os) || !(os.get(baseName) instanceof YNode.Map)) {
        throw UserError.input(ext.location(), "extends: no service '" + baseName + "' in " + other);
      }
      YNode.Map rebased = Paths.rebaseServices(os, projectDirFor(other), other.getParent());
      base = resolveExtends(baseName, rebased, other, vars, next);
    } else {
      if (!(services.get(baseName) instanceof YNode.Map)) throw UserError.input(ext.location(), "extends: no service '" + baseName + "' in this file");
      base = resolveExtends(baseName, services, file, vars, next);
    }
    return ComposeMerge.mergeService(base.without("extends"), svc.without("extends"));
  }

  private Path projectDirFor(Path otherFile) {
    return otherFile.getParent();
  }

  private YNode.Map applyInclude(YNode.Map tree, Path file, Map<String, String> vars, Deque<Path> chain) {
    YNode inc = tree.get("include");
    List<YNode> items = inc instanceof YNode.Seq q ? q.items() : List.of(inc);
    chain.push(file);
    YNode.Map result = tree.without("include");
    for (YNode item : items) {
      List<String> paths = new ArrayList<>();
      String projectDirRaw = null;
      List<String> envFiles = new ArrayList<>();
      if (item instanceof YNode.Scalar s && !s.isNull()) {
        paths.add(s.value());
      } else if (item instanceof YNode.Map m) {
        paths.addAll(ServiceNormalizer.stringList(m.get("path")));
        projectDirRaw = ServiceNormalizer.text(m.get("project_directory"));
        envFiles.addAll(ServiceNormalizer.stringList(m.get("env_file")));
      }
      if (paths.isEmpty()) throw UserError.input(item.location(), "include needs a path to a compose file");
      Path dir = file.getParent();
      List<Path> incFiles = new ArrayList<>();
      for (String p : paths) {
        Path f = dir.resolve(p).normalize();
        if (!Files.exists(f)) throw UserError.input(item.location(), "included file " + f + " not found (fix the path or remove the include)");
        if (Files.isDirectory(f)) throw UserError.input(item.location(), "included path " + f + " is a directory; name the compose file");
        if (chain.contains(f)) throw UserError.input(item.location(), "include cycle: " + f + " includes itself (directly or indirectly)");
        incFiles.add(f);
      }
      Path incDir = projectDirRaw != null ? dir.resolve(projectDirRaw).normalize() : incFiles.get(0).getParent();
      Map<String, String> incVars = new LinkedHashMap<>(vars);
      List<Path> envs = new ArrayList<>();
      if (envFiles.isEmpty()) envs.add(incDir.resolve(".env"));
      else for (String e : envFiles) envs.add(dir.resolve(e).normalize());
      for (Path e : envs) {
        if (!Files.isRegularFile(e)) {
          if (!envFiles.isEmpty()) throw UserError.input(item.location(), "include env_file " + e + " not found");
          continue;
        }
        incVars.putAll(EnvFileParser.values(EnvFileParser.parse(e, incVars, warnings)));
      }
      incVars.putAll(shell);
      YNode.Map incTree = null;
      for (Path f : incFiles) {
        YNode.Map t = loadFile(f, incDir, incVars, chain);
        incTree = incTree == null ? t : ComposeMerge.mergeFiles(incTree, t);
      }
      incTree = (YNode.Map) ComposeMerge.stripResets(incTree);
      result = mergeIncluded(result, incTree, item);
    }
    chain.pop();
    return result;
  }

  /** Included resources join the project; one defined on both sides is a conflict, as in Docker. */
  private static YNode.Map mergeIncluded(YNode.Map tree, YNode.Map inc, YNode at) {
    YNode.Map out = tree;
    for (String section : List.of("services", "networks", "volumes", "secrets", "configs")) {
      if (!(inc.get(section) instanceof YNode.Map im)) continue;
      YNode.Map mine = out.get(section) instanceof YNode.Map m ? m : new YNode.Map(Map.of(), im.location(), null);
      LinkedHashMap<String, YNode.Entry> merged = new LinkedHashMap<>(im.entries());
      for (YNode.Entry e : mine.entries().values()) {
        if (merged.containsKey(e.key()) && section.equals("services")) {
          throw UserError.input(
              e.keyLocation(), "service '" + e.key() + "' is also defined by the included file at " + merged.get(e.key()).keyLocation() + "; rename one, or override it in a separate -f file");
        }
        merged.put(e.key(), e);
      }
      out = out.with(section, new YNode.Map(merged, mine.location(), null));
    }
    return out;
  }

  // ---- project-level pieces

  /**
   * The project name as Docker Compose chooses it: {@code -p}, then COMPOSE_PROJECT_NAME, then
   * {@code name:}, then the project directory's name. An explicit name must already be valid; a
   * directory name is normalized (lower-cased, other characters dropped).
   */
  private String projectName(YNode.Map root, Map<String, String> vars) {
    String n = options.projectName();
    SourceLocation at = SourceLocation.UNKNOWN;
    String source = "-p";
    if (n == null || n.isBlank()) {
      n = vars.get("COMPOSE_PROJECT_NAME");
      source = "COMPOSE_PROJECT_NAME";
    }
    if ((n == null || n.isBlank()) && root.get("name") != null) {
      n = ServiceNormalizer.text(root.get("name"));
      at = root.get("name").location();
      source = "name";
    }
    if (n != null && !n.isBlank()) {
      if (!VALID_PROJECT_NAME.matcher(n).matches()) {
        throw UserError.input(
            at, "invalid project name '" + n + "' (from " + source + "): use lowercase letters, digits, '-' and '_', starting with a letter or digit");
      }
      return n;
    }
    String dir = projectDir.getFileName() == null ? "" : projectDir.getFileName().toString();
    String norm = dir.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "").replaceAll("^[^a-z0-9]+", "");
    return norm.isEmpty() ? "default" : norm;
  }

  private static final java.util.regex.Pattern VALID_PROJECT_NAME = java.util.regex.Pattern.compile("^[a-z0-9][a-z0-9_-]*$");

  private static Map<String, NetworkDef> networks(YNode n) {
    Map<String, NetworkDef> out = new LinkedHashMap<>();
    if (n instanceof YNode.Map m) {
      for (YNode.Entry e : m.entries().values()) {
        YNode.Map d = e.value() instanceof YNode.Map dm ? dm : null;
        out.put(e.key(), new NetworkDef(
            d == null || ServiceNormalizer.text(d.get("name")) == null ? e.key() : ServiceNormalizer.text(d.get("name")),
            d == null ? null : ServiceNormalizer.text(d.get("driver")),
            d != null && external(d.get("external")),
            e.keyLocation()));
      }
    }
    return out;
  }

  private static Map<String, VolumeDef> volumes(YNode n) {
    Map<String, VolumeDef> out = new LinkedHashMap<>();
    if (n instanceof YNode.Map m) {
      for (YNode.Entry e : m.entries().values()) {
        YNode.Map d = e.value() instanceof YNode.Map dm ? dm : null;
        out.put(e.key(), new VolumeDef(
            d == null || ServiceNormalizer.text(d.get("name")) == null ? e.key() : ServiceNormalizer.text(d.get("name")),
            d == null ? null : ServiceNormalizer.text(d.get("driver")),
            d != null && external(d.get("external")),
            e.keyLocation()));
      }
    }
    return out;
  }

  private static boolean external(YNode n) {
    return n instanceof YNode.Map || ServiceNormalizer.bool(n);
  }

  private static Map<String, Object> plainMap(YNode n) {
    if (!(n instanceof YNode.Map m)) return Map.of();
    return YamlReader.plainMap(m);
  }

  /** The project's {@code flotilla.yml} (or {@code flotilla.yaml}) beside the compose file, if any. */
  private static YNode.Map settingsFile(Path projectDir) {
    for (String name : List.of("flotilla.yml", "flotilla.yaml")) {
      Path f = projectDir.resolve(name);
      if (!Files.isRegularFile(f)) continue;
      List<YNode> docs = YamlReader.readFile(f);
      if (docs.isEmpty() || docs.get(0) == null) return null;
      if (!(docs.get(0) instanceof YNode.Map m)) throw UserError.input(SourceLocation.of(f, 1), "flotilla.yml must be a mapping (keys like ignore:, ports:, phases:)");
      return m;
    }
    return null;
  }

  /**
   * {@code x-flotilla} merged with {@code flotilla.yml}: a key in {@code x-flotilla} wins, except
   * {@code ignore}, whose lists are joined.
   */
  private static ProjectSettings projectSettings(YNode n, YNode.Map file) {
    if (file != null) {
      java.util.Map<String, YNode.Entry> merged = new LinkedHashMap<>(file.entries());
      if (n instanceof YNode.Map x) {
        for (YNode.Entry e : x.entries().values()) {
          YNode.Entry before = merged.get(e.key());
          if (e.key().equals("ignore") && before != null && before.value() instanceof YNode.Seq a && e.value() instanceof YNode.Seq b) {
            List<YNode> items = new ArrayList<>(a.items());
            items.addAll(b.items());
            merged.put(e.key(), new YNode.Entry(e.key(), e.keyLocation(), new YNode.Seq(List.copyOf(items), b.location(), b.tag())));
          } else {
            merged.put(e.key(), e);
          }
        }
      }
      n = new YNode.Map(merged, n instanceof YNode.Map x ? x.location() : file.location(), null);
    }
    if (!(n instanceof YNode.Map m)) return ProjectSettings.NONE;
    List<List<String>> phases = new ArrayList<>();
    SourceLocation phasesAt = SourceLocation.UNKNOWN;
    if (m.get("phases") instanceof YNode.Seq q) {
      phasesAt = q.location();
      for (YNode p : q.items()) phases.add(List.copyOf(ServiceNormalizer.stringList(p)));
    }
    PortRange range = null;
    if (m.get("ports") instanceof YNode.Map pm && ServiceNormalizer.text(pm.get("range")) != null) {
      String r = ServiceNormalizer.text(pm.get("range"));
      String[] ab = r.split("-");
      try {
        int a = Integer.parseInt(ab[0].trim());
        int b = ab.length > 1 ? Integer.parseInt(ab[1].trim()) : a;
        range = new PortRange(a, b, pm.get("range").location());
      } catch (NumberFormatException e) {
        throw UserError.input(pm.get("range").location(), "x-flotilla.ports.range: write FROM-TO, e.g. 9000-9099 (got '" + r + "')");
      }
    }
    Map<String, SourceLocation> at = new LinkedHashMap<>();
    for (YNode.Entry e : m.entries().values()) at.put(e.key(), e.keyLocation());
    return new ProjectSettings(List.copyOf(phases), phasesAt, range, YamlReader.plainMap(m), at);
  }
}
