package dev.flotilla.check;

import dev.flotilla.model.SourceLocation;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One entry of the {@code ignore:} list in {@code flotilla.yml} (or {@code x-flotilla}), for files
 * users cannot edit: drops findings matching every given field. {@code codes} are codes or areas,
 * {@code service} a service name, {@code path} a glob relative to the project directory
 * ({@code vendor/**}); a null field matches anything.
 */
public record IgnoreEntry(List<String> codes, String service, String path, String reason, SourceLocation location) {

  public boolean matches(Finding f, Path projectDir) {
    if (codes != null && !codes.isEmpty() && !CheckOptions.matchesAny(java.util.Set.copyOf(codes), f.code())) return false;
    if (service != null && !service.equals(f.service())) return false;
    if (path != null) {
      if (!matchesPath(f.location(), projectDir)) {
        boolean anyRelated = f.related().stream().anyMatch(r -> matchesPath(r.location(), projectDir));
        if (!anyRelated) return false;
      }
    }
    return true;
  }

  private boolean matchesPath(SourceLocation at, Path projectDir) {
    if (at == null || at.file() == null) return false;
    Path file = at.file();
    Path rel = projectDir != null && file.isAbsolute() && file.startsWith(projectDir.toAbsolutePath())
        ? projectDir.toAbsolutePath().relativize(file)
        : file;
    String relText = rel.toString().replace('\\', '/');
    String glob = path.startsWith("./") ? path.substring(2) : path;
    if (glob.endsWith("/")) glob = glob + "**";
    PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    if (m.matches(Path.of(relText))) return true;
    // a plain directory name covers everything below it
    return relText.equals(glob) || relText.startsWith(glob + "/");
  }

  /**
   * Reads the {@code ignore} value of the project settings: a list whose items are a code string
   * or a map with {@code code} (string or list), {@code service}, {@code path}, {@code reason}.
   * Throws {@link IllegalArgumentException} with a user-facing message on a malformed entry.
   */
  public static List<IgnoreEntry> parse(Object value, SourceLocation at) {
    List<IgnoreEntry> out = new ArrayList<>();
    if (value == null) return out;
    if (!(value instanceof List<?> items)) {
      throw new IllegalArgumentException("ignore: must be a list of entries (code, service, path, reason)");
    }
    for (Object item : items) {
      if (item instanceof String s) {
        out.add(new IgnoreEntry(codes(s), null, null, null, at));
      } else if (item instanceof Map<?, ?> m) {
        for (Object k : m.keySet()) {
          String key = String.valueOf(k);
          if (!List.of("code", "codes", "rule", "service", "path", "reason").contains(key)) {
            throw new IllegalArgumentException("ignore: unknown key '" + key + "' (use code, service, path, reason)");
          }
        }
        Object code = m.containsKey("code") ? m.get("code") : m.containsKey("codes") ? m.get("codes") : m.get("rule");
        List<String> codes = code == null ? List.of() : code instanceof List<?> l
            ? l.stream().flatMap(x -> codes(String.valueOf(x)).stream()).toList()
            : codes(String.valueOf(code));
        String service = m.get("service") == null ? null : String.valueOf(m.get("service"));
        String path = m.get("path") == null ? null : String.valueOf(m.get("path"));
        if (codes.isEmpty() && service == null && path == null) {
          throw new IllegalArgumentException("ignore: an entry needs at least one of code, service, path");
        }
        String reason = m.get("reason") == null ? null : String.valueOf(m.get("reason"));
        out.add(new IgnoreEntry(codes, service, path, reason, at));
      } else {
        throw new IllegalArgumentException("ignore: entries are a code or a map with code, service, path, reason");
      }
    }
    return out;
  }

  private static List<String> codes(String text) {
    List<String> out = new ArrayList<>();
    for (String c : text.split(",")) {
      String t = c.trim().toUpperCase(Locale.ROOT);
      if (t.endsWith("*")) t = t.substring(0, t.length() - 1);
      if (!t.isEmpty()) out.add(t);
    }
    return out;
  }

  public String describe() {
    List<String> parts = new ArrayList<>();
    if (codes != null && !codes.isEmpty()) parts.add("code " + String.join(",", codes));
    if (service != null) parts.add("service " + service);
    if (path != null) parts.add("path " + path);
    return "flotilla.yml ignore (" + String.join(", ", parts) + ")";
  }
}
