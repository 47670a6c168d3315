package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.facts.BuildInputs;
import dev.flotilla.load.DockerIgnoreMatcher;
import dev.flotilla.model.Category;
import dev.flotilla.model.DockerIgnore;
import dev.flotilla.model.Service;
import dev.flotilla.model.Severity;
import dev.flotilla.model.Stack;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

@RuleInfo(
    code = "BLD002",
    severity = Severity.HIGH,
    category = Category.BUILD,
    title = "COPY/ADD source missing from the build context or excluded by .dockerignore",
    explanation = "A COPY or ADD source must exist inside the build context and survive .dockerignore. "
        + "A path that is missing (renamed, never created, a typo) or that .dockerignore leaves out fails the "
        + "build with 'not found'. The .dockerignore case is the treacherous one: the file is right there on "
        + "disk, yet the builder never receives it.",
    example = "# .dockerignore\nconfig\n# Dockerfile\nFROM python:3.12-slim\nCOPY config/settings.toml /app/",
    fix = "Create the file, correct the path, or add an exception to .dockerignore (!config/settings.toml).")
public final class Bld002CopySourceMissing implements Rule {

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    for (Service s : stack.services().values()) {
      if (!s.builds() || BuildInputs.remoteContext(s.build()) || s.build().context() == null) continue;
      Path ctx = s.build().context().toAbsolutePath().normalize();
      if (!Files.isDirectory(ctx)) continue; // BLD003
      DockerIgnore ignore = s.build().ignore();
      DockerIgnoreMatcher matcher = DockerIgnoreMatcher.of(ignore);
      for (BuildInputs.Source src : BuildInputs.sources(s)) {
        if (src.outsideContext()) continue; // BLD001
        String rel = ctx.relativize(src.resolved()).toString().replace('\\', '/');
        List<String> matches = src.hasGlob() ? glob(ctx, rel) : Files.exists(src.resolved()) ? List.of(rel) : List.of();
        if (matches.isEmpty()) {
          out.add(finding(s.name(),
                  src.instruction().keyword() + " source '" + src.text() + "' does not exist in build context " + s.build().contextRaw(),
                  src.instruction().location())
              .related(s.build().location(), "build context of " + s.name())
              .remedy("create " + rel + " in " + s.build().contextRaw() + ", or correct the path")
              .build());
          continue;
        }
        if (rel.isEmpty() || rel.equals(".")) continue;
        boolean allExcluded = matches.stream().allMatch(m -> matcher.isExcluded(m) && !reincludedBelow(matcher, ctx, m));
        if (allExcluded && ignore != null) {
          Finding.Builder b = finding(s.name(),
                  src.instruction().keyword() + " source '" + src.text() + "' is excluded by " + ignore.file().getFileName()
                      + ": the builder never receives it",
                  src.instruction().location())
              .related(s.build().location(), "build context of " + s.name())
              .remedy("remove the pattern from .dockerignore or add an exception: !" + rel);
          ignore.patterns().stream().filter(p -> !p.exclusion() && matcherOf(p.glob()).isExcluded(rel))
              .reduce((a, c) -> c)
              .ifPresent(p -> b.related(dev.flotilla.model.SourceLocation.of(ignore.file(), p.line()), "excluded by pattern '" + p.glob() + "'"));
          out.add(b.build());
        }
      }
    }
    return out;
  }

  private static DockerIgnoreMatcher matcherOf(String glob) {
    return DockerIgnoreMatcher.of(new DockerIgnore(Path.of(".dockerignore"), List.of(new DockerIgnore.Pattern(glob, false, 1))));
  }

  /** A directory excluded as a whole may still have files re-included by '!' patterns. */
  private static boolean reincludedBelow(DockerIgnoreMatcher m, Path ctx, String rel) {
    Path dir = ctx.resolve(rel);
    if (!Files.isDirectory(dir) || !m.hasExclusions()) return false;
    try (Stream<Path> w = Files.walk(dir, 6)) {
      return w.filter(Files::isRegularFile).limit(5000).anyMatch(f -> !m.isExcluded(ctx.relativize(f).toString().replace('\\', '/')));
    } catch (IOException e) {
      return true;
    }
  }

  private static List<String> glob(Path ctx, String pattern) {
    PathMatcher pm = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    int depth = pattern.split("/").length;
    try (Stream<Path> w = Files.walk(ctx, depth)) {
      return w.filter(p -> !p.equals(ctx)).map(p -> ctx.relativize(p)).filter(pm::matches)
          .map(p -> p.toString().replace('\\', '/')).limit(1000).toList();
    } catch (IOException e) {
      return List.of(pattern);
    }
  }
}
