package dev.flotilla.load;

import dev.flotilla.model.DockerIgnore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code .dockerignore} files the way the Docker CLI and BuildKit do. */
public final class DockerIgnoreParser {
  private DockerIgnoreParser() {}

  /**
   * The ignore file for a build: {@code <Dockerfile>.dockerignore} beside the Dockerfile wins
   * over the context's {@code .dockerignore}; null when there is neither.
   */
  public static DockerIgnore forBuild(Path context, Path dockerfile) {
    if (dockerfile != null) {
      Path specific = dockerfile.resolveSibling(dockerfile.getFileName() + ".dockerignore");
      if (Files.isRegularFile(specific)) return parse(specific);
    }
    Path ctx = context.resolve(".dockerignore");
    return Files.isRegularFile(ctx) ? parse(ctx) : null;
  }

  public static DockerIgnore parse(Path file) {
    return parse(file, YamlReader.readText(file));
  }

  public static DockerIgnore parse(Path file, String text) {
    List<DockerIgnore.Pattern> out = new ArrayList<>();
    String[] lines = YamlReader.LINES.split(text, -1);
    for (int i = 0; i < lines.length; i++) {
      String p = lines[i].strip();
      if (p.isEmpty() || p.startsWith("#")) continue;
      boolean exclusion = false;
      if (p.startsWith("!")) {
        exclusion = true;
        p = p.substring(1).strip();
      }
      p = clean(p);
      if (p.isEmpty()) continue;
      out.add(new DockerIgnore.Pattern(p, exclusion, i + 1));
    }
    return new DockerIgnore(file, List.copyOf(out));
  }

  /** Go's filepath.Clean on a slash path, then a leading '/' dropped. */
  static String clean(String p) {
    p = p.replace('\\', '/');
    boolean abs = p.startsWith("/");
    List<String> parts = new ArrayList<>();
    for (String seg : p.split("/")) {
      if (seg.isEmpty() || seg.equals(".")) continue;
      if (seg.equals("..")) {
        if (!parts.isEmpty() && !parts.get(parts.size() - 1).equals("..")) parts.remove(parts.size() - 1);
        else if (!abs) parts.add("..");
        continue;
      }
      parts.add(seg);
    }
    String c = String.join("/", parts);
    if (c.isEmpty()) return abs ? "" : ".";
    return c;
  }
}
