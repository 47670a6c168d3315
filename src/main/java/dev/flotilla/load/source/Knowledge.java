package dev.flotilla.load.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Knowledge about libraries that changes faster than code: the data files under
 * {@code src/main/resources/flotilla/} (the Python standard library, builtins, names libraries do
 * not export, packages that need a compiler, executables packages install, import names that
 * differ from distribution names). Read once.
 */
public final class Knowledge {

  /** A name a library does not export: {@code from module import name} fails. */
  public record BadImport(String module, String name, String instead, String why) {}

  /** A package whose install compiles code on the images matching {@code imagePatterns}. */
  public record CompiledPackage(String ecosystem, String name, String needs, List<String> imagePatterns) {}

  /** An executable and the packages that install it ({@code base} when the base image does). */
  public record Executable(String name, String ecosystem, List<String> packages) {
    public boolean fromBaseImage() {
      return ecosystem.equals("base");
    }
  }

  private static final Set<String> STDLIB = Set.copyOf(lines("python-stdlib.txt"));
  private static final Set<String> BUILTINS = Set.copyOf(lines("python-builtins.txt"));
  private static final Set<String> NODE_BUILTINS = Set.copyOf(lines("node-builtins.txt"));
  private static final List<BadImport> BAD_IMPORTS = readBadImports();
  private static final List<CompiledPackage> COMPILED = readCompiled();
  private static final Map<String, Executable> EXECUTABLES = readExecutables();
  private static final Map<String, List<String>> IMPORT_TO_DIST = new HashMap<>();
  private static final Map<String, List<String>> DIST_BRINGS = new HashMap<>();

  static {
    for (String l : lines("import-names.txt")) {
      if (l.contains(">")) {
        String[] p = l.split(">", 2);
        List<String> imports = new ArrayList<>();
        for (String s : p[1].split(",")) if (!s.isBlank()) imports.add(s.trim());
        DIST_BRINGS.put(normalize(p[0].trim()), List.copyOf(imports));
      } else {
        String[] p = l.split("\\|");
        if (p.length != 2) throw new IllegalStateException("import-names.txt: bad line: " + l);
        List<String> dists = new ArrayList<>();
        for (String s : p[1].split(",")) dists.add(s.trim());
        IMPORT_TO_DIST.put(p[0].trim(), List.copyOf(dists));
      }
    }
  }

  private Knowledge() {}

  public static boolean isStdlib(String topLevelModule) {
    return STDLIB.contains(topLevelModule);
  }

  /** A Node core module: {@code fs}, {@code node:fs}, {@code fs/promises}. */
  public static boolean isNodeBuiltin(String specifier) {
    String s = specifier.startsWith("node:") ? specifier.substring(5) : specifier;
    int slash = s.indexOf('/');
    return specifier.startsWith("node:") || NODE_BUILTINS.contains(slash < 0 ? s : s.substring(0, slash));
  }

  /** The npm package an import specifier names: {@code @scope/name} or the first segment; null for a relative or absolute path. */
  public static String npmPackage(String specifier) {
    if (specifier.isEmpty() || specifier.startsWith(".") || specifier.startsWith("/") || specifier.contains(":")) return null;
    String[] p = specifier.split("/");
    if (specifier.startsWith("@")) return p.length >= 2 ? p[0] + "/" + p[1] : null;
    return p[0];
  }

  public static boolean isBuiltin(String name) {
    return BUILTINS.contains(name);
  }

  public static Set<String> stdlib() {
    return STDLIB;
  }

  public static Optional<BadImport> badImport(String module, String name) {
    return BAD_IMPORTS.stream().filter(b -> b.module().equals(module) && b.name().equals(name)).findFirst();
  }

  public static List<BadImport> badImports() {
    return BAD_IMPORTS;
  }

  public static List<CompiledPackage> compiledPackages() {
    return COMPILED;
  }

  public static Optional<CompiledPackage> compiled(String ecosystem, String key) {
    return COMPILED.stream().filter(c -> c.ecosystem().equals(ecosystem) && normalize(c.name()).equals(key)).findFirst();
  }

  public static Optional<Executable> executable(String name) {
    return Optional.ofNullable(EXECUTABLES.get(name));
  }

  public static Map<String, Executable> executables() {
    return EXECUTABLES;
  }

  /**
   * The distributions that may provide {@code import name} (its top-level module, or a dotted
   * prefix listed in the table such as {@code google.protobuf}), normalized; the import name
   * itself is always a candidate.
   */
  public static Set<String> distributionsFor(String module) {
    Set<String> out = new LinkedHashSet<>();
    String[] parts = module.split("\\.");
    for (int i = parts.length; i >= 1; i--) {
      String prefix = String.join(".", java.util.Arrays.copyOf(parts, i));
      List<String> d = IMPORT_TO_DIST.get(prefix);
      if (d != null) d.forEach(x -> out.add(normalize(stripExtras(x))));
    }
    out.add(normalize(parts[0]));
    return out;
  }

  /** Top-level import names a declared distribution makes available, itself and what it brings along. */
  public static Set<String> importsProvidedBy(String distKey, List<String> extras) {
    // a pure function of the static tables, asked once per requirement per rule: remember it
    return PROVIDED.computeIfAbsent(distKey + "|" + String.join(",", extras), k -> java.util.Collections.unmodifiableSet(computeImportsProvidedBy(distKey, extras)));
  }

  private static final java.util.concurrent.ConcurrentHashMap<String, Set<String>> PROVIDED = new java.util.concurrent.ConcurrentHashMap<>();
  private static final java.util.concurrent.ConcurrentHashMap<String, java.util.regex.Pattern> IMAGE_PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();

  private static Set<String> computeImportsProvidedBy(String distKey, List<String> extras) {
    Set<String> out = new LinkedHashSet<>();
    ArrayList<String> todo = new ArrayList<>();
    todo.add(distKey);
    for (String e : extras) todo.add(distKey + "[" + e.toLowerCase(Locale.ROOT) + "]");
    Set<String> seen = new LinkedHashSet<>();
    while (!todo.isEmpty()) {
      String d = todo.remove(todo.size() - 1);
      if (!seen.add(d)) continue;
      List<String> brings = DIST_BRINGS.get(d);
      if (brings == null) continue;
      for (String imp : brings) {
        out.add(imp);
        // an import that is itself a distribution brings its own dependencies
        todo.add(normalize(imp));
        List<String> dists = IMPORT_TO_DIST.get(imp);
        if (dists != null) for (String x : dists) todo.add(normalize(stripExtras(x)));
      }
    }
    for (Map.Entry<String, List<String>> e : IMPORT_TO_DIST.entrySet()) {
      for (String dist : e.getValue()) {
        String n = normalize(stripExtras(dist));
        if (seen.contains(n)) out.add(e.getKey().split("\\.")[0]);
      }
    }
    return out;
  }

  /** PEP 503 normalization: lower case, runs of '-', '_' and '.' become '-'. Extras are kept. */
  public static String normalize(String name) {
    String base = name;
    String extras = "";
    int b = name.indexOf('[');
    if (b >= 0) {
      base = name.substring(0, b);
      extras = name.substring(b).toLowerCase(Locale.ROOT).replace(" ", "");
    }
    String lower = base.trim().toLowerCase(Locale.ROOT);
    StringBuilder sb = new StringBuilder(lower.length() + extras.length());
    boolean run = false;
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if (c == '-' || c == '_' || c == '.') {
        if (!run) sb.append('-');
        run = true;
      } else {
        sb.append(c);
        run = false;
      }
    }
    return sb.append(extras).toString();
  }

  private static String stripExtras(String s) {
    int b = s.indexOf('[');
    return b < 0 ? s : s.substring(0, b);
  }

  /** True when an image reference matches a pattern such as {@code python:*-slim*}. */
  public static boolean imageMatches(String image, String pattern) {
    String img = image.toLowerCase(Locale.ROOT);
    int slash = img.lastIndexOf('/');
    String shortImg = slash >= 0 ? img.substring(slash + 1) : img;
    java.util.regex.Pattern regex = IMAGE_PATTERNS.computeIfAbsent(pattern, p ->
        java.util.regex.Pattern.compile("\\Q" + p.toLowerCase(Locale.ROOT).replace("*", "\\E.*\\Q") + "\\E"));
    if (!pattern.contains(":") && !shortImg.contains(":")) shortImg = shortImg + ":latest";
    return regex.matcher(img).matches() || regex.matcher(shortImg).matches()
        || (!pattern.contains(":") && regex.matcher(shortImg.split(":")[0]).matches());
  }

  private static List<BadImport> readBadImports() {
    List<BadImport> out = new ArrayList<>();
    for (String l : lines("bad-imports.txt")) {
      String[] p = l.split("\\|");
      if (p.length != 4) throw new IllegalStateException("bad-imports.txt: bad line: " + l);
      out.add(new BadImport(p[0].trim(), p[1].trim(), p[2].trim(), p[3].trim()));
    }
    return List.copyOf(out);
  }

  private static List<CompiledPackage> readCompiled() {
    List<CompiledPackage> out = new ArrayList<>();
    for (String l : lines("compiled-packages.txt")) {
      String[] p = l.split("\\|");
      if (p.length != 4) throw new IllegalStateException("compiled-packages.txt: bad line: " + l);
      List<String> pats = new ArrayList<>();
      for (String s : p[3].split(",")) pats.add(s.trim());
      out.add(new CompiledPackage(p[0].trim(), p[1].trim(), p[2].trim(), List.copyOf(pats)));
    }
    return List.copyOf(out);
  }

  private static Map<String, Executable> readExecutables() {
    Map<String, Executable> out = new LinkedHashMap<>();
    for (String l : lines("executables.txt")) {
      String[] p = l.split("\\|");
      if (p.length != 3) throw new IllegalStateException("executables.txt: bad line: " + l);
      List<String> pk = new ArrayList<>();
      for (String s : p[2].split(",")) pk.add(s.trim());
      out.put(p[0].trim(), new Executable(p[0].trim(), p[1].trim(), List.copyOf(pk)));
    }
    return Map.copyOf(out);
  }

  static List<String> lines(String resource) {
    List<String> out = new ArrayList<>();
    try (InputStream in = Knowledge.class.getResourceAsStream("/flotilla/" + resource)) {
      if (in == null) throw new IllegalStateException(resource + " missing from the classpath");
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) continue;
        out.add(t);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
