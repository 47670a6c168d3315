package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.facts.SourceFacts;
import dev.flotilla.model.Category;
import dev.flotilla.model.Manifest;
import dev.flotilla.model.ManifestProblem;
import dev.flotilla.model.ServiceSources;
import dev.flotilla.model.Severity;
import dev.flotilla.model.Stack;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

@RuleInfo(
    code = "BLD009",
    severity = Severity.HIGH,
    category = Category.BUILD,
    title = "Dependency manifest is malformed or points at the builder's machine",
    explanation = "A requirements file with `-e ../shared` or `file:///Users/dev/lib` works on the machine that wrote "
        + "it; inside `docker build` the path does not exist and `pip install` stops. Unresolved merge-conflict "
        + "markers (`<<<<<<<`, `=======`, `>>>>>>>`), a `-r` include that does not exist, or a pyproject.toml / "
        + "package.json that does not parse fail the same way, on the build server rather than in review.",
    example = "fastapi==0.111.0\n-e ../../shared        # not in the build context",
    fix = "Publish the shared code as a package (or widen the build context and COPY it), resolve the conflict, "
        + "fix the syntax.")
public final class BrokenManifest implements Rule {

  @Override
  public boolean readsSources() {
    return true;
  }

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    for (ServiceSources src : SourceFacts.of(stack).values()) {
      Set<String> seen = new HashSet<>();
      for (Manifest m : src.manifests()) {
        for (ManifestProblem p : m.problems()) {
          if (!seen.add(p.location() + p.message())) continue;
          String file = m.file() == null ? "manifest" : m.file().getFileName().toString();
          String remedy = switch (p.kind()) {
            case CONFLICT_MARKER -> "resolve the merge conflict in " + file;
            case LOCAL_PATH -> "install it from a package index, or widen the build context and COPY it into the image";
            case MISSING_INCLUDE -> "create the included file or remove the line";
            case SYNTAX -> "fix the syntax of " + file;
          };
          out.add(finding(src.service(), file + " (installed by this build): " + p.message(), p.location())
              .remedy(remedy)
              .build());
        }
      }
    }
    return out;
  }
}
