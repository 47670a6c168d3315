package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.facts.SourceFacts;
import dev.flotilla.model.Category;
import dev.flotilla.model.ImportRef;
import dev.flotilla.model.ServiceSources;
import dev.flotilla.model.Severity;
import dev.flotilla.model.SourceFile;
import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.Stack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

@RuleInfo(
    code = "COD002",
    severity = Severity.HIGH,
    category = Category.CODE,
    title = "Import of a package that is not in this service's image",
    explanation = "In a monorepo every package imports fine on a developer's machine. In a container the image holds "
        + "only what its build context and COPY lines put there, so `from L01_data_layer.client import L01Client` in "
        + "another layer's service raises ModuleNotFoundError at start: the package lives in a sibling service's "
        + "directory (or a shared one) that this build never copies.",
    example = "# services/worker/worker.py, built from services/worker\nfrom data_layer.client import DataClient   # lives in services/data-api\n"
        + "from shared.models import Device           # shared/ sits at the repository root, outside the context",
    fix = "Call the other service over HTTP instead of importing its code, or make the shared code a package: widen "
        + "the build context and COPY it, or install it from a package index.")
public final class ForeignPackageImport implements Rule {

  @Override
  public boolean readsSources() {
    return true;
  }

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    for (ServiceSources src : SourceFacts.of(stack).values()) {
      if (!src.hasSource()) continue;
      Set<String> declared = SourceFacts.declaredImports(src);
      for (SourceFile f : src.files()) {
        if (!f.language().equals("python")) continue;
        for (ImportRef i : f.imports()) {
          if (i.typeCheckingOnly()) continue;
          if (SourceFacts.resolve(src, f, i, declared) != SourceFacts.Resolution.MISSING) continue;
          List<Path> where = SourceFacts.projectModules(stack, i.topLevel());
          if (where.isEmpty()) continue;
          Path p = where.get(0);
          String owner = SourceFacts.owner(stack, p);
          String rel = stack.projectDir() == null ? p.toString() : stack.projectDir().relativize(p).toString();
          String whose = owner != null && !owner.equals(src.service()) ? " (service '" + owner + "')" : "";
          out.add(finding(src.service(), "'" + i.topLevel() + "' is imported here but lives in " + rel + whose
                  + ", which this service's image does not contain: ModuleNotFoundError at start", i.location())
              .severity(i.guarded() ? Severity.LOW : Severity.HIGH)
              .related(SourceLocation.of(p.toFile().isDirectory() ? firstPy(p) : p, 1), "the package")
              .remedy("call '" + (owner == null ? "its service" : owner) + "' over HTTP, or copy/install the package into this image")
              .build());
        }
      }
    }
    return out;
  }

  private static Path firstPy(Path dir) {
    Path init = dir.resolve("__init__.py");
    return init.toFile().exists() ? init : dir;
  }
}
