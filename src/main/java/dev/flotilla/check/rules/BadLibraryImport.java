package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.facts.SourceFacts;
import dev.flotilla.load.source.Knowledge;
import dev.flotilla.model.Category;
import dev.flotilla.model.ImportRef;
import dev.flotilla.model.ServiceSources;
import dev.flotilla.model.Severity;
import dev.flotilla.model.SourceFile;
import dev.flotilla.model.Stack;
import java.util.ArrayList;
import java.util.List;

@RuleInfo(
    code = "COD001",
    severity = Severity.HIGH,
    category = Category.CODE,
    title = "Import of a name the library does not export",
    explanation = "`from fastapi import HTTPStatus` looks right and type-checks in some editors, but FastAPI does not "
        + "export HTTPStatus: the module fails with ImportError the moment the container starts, and every service "
        + "that copied the line fails the same way. The names libraries do not export (and what to import instead) "
        + "are a data table, flotilla/bad-imports.txt, that grows with each post-mortem.",
    example = "from fastapi import FastAPI, HTTPStatus   # ImportError: cannot import name 'HTTPStatus'",
    fix = "Import the name from where it lives, e.g. `from http import HTTPStatus`.")
public final class BadLibraryImport implements Rule {

  @Override
  public boolean readsSources() {
    return true;
  }

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    for (ServiceSources src : SourceFacts.of(stack).values()) {
      for (SourceFile f : src.files()) {
        if (!f.language().equals("python")) continue;
        for (ImportRef i : f.imports()) {
          if (i.level() > 0 || SourceFacts.isLocal(src, i.topLevel())) continue;
          for (ImportRef.Name n : i.names()) {
            Knowledge.badImport(i.module(), n.name()).ifPresent(b -> out.add(
                finding(src.service(), "'from " + i.module() + " import " + n.name() + "' fails: " + b.why(), n.location())
                    .remedy(b.instead())
                    .build()));
          }
        }
      }
    }
    return out;
  }
}
