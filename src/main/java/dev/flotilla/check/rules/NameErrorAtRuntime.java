package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.facts.SourceFacts;
import dev.flotilla.model.Category;
import dev.flotilla.model.NameProblem;
import dev.flotilla.model.ServiceSources;
import dev.flotilla.model.Severity;
import dev.flotilla.model.SourceFile;
import dev.flotilla.model.Stack;
import java.util.ArrayList;
import java.util.List;

@RuleInfo(
    code = "COD003",
    severity = Severity.HIGH,
    category = Category.CODE,
    title = "Name used before it is defined, or never defined (NameError)",
    explanation = "Python evaluates decorators, default arguments (`Depends(get_current_user)`), class bodies and "
        + "module-level code when the module is imported. A name they use that the module binds only further down "
        + "raises NameError at import, so the service never starts. A name used anywhere that is never imported or "
        + "defined (`Body`, `Session` used without an import) raises NameError when that code runs.",
    example = "@app.get(\"/me\")\ndef me(user = Depends(get_current_user)): ...   # NameError at import\n\ndef get_current_user(): ...",
    fix = "Move the definition above its first import-time use, or add the missing import.")
public final class NameErrorAtRuntime implements Rule {

  @Override
  public boolean readsSources() {
    return true;
  }

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    for (ServiceSources src : SourceFacts.of(stack).values()) {
      for (SourceFile f : src.files()) {
        for (NameProblem p : f.nameProblems()) {
          String msg = p.kind() == NameProblem.Kind.USED_BEFORE_DEFINITION
              ? "'" + p.name() + "' is used when the module is imported, before it is defined"
                  + (p.definedAt().known() ? " (line " + p.definedAt().line() + ")" : "") + ": NameError at start"
              : "'" + p.name() + "' is used but never imported or defined: NameError when this line runs";
          out.add(finding(src.service(), msg, p.location())
              .related(p.definedAt(), "defined here")
              .remedy(p.kind() == NameProblem.Kind.USED_BEFORE_DEFINITION
                  ? "move the definition of '" + p.name() + "' above this line"
                  : "import '" + p.name() + "' (or define it)")
              .build());
        }
      }
    }
    return out;
  }
}
