package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.facts.BuildInputs;
import dev.flotilla.check.facts.GitFacts;
import dev.flotilla.model.Category;
import dev.flotilla.model.Service;
import dev.flotilla.model.Severity;
import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.Stack;
import dev.flotilla.model.VolumeMount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

@RuleInfo(
    code = "BLD010",
    severity = Severity.HIGH,
    category = Category.BUILD,
    title = "a file the build or a mount needs exists here but is not in git",
    explanation = "Flotilla judges the project as a fresh clone would see it. A Dockerfile, a COPY source or a "
        + "bind-mounted config file that exists on this disk but is ignored by .gitignore or was never "
        + "committed works on the author's machine and fails in CI, on a colleague's laptop and on the "
        + "deploy host: the build says 'not found', and a missing bind-mounted file becomes an empty directory.",
    example = "# .gitignore\nconfig/*.yml\n# Dockerfile\nCOPY config/app.yml /etc/app/app.yml",
    fix = "Commit the file (git add -f if it is ignored, and narrow the .gitignore pattern), or generate it "
        + "in the build instead of copying it.")
public final class Bld010NotInGit implements Rule {

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    Optional<GitFacts> git = GitFacts.of(stack.projectDir());
    if (git.isEmpty()) return out;
    GitFacts g = git.get();
    Set<String> seen = new HashSet<>();
    for (Service s : stack.services().values()) {
      if (s.builds() && !BuildInputs.remoteContext(s.build()) && s.build().context() != null) {
        Path df = s.build().dockerfile();
        if (s.build().dockerfileInline() == null && df != null && Files.isRegularFile(df) && g.covers(df) && !g.isTracked(df)) {
          report(out, seen, g, s, df, "the Dockerfile " + df.getFileName(), s.build().location(), null);
        }
        for (BuildInputs.Source src : BuildInputs.sources(s)) {
          Path p = src.resolved();
          if (src.hasGlob() || src.text().equals(".") || src.text().equals("./") || !Files.exists(p) || !g.covers(p)) continue;
          if (g.isTracked(p)) continue;
          report(out, seen, g, s, p, src.instruction().keyword() + " source '" + src.text() + "'", src.instruction().location(),
              s.build().location());
        }
      }
      for (VolumeMount v : s.volumes()) {
        if (v.type() != VolumeMount.Type.BIND || v.hostPath() == null) continue;
        Path p = v.hostPath().toAbsolutePath().normalize();
        if (!Files.exists(p) || !g.covers(p) || !p.startsWith(stack.projectDir().toAbsolutePath().normalize())) continue;
        // a missing directory is created empty by Docker and is usually runtime data; files and
        // read-only directories are configuration the container expects to find
        boolean needed = Files.isRegularFile(p) || (Files.isDirectory(p) && v.readOnly());
        if (!needed || g.isTracked(p)) continue;
        report(out, seen, g, s, p, "bind-mount source " + v.source(), v.location(), null);
      }
    }
    return out;
  }

  private void report(List<Finding> out, Set<String> seen, GitFacts g, Service s, Path p, String what, SourceLocation at,
      SourceLocation related) {
    if (!seen.add(at + "|" + p)) return;
    Optional<String> ignoredBy = g.ignoredBy(p);
    String rel = g.root().relativize(p).toString().replace('\\', '/');
    String why = ignoredBy.map(r -> "is ignored by git (" + r + ")").orElse("was never committed to git");
    Finding.Builder b = finding(s.name(), what + " exists here but " + why + ": a fresh clone or CI will not have " + rel, at)
        .remedy(ignoredBy.isPresent()
            ? "commit it with 'git add -f " + rel + "' and narrow the .gitignore pattern"
            : "commit it: git add " + rel);
    if (related != null) b.related(related, "build of " + s.name());
    ignoredBy.ifPresent(r -> {
      String[] parts = r.split(":");
      if (parts.length >= 2) {
        try {
          b.related(SourceLocation.of(g.root().resolve(parts[0]), Integer.parseInt(parts[1])), "the ignore pattern");
        } catch (NumberFormatException e) {
          // no line to point at
        }
      }
    });
    out.add(b.build());
  }
}
