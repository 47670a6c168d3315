package dev.flotilla.diagnose;

import dev.flotilla.model.Service;
import dev.flotilla.model.Stack;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What the classifier knows about the project around the failing service: the names under which
 * other services' code could be imported (service names and build-context directory names). With
 * it, {@code No module named 'L01_data_layer'} is told apart from a missing library.
 */
public record DiagnosisContext(Set<String> siblingModules) {
  /** Names that are a shared library between services in almost every project that has one. */
  private static final Set<String> USUAL_SHARED = Set.of("shared", "common", "libs", "shared_lib", "common_lib");

  public static final DiagnosisContext EMPTY = new DiagnosisContext(Set.of());

  public DiagnosisContext {
    Set<String> n = new LinkedHashSet<>();
    for (String s : siblingModules) n.add(normalize(s));
    siblingModules = Set.copyOf(n);
  }

  public static DiagnosisContext of(Collection<String> siblingNames) {
    return new DiagnosisContext(new LinkedHashSet<>(siblingNames));
  }

  /** Sibling names of {@code service} in {@code stack}: every other service and its build directory. */
  public static DiagnosisContext of(Stack stack, String service) {
    Set<String> names = new LinkedHashSet<>();
    Path own = null;
    Service self = stack.services().get(service);
    if (self != null && self.build() != null) own = self.build().context();
    for (Service s : stack.services().values()) {
      if (s.name().equals(service)) continue;
      names.add(s.name());
      if (s.build() != null && s.build().context() != null && !s.build().context().equals(own)) {
        Path f = s.build().context().getFileName();
        if (f != null) names.add(f.toString());
        names.addAll(pythonPackages(s.build().context(), own));
      }
    }
    return new DiagnosisContext(names);
  }

  /**
   * The top-level Python packages at the root of another service's build context (directories
   * holding {@code __init__.py}): what {@code import X} finds there and nowhere else. Single
   * modules ({@code config.py}) are left out: their names are too common to blame a sibling.
   * Nothing when that context contains this service's own.
   */
  static Set<String> pythonPackages(Path context, Path own) {
    Set<String> out = new LinkedHashSet<>();
    if (own != null && own.startsWith(context)) return out; // a root context that holds this service too
    try (java.util.stream.Stream<Path> entries = java.nio.file.Files.list(context)) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        String n = p.getFileName().toString();
        if (java.nio.file.Files.isDirectory(p) && java.nio.file.Files.isRegularFile(p.resolve("__init__.py"))) out.add(n);
      }
    } catch (java.io.IOException | RuntimeException unreadable) {
      // no listing: only the service and directory names count
    }
    return out;
  }

  static String normalize(String name) {
    return name.toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
  }

  /**
   * True when an imported module (Python dotted name or Node path) is another service's code:
   * its top-level name is a sibling's, a usual shared-library name, or a path that climbs out of
   * the service ({@code ../shared/x}).
   */
  public boolean isSibling(String module) {
    if (module == null || module.isEmpty()) return false;
    String m = module;
    if (m.startsWith("../")) return true;
    while (m.startsWith("./")) m = m.substring(2);
    int cut = m.length();
    for (char c : new char[] {'.', '/', ':'}) {
      int i = m.indexOf(c);
      if (i > 0 && i < cut) cut = i;
    }
    String top = normalize(m.substring(0, cut));
    return siblingModules.contains(top) || USUAL_SHARED.contains(top);
  }

  static boolean isLocalHost(String host) {
    if (host == null) return false;
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0.0.0.0")
        || h.equals("::") || h.equals("ip6-localhost") || h.endsWith(".localhost");
  }
}
