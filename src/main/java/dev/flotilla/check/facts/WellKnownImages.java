package dev.flotilla.check.facts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The table of what well-known images listen on ({@code well-known-images.txt}). */
public final class WellKnownImages {

  /** One row: the names it matches, its ports (main first), the env var that moves the main port, its program. */
  public record Entry(List<String> names, List<Integer> ports, String portEnv, String program) {}

  private static final List<Entry> ENTRIES = load();

  private WellKnownImages() {}

  public static List<Entry> entries() {
    return ENTRIES;
  }

  /** The repository path of an image reference, lower case, without registry, tag or digest. */
  public static String repository(String image) {
    if (image == null) return "";
    String s = image.trim().toLowerCase(Locale.ROOT);
    int at = s.indexOf('@');
    if (at >= 0) s = s.substring(0, at);
    int slash = s.lastIndexOf('/');
    int colon = s.lastIndexOf(':');
    if (colon > slash) s = s.substring(0, colon);
    String[] parts = s.split("/");
    if (parts.length > 1 && (parts[0].contains(".") || parts[0].contains(":") || parts[0].equals("localhost"))) {
      s = s.substring(parts[0].length() + 1);
    }
    if (s.startsWith("library/")) s = s.substring("library/".length());
    return s;
  }

  /** The last path segment of an image's repository: {@code bitnami/postgresql:16} gives {@code postgresql}. */
  public static String shortName(String image) {
    String r = repository(image);
    int slash = r.lastIndexOf('/');
    return slash >= 0 ? r.substring(slash + 1) : r;
  }

  public static Optional<Entry> lookup(String image) {
    if (image == null || image.isBlank() || image.contains("$")) return Optional.empty();
    String repo = repository(image);
    String name = shortName(image);
    for (Entry e : ENTRIES) {
      for (String n : e.names()) {
        if (n.contains("/") ? repo.equals(n) || repo.endsWith("/" + n) : name.equals(n)) return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /** The entry for a program name ({@code redis-server}, {@code postgres}). */
  public static Optional<Entry> forProgram(String program) {
    for (Entry e : ENTRIES) if (program.equals(e.program())) return Optional.of(e);
    return Optional.empty();
  }

  private static List<Entry> load() {
    List<Entry> out = new ArrayList<>();
    try (InputStream in = WellKnownImages.class.getResourceAsStream("well-known-images.txt")) {
      if (in == null) throw new IllegalStateException("well-known-images.txt missing from the classpath");
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) continue;
        String[] f = line.split("\\|");
        if (f.length < 4) throw new IllegalStateException("well-known-images.txt: bad line: " + line);
        List<String> names = List.of(f[0].trim().split("\\s*,\\s*"));
        List<Integer> ports = new ArrayList<>();
        for (String p : f[1].trim().split("\\s*,\\s*")) ports.add(Integer.parseInt(p));
        String env = f[2].trim();
        String prog = f[3].trim();
        out.add(new Entry(names, List.copyOf(ports), env.equals("-") ? null : env, prog.equals("-") ? null : prog));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(out);
  }
}
