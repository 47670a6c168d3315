package dev.flotilla.check.facts;

import dev.flotilla.model.Build;
import dev.flotilla.model.Dockerfile;
import dev.flotilla.model.Instruction;
import dev.flotilla.model.Service;
import dev.flotilla.model.Stage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a build reads from its context: the {@code COPY}/{@code ADD} sources of the stages the
 * build target needs (its base stages and those it copies {@code --from}), resolved against the
 * context. Sources from other stages, URLs, heredocs and unresolved {@code $VARIABLES} are left
 * out: nothing in the context can be judged for them.
 */
public final class BuildInputs {
  private BuildInputs() {}

  /** One source of one COPY/ADD. {@code resolved} is absolute and normalized. */
  public record Source(Instruction instruction, String text, Path resolved, boolean outsideContext) {
    public boolean hasGlob() {
      return text.contains("*") || text.contains("?") || text.contains("[");
    }
  }

  /** The stages a build of {@code target} (null: the last stage) runs, in file order. */
  public static List<Stage> neededStages(Dockerfile df, String target) {
    Optional<Stage> top = df.stageFor(target);
    if (top.isEmpty()) return List.of();
    Set<Integer> needed = new LinkedHashSet<>();
    collect(df, top.get(), needed, 0);
    return df.stages().stream().filter(s -> needed.contains(s.index())).toList();
  }

  private static void collect(Dockerfile df, Stage s, Set<Integer> needed, int depth) {
    if (!needed.add(s.index()) || depth > 50) return;
    byName(df, s.baseImage(), s.index()).ifPresent(p -> collect(df, p, needed, depth + 1));
    for (Instruction i : s.instructions()) {
      String from = i.flags().get("from");
      if ((i.is("COPY") || i.is("ADD")) && from != null) byName(df, from, s.index()).ifPresent(p -> collect(df, p, needed, depth + 1));
      String mount = i.flags().get("mount");
      if (i.is("RUN") && mount != null) {
        for (String part : mount.split("[,\n]")) {
          if (part.startsWith("from=")) byName(df, part.substring(5), s.index()).ifPresent(p -> collect(df, p, needed, depth + 1));
        }
      }
    }
  }

  private static Optional<Stage> byName(Dockerfile df, String name, int before) {
    if (name == null) return Optional.empty();
    return df.stages().stream()
        .filter(s -> s.index() < before && (name.equalsIgnoreCase(s.name()) || name.equals(String.valueOf(s.index()))))
        .findFirst();
  }

  /** Every context source the service's build copies. */
  public static List<Source> sources(Service s) {
    Build b = s.build();
    if (b == null || b.parsed() == null || b.context() == null) return List.of();
    String target = b.target() == null ? null : b.target().value();
    List<Source> out = new ArrayList<>();
    Path ctx = b.context().toAbsolutePath().normalize();
    for (Stage st : neededStages(b.parsed(), target)) {
      for (Instruction i : st.instructions()) {
        if (!(i.is("COPY") || i.is("ADD")) || i.flags().containsKey("from")) continue;
        if (!i.heredocs().isEmpty()) continue;
        List<String> args = i.args();
        if (args.size() < 2) continue;
        for (String src : args.subList(0, args.size() - 1)) {
          if (src.startsWith("<<") || src.contains("$") || isRemote(src)) continue;
          String rel = src.startsWith("/") ? src.substring(1) : src;
          if (rel.isEmpty()) rel = ".";
          Path resolved = ctx.resolve(rel).normalize();
          out.add(new Source(i, src, resolved, !resolved.startsWith(ctx)));
        }
      }
    }
    return out;
  }

  static boolean isRemote(String src) {
    String l = src.toLowerCase(Locale.ROOT);
    return l.startsWith("http://") || l.startsWith("https://") || l.startsWith("git@") || l.startsWith("git://");
  }

  /** True when a {@code build.context} names a remote (git URL, tarball URL) rather than a directory. */
  public static boolean remoteContext(Build b) {
    String raw = b.contextRaw() == null ? "" : b.contextRaw().toLowerCase(Locale.ROOT);
    return isRemote(raw) || raw.startsWith("github.com/") || raw.endsWith(".git") || raw.contains(".git#");
  }
}
