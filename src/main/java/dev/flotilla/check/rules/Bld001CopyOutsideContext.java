package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.facts.BuildInputs;
import dev.flotilla.model.Category;
import dev.flotilla.model.Service;
import dev.flotilla.model.Severity;
import dev.flotilla.model.Stack;
import java.util.ArrayList;
import java.util.List;

@RuleInfo(
    code = "BLD001",
    severity = Severity.CRITICAL,
    category = Category.BUILD,
    title = "COPY/ADD source outside the build context",
    explanation = "Docker sends only the build context (the directory named by build.context) to the builder. "
        + "A COPY or ADD whose source climbs out of it (COPY ../shared ./shared with context: ./services/x) "
        + "fails with 'failed to compute cache key: not found' on every machine, every time. "
        + "It often looks fine to the author because the Dockerfile was written for a root context.",
    example = "# compose.yaml\nservices:\n  api:\n    build: ./services/api\n# services/api/Dockerfile\nFROM python:3.12-slim\nCOPY ../shared ./shared",
    fix = "Build from the directory that holds everything the image needs: set build.context to the common parent "
        + "(often the project root), build.dockerfile to the Dockerfile's path from there, and rewrite the COPY "
        + "sources relative to the new context (COPY shared ./shared, COPY services/api/src ./src). "
        + "flotilla check --fix does this rewrite.",
    fixable = true)
public final class Bld001CopyOutsideContext implements Rule {

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    for (Service s : stack.services().values()) {
      if (!s.builds() || BuildInputs.remoteContext(s.build())) continue;
      for (BuildInputs.Source src : BuildInputs.sources(s)) {
        if (!src.outsideContext()) continue;
        out.add(finding(s.name(),
                src.instruction().keyword() + " source '" + src.text() + "' is outside the build context "
                    + s.build().contextRaw() + " of service " + s.name(),
                src.instruction().location())
            .related(s.build().location(), "build context set here: " + s.build().contextRaw())
            .remedy("set build.context to a directory that contains " + src.resolved().getFileName()
                + " (e.g. the project root) and rewrite the COPY paths relative to it")
            .fix(RootContextFix.forService(stack, s).orElse(null))
            .build());
      }
    }
    return out;
  }
}
