package dev.flotilla.load.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.model.Manifest;
import dev.flotilla.model.ManifestProblem;
import dev.flotilla.model.Requirement;
import dev.flotilla.model.SourceLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads dependency manifests: requirements files (pip's format: {@code -r}/{@code -c} includes,
 * {@code -e}, extras, version specifiers, environment markers, URLs and paths, options, hashes,
 * line continuations), {@code pyproject.toml} (PEP 621 and Poetry), {@code setup.cfg},
 * {@code Pipfile} and {@code package.json}. Unresolved merge-conflict markers, paths on the
 * writer's machine and syntax errors become {@link ManifestProblem}s, never exceptions.
 */
public final class ManifestParser {

  private static final Pattern CONFLICT = Pattern.compile("^(<{7}|={7}|>{7})(\\s.*)?$");
  /** Compiled once: requirement files are read for every service of a project. */
  private static final Pattern LINES = Pattern.compile("\r?\n");
  private static final Pattern OPTION_VALUE = Pattern.compile("\\s+|=");
  private static final Pattern REQ_OPTION = Pattern.compile("\\s--[a-z-]+(=\\S+|\\s+\\S+)?");
  private static final Pattern URL_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");
  private static final Pattern WINDOWS_PATH = Pattern.compile("^[A-Za-z]:[\\\\/].*");
  private static final Pattern WINDOWS_PATH_SLASH = Pattern.compile("^/?[A-Za-z]:[\\\\/].*");
  private static final Pattern VERSION_SPEC =
      Pattern.compile("^\\s*(===|==|!=|~=|<=|>=|<|>)\\s*[A-Za-z0-9.*+!_-]+(\\s*,\\s*(===|==|!=|~=|<=|>=|<|>)\\s*[A-Za-z0-9.*+!_-]+)*\\s*$");
  private static final Pattern PEP508 = Pattern.compile(
      "^([A-Za-z0-9][A-Za-z0-9._-]*)\\s*(\\[[^\\]]*\\])?\\s*(.*)$");
  private static final ObjectMapper JSON = new ObjectMapper();

  private ManifestParser() {}

  /** True for file names this parser reads. */
  public static boolean isManifest(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    return (n.startsWith("requirements") && n.endsWith(".txt")) || n.equals("pyproject.toml") || n.equals("setup.cfg")
        || n.equals("pipfile") || n.equals("package.json") || (n.endsWith(".txt") && n.contains("requirements"));
  }

  public static Manifest parse(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | java.io.UncheckedIOException e) {
      try {
        text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      } catch (IOException e2) {
        return new Manifest(file, kind(file), ecosystem(file), List.of(),
            List.of(new ManifestProblem(ManifestProblem.Kind.SYNTAX, "cannot be read: " + e2.getMessage(), SourceLocation.of(file, 1))),
            List.of(), Map.of(), Map.of());
      }
    }
    return parse(file, text);
  }

  public static Manifest parse(Path file, String text) {
    String kind = kind(file);
    List<ManifestProblem> problems = new ArrayList<>();
    String[] lines = LINES.split(text, -1);
    boolean conflicts = false;
    for (int i = 0; i < lines.length; i++) {
      Matcher m = CONFLICT.matcher(lines[i]);
      if (m.matches()) {
        conflicts = true;
        problems.add(new ManifestProblem(ManifestProblem.Kind.CONFLICT_MARKER,
            "unresolved merge-conflict marker '" + m.group(1) + "'", SourceLocation.of(file, i + 1)));
      }
    }
    return switch (kind) {
      case "requirements" -> requirements(file, text, problems, new ArrayList<>());
      case "pyproject" -> pyproject(file, text, problems, conflicts);
      case "pipfile" -> pipfile(file, text, problems, conflicts);
      case "setup.cfg" -> setupCfg(file, text, problems);
      case "package.json" -> packageJson(file, text, problems, conflicts);
      default -> new Manifest(file, kind, ecosystem(file), List.of(), problems, List.of(), Map.of(), Map.of());
    };
  }

  static String kind(Path file) {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (n.equals("pyproject.toml")) return "pyproject";
    if (n.equals("pipfile")) return "pipfile";
    if (n.equals("setup.cfg")) return "setup.cfg";
    if (n.equals("package.json")) return "package.json";
    return "requirements";
  }

  static String ecosystem(Path file) {
    return kind(file).equals("package.json") ? "node" : "python";
  }

  // ---------------------------------------------------------------- requirements.txt

  private static Manifest requirements(Path file, String text, List<ManifestProblem> problems, List<Path> seen) {
    List<Requirement> reqs = new ArrayList<>();
    List<Path> includes = new ArrayList<>();
    seen.add(file.toAbsolutePath().normalize());
    String[] raw = LINES.split(text, -1);
    for (int i = 0; i < raw.length; i++) {
      int lineNo = i + 1;
      StringBuilder sb = new StringBuilder(raw[i]);
      while (sb.length() > 0 && sb.charAt(sb.length() - 1) == '\\' && i + 1 < raw.length) {
        sb.setLength(sb.length() - 1);
        sb.append(raw[++i]);
      }
      String line = stripComment(sb.toString()).strip();
      if (line.isEmpty() || CONFLICT.matcher(raw[lineNo - 1]).matches()) continue;
      SourceLocation at = SourceLocation.of(file, lineNo);
      if (line.startsWith("-")) {
        String[] parts = OPTION_VALUE.split(line, 2);
        String opt = parts[0];
        String arg = parts.length > 1 ? parts[1].strip() : "";
        if (opt.startsWith("-r") && opt.length() > 2) arg = opt.substring(2);
        if (opt.startsWith("-e") && opt.length() > 2) arg = opt.substring(2);
        switch (opt.startsWith("-r") ? "-r" : opt.startsWith("-e") && !opt.startsWith("--") ? "-e" : opt) {
          case "-r", "--requirement" -> {
            Path inc = file.resolveSibling(arg).normalize();
            includes.add(inc);
            if (!Files.isRegularFile(inc)) {
              problems.add(new ManifestProblem(ManifestProblem.Kind.MISSING_INCLUDE,
                  "includes '" + arg + "', which does not exist", at));
            } else if (!seen.contains(inc.toAbsolutePath().normalize())) {
              try {
                String incText = Files.readString(inc, StandardCharsets.UTF_8);
                List<ManifestProblem> incProblems = new ArrayList<>();
                for (String[] ln = LINES.split(incText, -1); ; ) {
                  for (int k = 0; k < ln.length; k++) {
                    Matcher m = CONFLICT.matcher(ln[k]);
                    if (m.matches()) incProblems.add(new ManifestProblem(ManifestProblem.Kind.CONFLICT_MARKER,
                        "unresolved merge-conflict marker '" + m.group(1) + "'", SourceLocation.of(inc, k + 1)));
                  }
                  break;
                }
                Manifest sub = requirements(inc, incText, incProblems, seen);
                reqs.addAll(sub.requirements());
                problems.addAll(sub.problems());
                includes.addAll(sub.includes());
              } catch (IOException e) {
                problems.add(new ManifestProblem(ManifestProblem.Kind.MISSING_INCLUDE, "includes '" + arg + "', which cannot be read", at));
              }
            }
          }
          case "-c", "--constraint", "-i", "--index-url", "--extra-index-url", "-f", "--find-links", "--trusted-host",
              "--no-binary", "--only-binary", "--pre", "--prefer-binary", "--require-hashes", "--no-index", "--use-feature",
              "--config-settings", "--global-option" -> {
            if ((opt.equals("-f") || opt.equals("--find-links")) && localPath(arg) != null) {
              problems.add(new ManifestProblem(ManifestProblem.Kind.LOCAL_PATH,
                  "--find-links '" + arg + "' " + localPath(arg), at));
            }
          }
          case "-e", "--editable" -> reqs.add(urlOrPath(arg, true, at, problems));
          default -> problems.add(new ManifestProblem(ManifestProblem.Kind.SYNTAX, "unknown option '" + opt + "'", at));
        }
        continue;
      }
      // drop per-requirement options (--hash=…)
      String req = REQ_OPTION.matcher(line).replaceAll("").strip();
      if (looksLikeUrlOrPath(req)) {
        reqs.add(urlOrPath(req, false, at, problems));
        continue;
      }
      Requirement r = pep508(req, at, false);
      if (r == null) {
        problems.add(new ManifestProblem(ManifestProblem.Kind.SYNTAX, "'" + req + "' is not a requirement pip understands", at));
      } else {
        if (r.source() != null && localPath(r.source()) != null) {
          problems.add(new ManifestProblem(ManifestProblem.Kind.LOCAL_PATH, r.name() + " @ " + r.source() + " " + localPath(r.source()), at));
        }
        reqs.add(r);
      }
    }
    return new Manifest(file, "requirements", "python", List.copyOf(reqs), List.copyOf(problems), List.copyOf(includes), Map.of(), Map.of());
  }

  private static String stripComment(String line) {
    int i = line.indexOf('#');
    while (i >= 0) {
      if (i == 0 || Character.isWhitespace(line.charAt(i - 1))) return line.substring(0, i);
      i = line.indexOf('#', i + 1);
    }
    return line;
  }

  private static boolean looksLikeUrlOrPath(String s) {
    return s.startsWith(".") || s.startsWith("/") || s.startsWith("~") || URL_SCHEME.matcher(s).matches()
        || WINDOWS_PATH.matcher(s).matches() || s.startsWith("file:");
  }

  private static Requirement urlOrPath(String arg, boolean editable, SourceLocation at, List<ManifestProblem> problems) {
    String a = arg.strip();
    String name = null;
    Matcher egg = Pattern.compile("#egg=([A-Za-z0-9._-]+)").matcher(a);
    if (egg.find()) name = egg.group(1);
    Matcher at508 = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9._-]*)(\\[[^\\]]*\\])?\\s*@\\s*(\\S+)").matcher(a);
    List<String> extras = List.of();
    if (at508.find()) {
      name = at508.group(1);
      extras = extras(at508.group(2));
      a = at508.group(3);
    }
    if (name == null) {
      String p = a.replaceAll("[#?].*$", "").replaceAll("/+$", "");
      int slash = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
      name = slash >= 0 ? p.substring(slash + 1) : p;
      name = name.replaceAll("\\.git$", "").replaceAll("(-[0-9][^-]*)?(-py.*)?\\.(whl|tar\\.gz|zip)$", "");
      int b = name.indexOf('[');
      if (b >= 0) {
        extras = extras(name.substring(b));
        name = name.substring(0, b);
      }
      if (name.equals(".") || name.isEmpty()) name = null;
    }
    String local = localPath(a);
    if (local != null) {
      problems.add(new ManifestProblem(ManifestProblem.Kind.LOCAL_PATH, (editable ? "-e " : "") + arg + " " + local, at));
    }
    String key = name == null ? "" : Knowledge.normalize(name);
    return new Requirement(name == null ? a : name, key, extras, null, null, a, editable, false, at);
  }

  /** Why a path or file: URL cannot be installed inside a build, or null when it can. */
  static String localPath(String s) {
    if (s == null) return null;
    String p = s.strip();
    if (p.startsWith("git+") || p.startsWith("http://") || p.startsWith("https://")) return null;
    if (p.startsWith("file:")) {
      String path = p.replaceFirst("^file:(//)?", "");
      if (path.startsWith("/Users/") || path.startsWith("/home/") || path.startsWith("/root/") || path.startsWith("/Volumes/")
          || path.startsWith("/tmp/") || path.startsWith("/mnt/") || WINDOWS_PATH_SLASH.matcher(path).matches() || path.startsWith("~")) {
        return "points at a path on the machine that wrote it; the build has no such path";
      }
      if (path.startsWith("..")) return "points outside the directory the build sees";
      return null;
    }
    if (p.startsWith("..")) return "points outside the directory the build sees";
    if (p.startsWith("~") || p.startsWith("/Users/") || p.startsWith("/home/") || p.startsWith("/Volumes/")
        || WINDOWS_PATH.matcher(p).matches()) {
      return "points at a path on the machine that wrote it; the build has no such path";
    }
    return null;
  }

  private static List<String> extras(String group) {
    if (group == null || group.isBlank()) return List.of();
    List<String> out = new ArrayList<>();
    for (String e : group.replaceAll("[\\[\\]]", "").split(",")) if (!e.isBlank()) out.add(e.strip());
    return List.copyOf(out);
  }

  /** One PEP 508 requirement, or null when it is not one. */
  static Requirement pep508(String text, SourceLocation at, boolean dev) {
    String s = text.strip();
    String marker = null;
    int semi = s.indexOf(';');
    if (semi >= 0) {
      marker = s.substring(semi + 1).strip();
      s = s.substring(0, semi).strip();
    }
    Matcher m = PEP508.matcher(s);
    if (!m.matches()) return null;
    String name = m.group(1);
    List<String> extras = extras(m.group(2));
    String rest = m.group(3).strip();
    String source = null;
    String spec = null;
    if (rest.startsWith("@")) {
      source = rest.substring(1).strip();
    } else if (!rest.isEmpty()) {
      String r = rest.startsWith("(") && rest.endsWith(")") ? rest.substring(1, rest.length() - 1) : rest;
      if (!VERSION_SPEC.matcher(r).matches()) {
        return null;
      }
      spec = r.strip();
    }
    return new Requirement(name, Knowledge.normalize(name), extras, spec, marker, source, false, dev, at);
  }

  // ---------------------------------------------------------------- pyproject / Pipfile / setup.cfg

  @SuppressWarnings("unchecked")
  private static Manifest pyproject(Path file, String text, List<ManifestProblem> problems, boolean conflicts) {
    Map<String, TomlReader.Val> doc;
    try {
      doc = TomlReader.parse(text);
    } catch (IllegalArgumentException e) {
      if (!conflicts) problems.add(syntax(file, "is not valid TOML: ", e));
      return new Manifest(file, "pyproject", "python", List.of(), problems, List.of(), Map.of(), Map.of());
    }
    List<Requirement> reqs = new ArrayList<>();
    Map<String, String> scripts = new LinkedHashMap<>();
    Map<String, TomlReader.Val> project = table(doc, "project");
    if (project != null) {
      for (TomlReader.Val v : list(project.get("dependencies"))) addPep508(file, v, false, reqs, problems);
      Map<String, TomlReader.Val> opt = table(project, "optional-dependencies");
      if (opt != null) for (TomlReader.Val g : opt.values()) for (TomlReader.Val v : list(g)) addPep508(file, v, true, reqs, problems);
      Map<String, TomlReader.Val> sc = table(project, "scripts");
      if (sc != null) sc.forEach((k, v) -> scripts.put(k, String.valueOf(v.value())));
    }
    Map<String, TomlReader.Val> dg = table(doc, "dependency-groups");
    if (dg != null) for (TomlReader.Val g : dg.values()) for (TomlReader.Val v : list(g)) {
      if (v.value() instanceof String) addPep508(file, v, true, reqs, problems);
    }
    Map<String, TomlReader.Val> poetry = table(table(doc, "tool"), "poetry");
    if (poetry != null) {
      poetryDeps(file, table(poetry, "dependencies"), false, reqs, problems);
      poetryDeps(file, table(poetry, "dev-dependencies"), true, reqs, problems);
      Map<String, TomlReader.Val> groups = table(poetry, "group");
      if (groups != null) for (TomlReader.Val g : groups.values()) {
        if (g.value() instanceof Map) poetryDeps(file, table((Map<String, TomlReader.Val>) g.value(), "dependencies"), true, reqs, problems);
      }
      Map<String, TomlReader.Val> sc = table(poetry, "scripts");
      if (sc != null) sc.forEach((k, v) -> scripts.put(k, String.valueOf(v.value())));
    }
    return new Manifest(file, "pyproject", "python", List.copyOf(reqs), List.copyOf(problems), List.of(), Map.copyOf(scripts), Map.copyOf(scripts));
  }

  private static Manifest pipfile(Path file, String text, List<ManifestProblem> problems, boolean conflicts) {
    Map<String, TomlReader.Val> doc;
    try {
      doc = TomlReader.parse(text);
    } catch (IllegalArgumentException e) {
      if (!conflicts) problems.add(syntax(file, "is not valid TOML: ", e));
      return new Manifest(file, "pipfile", "python", List.of(), problems, List.of(), Map.of(), Map.of());
    }
    List<Requirement> reqs = new ArrayList<>();
    poetryDeps(file, table(doc, "packages"), false, reqs, problems);
    poetryDeps(file, table(doc, "dev-packages"), true, reqs, problems);
    Map<String, String> scripts = new LinkedHashMap<>();
    Map<String, TomlReader.Val> sc = table(doc, "scripts");
    if (sc != null) sc.forEach((k, v) -> scripts.put(k, String.valueOf(v.value())));
    return new Manifest(file, "pipfile", "python", List.copyOf(reqs), List.copyOf(problems), List.of(), Map.copyOf(scripts), Map.of());
  }

  @SuppressWarnings("unchecked")
  private static void poetryDeps(Path file, Map<String, TomlReader.Val> deps, boolean dev, List<Requirement> out, List<ManifestProblem> problems) {
    if (deps == null) return;
    for (Map.Entry<String, TomlReader.Val> e : deps.entrySet()) {
      String name = e.getKey();
      if (name.equalsIgnoreCase("python")) continue;
      SourceLocation at = SourceLocation.of(file, e.getValue().line());
      String spec = null;
      String source = null;
      List<String> extras = List.of();
      boolean editable = false;
      if (e.getValue().value() instanceof String s) {
        spec = s;
      } else if (e.getValue().value() instanceof Map<?, ?> m) {
        Map<String, TomlReader.Val> t = (Map<String, TomlReader.Val>) m;
        if (t.get("version") != null) spec = String.valueOf(t.get("version").value());
        for (String k : List.of("path", "file", "git", "url")) if (t.get(k) != null) source = String.valueOf(t.get(k).value());
        if (t.get("develop") != null && Boolean.TRUE.equals(t.get("develop").value())) editable = true;
        if (t.get("editable") != null && Boolean.TRUE.equals(t.get("editable").value())) editable = true;
        if (t.get("extras") != null) extras = list(t.get("extras")).stream().map(v -> String.valueOf(v.value())).toList();
      } else if (e.getValue().value() instanceof List<?>) {
        spec = "(several)";
      }
      if (source != null && localPath(source) != null) {
        problems.add(new ManifestProblem(ManifestProblem.Kind.LOCAL_PATH, name + " = { path = \"" + source + "\" } " + localPath(source), at));
      }
      out.add(new Requirement(name, Knowledge.normalize(name), extras, spec, null, source, editable, dev, at));
    }
  }

  private static void addPep508(Path file, TomlReader.Val v, boolean dev, List<Requirement> out, List<ManifestProblem> problems) {
    SourceLocation at = SourceLocation.of(file, v.line());
    String s = String.valueOf(v.value());
    Requirement r = pep508(s, at, dev);
    if (r == null) {
      problems.add(new ManifestProblem(ManifestProblem.Kind.SYNTAX, "'" + s + "' is not a PEP 508 requirement", at));
      return;
    }
    if (r.source() != null && localPath(r.source()) != null) {
      problems.add(new ManifestProblem(ManifestProblem.Kind.LOCAL_PATH, s + " " + localPath(r.source()), at));
    }
    out.add(r);
  }

  private static Manifest setupCfg(Path file, String text, List<ManifestProblem> problems) {
    List<Requirement> reqs = new ArrayList<>();
    Map<String, String> scripts = new LinkedHashMap<>();
    String section = "";
    String key = null;
    String[] lines = LINES.split(text, -1);
    for (int i = 0; i < lines.length; i++) {
      String raw = lines[i];
      String l = raw.strip();
      if (l.isEmpty() || l.startsWith("#") || l.startsWith(";") || CONFLICT.matcher(raw).matches()) continue;
      SourceLocation at = SourceLocation.of(file, i + 1);
      if (l.startsWith("[") && l.endsWith("]")) {
        section = l.substring(1, l.length() - 1).strip();
        key = null;
        continue;
      }
      boolean continuation = Character.isWhitespace(raw.charAt(0));
      String value;
      if (!continuation) {
        int eq = l.indexOf('=');
        if (eq < 0) eq = l.indexOf(':');
        if (eq < 0) {
          problems.add(new ManifestProblem(ManifestProblem.Kind.SYNTAX, "'" + l + "' is neither a section nor key = value", at));
          continue;
        }
        key = l.substring(0, eq).strip();
        value = l.substring(eq + 1).strip();
      } else {
        value = l;
      }
      if (value.isEmpty() || key == null) continue;
      boolean installs = section.equals("options") && (key.equals("install_requires") || key.equals("setup_requires"));
      boolean extras = section.equals("options.extras_require");
      if (installs || extras) {
        for (String part : value.split(installs && !continuation ? ";(?=\\s*[A-Za-z])" : "\n")) {
          Requirement r = pep508(part, at, extras);
          if (r == null) problems.add(new ManifestProblem(ManifestProblem.Kind.SYNTAX, "'" + part + "' is not a PEP 508 requirement", at));
          else out(reqs, r, problems);
        }
      } else if (section.equals("options.entry_points") && key.equals("console_scripts")) {
        int eq = value.indexOf('=');
        if (eq > 0) scripts.put(value.substring(0, eq).strip(), value.substring(eq + 1).strip());
      }
    }
    return new Manifest(file, "setup.cfg", "python", List.copyOf(reqs), List.copyOf(problems), List.of(), Map.copyOf(scripts), Map.copyOf(scripts));
  }

  private static void out(List<Requirement> reqs, Requirement r, List<ManifestProblem> problems) {
    if (r.source() != null && localPath(r.source()) != null) {
      problems.add(new ManifestProblem(ManifestProblem.Kind.LOCAL_PATH, r.name() + " @ " + r.source() + " " + localPath(r.source()), r.location()));
    }
    reqs.add(r);
  }

  // ---------------------------------------------------------------- package.json

  private static Manifest packageJson(Path file, String text, List<ManifestProblem> problems, boolean conflicts) {
    JsonNode root;
    Map<String, Integer> lines = new HashMap<>();
    try {
      root = JSON.readTree(text);
      try (JsonParser p = new JsonFactory().createParser(text)) {
        Deque<String> path = new ArrayDeque<>();
        String field = null;
        for (JsonToken tok; (tok = p.nextToken()) != null; ) {
          if (tok == JsonToken.FIELD_NAME) {
            field = p.currentName();
            lines.put(String.join(".", path) + (path.isEmpty() ? "" : ".") + field, p.currentLocation().getLineNr());
          } else if (tok == JsonToken.START_OBJECT || tok == JsonToken.START_ARRAY) {
            path.addLast(field == null ? "" : field);
            field = null;
          } else if (tok == JsonToken.END_OBJECT || tok == JsonToken.END_ARRAY) {
            if (!path.isEmpty()) path.removeLast();
          }
        }
      }
    } catch (IOException e) {
      if (!conflicts) {
        int l = e instanceof com.fasterxml.jackson.core.JsonProcessingException jp && jp.getLocation() != null ? jp.getLocation().getLineNr() : 1;
        String msg = e.getMessage() == null ? "" : e.getMessage().split("\n")[0];
        problems.add(new ManifestProblem(ManifestProblem.Kind.SYNTAX, "is not valid JSON: " + msg, SourceLocation.of(file, Math.max(1, l))));
      }
      return new Manifest(file, "package.json", "node", List.of(), problems, List.of(), Map.of(), Map.of());
    }
    if (root == null || !root.isObject()) {
      problems.add(new ManifestProblem(ManifestProblem.Kind.SYNTAX, "is not a JSON object", SourceLocation.of(file, 1)));
      return new Manifest(file, "package.json", "node", List.of(), problems, List.of(), Map.of(), Map.of());
    }
    List<Requirement> reqs = new ArrayList<>();
    for (String section : List.of("dependencies", "devDependencies", "optionalDependencies")) {
      JsonNode deps = root.get(section);
      if (deps == null || !deps.isObject()) continue;
      deps.fields().forEachRemaining(e -> {
        String spec = e.getValue().asText();
        SourceLocation at = SourceLocation.of(file, lines.getOrDefault("." + section + "." + e.getKey(),
            lines.getOrDefault(section + "." + e.getKey(), 1)));
        String source = null;
        if (spec.startsWith("file:") || spec.startsWith("link:") || spec.startsWith(".") || spec.startsWith("/") || spec.startsWith("~")) {
          source = spec.replaceFirst("^(file|link):", "");
          String why = localPath(source.startsWith("/") && spec.startsWith("file:") ? "file://" + source : source);
          if (why != null) problems.add(new ManifestProblem(ManifestProblem.Kind.LOCAL_PATH, "\"" + e.getKey() + "\": \"" + spec + "\" " + why, at));
        }
        reqs.add(new Requirement(e.getKey(), e.getKey(), List.of(), spec, null, source, false, !section.equals("dependencies"), at));
      });
    }
    Map<String, String> scripts = new LinkedHashMap<>();
    JsonNode sc = root.get("scripts");
    if (sc != null && sc.isObject()) sc.fields().forEachRemaining(e -> scripts.put(e.getKey(), e.getValue().asText()));
    Map<String, String> bins = new LinkedHashMap<>();
    JsonNode bin = root.get("bin");
    String name = root.path("name").asText("");
    if (bin != null && bin.isTextual()) bins.put(name.contains("/") ? name.substring(name.indexOf('/') + 1) : name, bin.asText());
    if (bin != null && bin.isObject()) bin.fields().forEachRemaining(e -> bins.put(e.getKey(), e.getValue().asText()));
    JsonNode main = root.get("main");
    if (main != null && main.isTextual()) scripts.putIfAbsent("(main)", main.asText());
    return new Manifest(file, "package.json", "node", List.copyOf(reqs), List.copyOf(problems), List.of(), Map.copyOf(scripts), Map.copyOf(bins));
  }

  private static ManifestProblem syntax(Path file, String what, IllegalArgumentException e) {
    String msg = e.getMessage() == null ? "" : e.getMessage();
    int line = 1;
    Matcher m = Pattern.compile("^line (\\d+): (.*)$").matcher(msg);
    if (m.matches()) {
      line = Integer.parseInt(m.group(1));
      msg = m.group(2);
    }
    return new ManifestProblem(ManifestProblem.Kind.SYNTAX, what + msg, SourceLocation.of(file, line));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, TomlReader.Val> table(Map<String, TomlReader.Val> m, String key) {
    if (m == null) return null;
    TomlReader.Val v = m.get(key);
    return v != null && v.value() instanceof Map ? (Map<String, TomlReader.Val>) v.value() : null;
  }

  @SuppressWarnings("unchecked")
  private static List<TomlReader.Val> list(TomlReader.Val v) {
    return v != null && v.value() instanceof List ? (List<TomlReader.Val>) v.value() : List.of();
  }

  static final Set<String> UNUSED = Set.of();
}
