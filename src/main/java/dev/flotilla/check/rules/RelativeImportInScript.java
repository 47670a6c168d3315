package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.facts.SourceFacts;
import dev.flotilla.model.Category;
import dev.flotilla.model.EntryPoint;
import dev.flotilla.model.ImportRef;
import dev.flotilla.model.ServiceSources;
import dev.flotilla.model.Severity;
import dev.flotilla.model.SourceFile;
import dev.flotilla.model.Stack;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@RuleInfo(
    code = "COD006",
    severity = Severity.HIGH,
    category = Category.CODE,
    title = "Relative import in a module the image runs as a script",
    explanation = "`python main.py` runs main.py as the top-level script `__main__`, outside any package, so "
        + "`from .database import db` raises \"ImportError: attempted relative import with no known parent package\" "
        + "at start — even though the same code works under `python -m app.main` or `uvicorn app.main:app`.",
    example = "# CMD [\"python\", \"main.py\"]\nfrom .database import db",
    fix = "Start it as a module (`python -m package.main`, `uvicorn package.main:app`) from the directory above the "
        + "package, or use an absolute import (`from database import db`).")
public final class RelativeImportInScript implements Rule {

  @Override
  public boolean readsSources() {
    return true;
  }

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    for (ServiceSources src : SourceFacts.of(stack).values()) {
      EntryPoint e = src.entry();
      if (e.kind() != EntryPoint.Kind.SCRIPT || e.target() == null || !e.target().endsWith(".py")) continue;
      Optional<SourceFile> script = src.file(e.target());
      if (script.isEmpty()) continue;
      for (ImportRef i : script.get().imports()) {
        if (i.level() == 0) continue;
        String dots = ".".repeat(i.level());
        out.add(finding(src.service(), "'from " + dots + i.module() + " import …' in " + e.target()
                + ", which the container runs as a script (" + String.join(" ", e.argv()) + "): ImportError: attempted "
                + "relative import with no known parent package", i.location())
            .related(e.location(), "started as a script here")
            .remedy("use 'from " + (i.module().isEmpty() ? "<module>" : i.module()) + " import …', or run it with python -m")
            .build());
      }
    }
    return out;
  }
}
