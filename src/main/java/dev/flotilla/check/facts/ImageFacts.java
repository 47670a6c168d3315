package dev.flotilla.check.facts;

import dev.flotilla.model.Dockerfile;
import dev.flotilla.model.Instruction;
import dev.flotilla.model.Service;
import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.Stage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * What a container image contains, from the data file {@code flotilla/images.yaml}: the tools a
 * well-known base image has or lacks, plus what the Dockerfile's own {@code RUN apt-get install}
 * / {@code apk add} lines (and {@code COPY --from} of a binary) add. Every answer carries a
 * {@link Confidence}; rules never turn a {@link Confidence#GUESS} into a HIGH finding.
 */
public final class ImageFacts {

  public enum Confidence {
    CERTAIN,
    LIKELY,
    GUESS;

    /** The weaker of two confidences. */
    public Confidence and(Confidence other) {
      return ordinal() >= other.ordinal() ? this : other;
    }
  }

  /** One entry of the data file. */
  public record Profile(List<String> patterns, String family, Set<String> has, Set<String> lacks, String packageManager, Confidence confidence) {}

  /**
   * The tools of one image as built: {@code image} the base reference, {@code installed} maps a
   * tool the Dockerfile adds to the line that adds it, {@code removed} tools a later line removes.
   */
  public record Tools(
      String image, Profile profile, Set<String> has, Set<String> lacks, Confidence confidence,
      Map<String, SourceLocation> installed, SourceLocation from) {

    /** TRUE or FALSE when known, empty when the data says nothing about this tool. */
    public Optional<Boolean> has(String tool) {
      String t = normalizeTool(tool);
      if (has.contains(t)) return Optional.of(true);
      if (lacks.contains(t)) return Optional.of(false);
      return Optional.empty();
    }

    public boolean surelyLacks(String tool) {
      return has(tool).map(b -> !b).orElse(false);
    }

    public String family() {
      return profile == null ? "unknown" : profile.family();
    }
  }

  private static volatile ImageFacts shared;

  private final List<Profile> profiles;
  private final Map<String, Set<String>> packages;

  ImageFacts(List<Profile> profiles, Map<String, Set<String>> packages) {
    this.profiles = List.copyOf(profiles);
    this.packages = Map.copyOf(packages);
  }

  /** The facts of the bundled data file, read once. */
  public static ImageFacts get() {
    ImageFacts f = shared;
    if (f == null) {
      synchronized (ImageFacts.class) {
        if (shared == null) shared = read("/flotilla/images.yaml");
        f = shared;
      }
    }
    return f;
  }

  @SuppressWarnings("unchecked")
  static ImageFacts read(String resource) {
    try (InputStream in = ImageFacts.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("missing resource " + resource);
      Map<String, Object> root = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromInputStream(in);
      List<Profile> profiles = new ArrayList<>();
      for (Object o : (List<Object>) root.get("images")) {
        Map<String, Object> m = (Map<String, Object>) o;
        profiles.add(new Profile(
            strings(m.get("match")),
            String.valueOf(m.getOrDefault("family", "unknown")),
            Set.copyOf(strings(m.get("has"))),
            Set.copyOf(strings(m.get("lacks"))),
            m.get("packages") == null ? null : String.valueOf(m.get("packages")),
            Confidence.valueOf(String.valueOf(m.getOrDefault("confidence", "guess")).toUpperCase(Locale.ROOT))));
      }
      Map<String, Set<String>> packages = new LinkedHashMap<>();
      Map<String, Object> pk = (Map<String, Object>) root.getOrDefault("packages", Map.of());
      pk.forEach((k, v) -> packages.put(k, Set.copyOf(strings(v))));
      return new ImageFacts(profiles, packages);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> strings(Object o) {
    if (o == null) return List.of();
    if (o instanceof List<?> l) return l.stream().map(String::valueOf).toList();
    return List.of(String.valueOf(o));
  }

  /** The data file's entry for an image reference, if it knows the image. */
  public Optional<Profile> profile(String imageRef) {
    if (imageRef == null || imageRef.isBlank()) return Optional.empty();
    String ref = normalize(imageRef);
    for (Profile p : profiles) {
      for (String pattern : p.patterns()) {
        if (glob(pattern).matcher(ref).matches()) return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The tools the packages named on an install line put on PATH. */
  public Set<String> toolsOfPackage(String pkg) {
    return packages.getOrDefault(pkg.toLowerCase(Locale.ROOT), Set.of());
  }

  /** Tools of the image a service runs: its build's target stage, or its {@code image}. */
  public Optional<Tools> tools(Service s) {
    if (s.builds()) {
      if (s.build().parsed() == null) return Optional.empty();
      Optional<Stage> stage = s.buildStage();
      return stage.flatMap(st -> tools(s.build().parsed(), st, 0));
    }
    if (s.image() == null) return Optional.empty();
    return profile(s.imageName()).map(p -> base(s.imageName(), p, s.image().location()));
  }

  /** Tools of one build stage: its base (another stage or an image) plus what it installs. */
  public Optional<Tools> tools(Dockerfile df, Stage stage) {
    return tools(df, stage, 0);
  }

  private Optional<Tools> tools(Dockerfile df, Stage stage, int depth) {
    if (depth > 20) return Optional.empty();
    String baseRef = stage.baseImage();
    Optional<Tools> base = Optional.empty();
    Optional<Stage> parent = baseRef == null ? Optional.empty()
        : df.stages().stream().filter(s -> s.index() < stage.index() && baseRef.equalsIgnoreCase(s.name())).findFirst();
    if (parent.isPresent()) {
      base = tools(df, parent.get(), depth + 1);
    } else if (baseRef != null) {
      base = profile(baseRef).map(p -> {
        Tools t = base(baseRef, p, stage.from() == null ? SourceLocation.UNKNOWN : stage.from().location());
        return unresolved(baseRef) ? withConfidence(t, Confidence.GUESS) : t;
      });
    }
    if (base.isEmpty()) return Optional.empty();
    Set<String> has = new LinkedHashSet<>(base.get().has());
    Set<String> lacks = new LinkedHashSet<>(base.get().lacks());
    Map<String, SourceLocation> installed = new LinkedHashMap<>(base.get().installed());
    for (Instruction i : stage.instructions()) {
      if (i.is("RUN")) {
        String script = runText(i);
        PackageChanges ch = packageChanges(script);
        for (String pkg : ch.added()) {
          for (String tool : toolsOfPackage(pkg)) {
            has.add(tool);
            lacks.remove(tool);
            installed.putIfAbsent(tool, i.location());
          }
        }
        for (String pkg : ch.removed()) {
          for (String tool : toolsOfPackage(pkg)) {
            if (installed.containsKey(tool)) {
              has.remove(tool);
              lacks.add(tool);
              installed.remove(tool);
            }
          }
        }
      } else if (i.is("COPY") && i.flags().containsKey("from")) {
        // COPY --from=… /usr/bin/curl /usr/bin/curl brings a tool along
        for (String a : i.args()) {
          String name = a.substring(a.lastIndexOf('/') + 1);
          String tool = normalizeTool(name);
          if (TRACKED.contains(tool) && (a.contains("/bin/") || a.startsWith("/bin"))) {
            has.add(tool);
            lacks.remove(tool);
            installed.putIfAbsent(tool, i.location());
          }
        }
      }
    }
    return Optional.of(new Tools(base.get().image(), base.get().profile(), Set.copyOf(has), Set.copyOf(lacks),
        base.get().confidence(), Map.copyOf(installed), base.get().from()));
  }

  private static final Set<String> TRACKED =
      Set.of("sh", "bash", "curl", "wget", "nc", "python", "python3", "node", "java", "pg_isready", "redis-cli");

  private static Tools base(String ref, Profile p, SourceLocation at) {
    return new Tools(ref, p, p.has(), p.lacks(), p.confidence(), Map.of(), at);
  }

  private static Tools withConfidence(Tools t, Confidence c) {
    return new Tools(t.image(), t.profile(), t.has(), t.lacks(), t.confidence().and(c), t.installed(), t.from());
  }

  private static String runText(Instruction i) {
    StringBuilder sb = new StringBuilder(i.raw() == null ? String.join(" ", i.args()) : i.raw());
    for (Instruction.Heredoc h : i.heredocs()) sb.append('\n').append(h.body());
    return sb.toString();
  }

  /** Packages a RUN script installs and removes. */
  public record PackageChanges(Set<String> added, Set<String> removed) {}

  private static final Pattern SPLIT = Pattern.compile("&&|\\|\\||;|\\||\\n|\\\\\\s*\\n");

  public static PackageChanges packageChanges(String script) {
    Set<String> added = new LinkedHashSet<>();
    Set<String> removed = new HashSet<>();
    Map<String, List<String>> virtuals = new LinkedHashMap<>();
    for (String part : SPLIT.split(script)) {
      List<String> w = new ArrayList<>(List.of(part.trim().split("\\s+")));
      w.removeIf(String::isEmpty);
      w.removeIf(s -> s.equals("sudo") || s.equals("\\"));
      if (w.size() < 2) continue;
      String tool = w.get(0).substring(w.get(0).lastIndexOf('/') + 1);
      String verb = w.get(1);
      boolean install = switch (tool) {
        case "apt-get", "apt", "aptitude" -> verb.equals("install");
        case "apk" -> verb.equals("add");
        case "yum", "dnf", "microdnf", "zypper" -> verb.equals("install") || verb.equals("in");
        default -> false;
      };
      boolean remove = switch (tool) {
        case "apt-get", "apt" -> verb.equals("remove") || verb.equals("purge") || verb.equals("autoremove");
        case "apk" -> verb.equals("del");
        case "yum", "dnf", "microdnf" -> verb.equals("remove") || verb.equals("erase");
        default -> false;
      };
      if (!install && !remove) continue;
      String virtual = null;
      List<String> pkgs = new ArrayList<>();
      for (int k = 2; k < w.size(); k++) {
        String s = w.get(k);
        if (s.equals("--virtual") || s.equals("-t")) {
          if (k + 1 < w.size()) virtual = w.get(++k);
          continue;
        }
        if (s.startsWith("--virtual=")) {
          virtual = s.substring("--virtual=".length());
          continue;
        }
        if (s.startsWith("-") || s.startsWith("$") || s.startsWith(">") || s.equals("2>&1")) continue;
        String name = s.split("[=~<>]", 2)[0].toLowerCase(Locale.ROOT);
        if (!name.isEmpty()) pkgs.add(name);
      }
      if (install) {
        added.addAll(pkgs);
        if (virtual != null) virtuals.put(virtual, pkgs);
      } else {
        for (String p : pkgs) {
          if (virtuals.containsKey(p)) removed.addAll(virtuals.get(p));
          else removed.add(p);
        }
      }
    }
    added.removeAll(removed);
    return new PackageChanges(Set.copyOf(added), Set.copyOf(removed));
  }

  /** {@code python3.12} → {@code python3}, {@code /usr/bin/curl} → {@code curl}. */
  public static String normalizeTool(String word) {
    String w = word.substring(word.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    if (w.matches("python3(\\.\\d+)*")) return "python3";
    if (w.matches("python2(\\.\\d+)*")) return "python";
    if (w.equals("nodejs")) return "node";
    if (w.equals("ncat") || w.equals("netcat")) return "nc";
    return w;
  }

  static boolean unresolved(String ref) {
    return ref.contains("$");
  }

  /** Drops {@code docker.io/library/}, the digest, and adds {@code :latest}; variables become '*'. */
  static String normalize(String ref) {
    String r = ref.trim().toLowerCase(Locale.ROOT);
    r = r.replaceAll("\\$\\{[^}]*}|\\$[a-z_][a-z0-9_]*", "*");
    int at = r.indexOf('@');
    if (at >= 0) r = r.substring(0, at);
    for (String prefix : List.of("docker.io/library/", "index.docker.io/library/", "library/", "docker.io/")) {
      if (r.startsWith(prefix)) {
        r = r.substring(prefix.length());
        break;
      }
    }
    int slash = r.lastIndexOf('/');
    if (r.indexOf(':', slash + 1) < 0) r = r + ":latest";
    return r;
  }

  private static final Map<String, Pattern> GLOBS = new java.util.concurrent.ConcurrentHashMap<>();

  private static Pattern glob(String pattern) {
    return GLOBS.computeIfAbsent(pattern, p -> {
      String withTag = p.contains(":") || p.endsWith("*") ? p : p + ":latest";
      StringBuilder re = new StringBuilder();
      for (char c : withTag.toCharArray()) {
        if (c == '*') re.append(".*");
        else re.append(Pattern.quote(String.valueOf(c)));
      }
      return Pattern.compile(re.toString());
    });
  }
}
