package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.model.Category;
import dev.flotilla.model.Dependency;
import dev.flotilla.model.Service;
import dev.flotilla.model.Severity;
import dev.flotilla.model.Stack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

@RuleInfo(
    code = "DEP001",
    severity = Severity.CRITICAL,
    category = Category.DEPENDENCY,
    title = "depends_on names a service that does not exist or is in an inactive profile",
    explanation = "Compose refuses the whole project when `depends_on` (or `network_mode: service:…`) names a service it does "
        + "not define — a typo, or a service renamed or moved to another file. When the dependency exists only under a "
        + "profile the dependant does not share, `docker compose up` fails unless that profile is enabled too.",
    example = "services:\n  api:\n    depends_on: [postgress]   # the service is 'postgres'",
    fix = "Name an existing service; for profile-gated dependencies give the dependant the same profile, or the "
        + "dependency none.")
public final class DependsOnUnknownService implements Rule {

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    for (Service s : stack.services().values()) {
      for (Map.Entry<String, Dependency> e : s.dependsOn().entrySet()) {
        Dependency d = e.getValue();
        if (d.inferred() || !d.required()) continue; // compose itself skips a dependency with required: false
        String name = e.getKey();
        Service dep = stack.services().get(name);
        if (dep == null) {
          out.add(finding(s.name(), "depends_on names '" + name + "', which is not a service of this project"
                  + Names.didYouMean(name, stack.services().keySet()), d.location())
              .remedy("name one of: " + String.join(", ", stack.services().keySet()))
              .build());
          continue;
        }
        String gap = profileGap(s, dep);
        if (gap != null) {
          out.add(finding(s.name(), "depends_on '" + name + "', which only runs with profile " + dep.profiles()
                  + ", but '" + s.name() + "' also runs " + gap + ": `docker compose up` then fails", d.location())
              .severity(Severity.MEDIUM)
              .related(dep.location(), "'" + name + "' is defined here")
              .remedy("give '" + s.name() + "' the profile(s) " + dep.profiles() + ", or remove them from '" + name + "'")
              .build());
        }
      }
      String nm = s.networkMode();
      if (nm != null && nm.startsWith("service:")) {
        String name = nm.substring("service:".length());
        if (!stack.services().containsKey(name)) {
          out.add(finding(s.name(), "network_mode names service '" + name + "', which is not a service of this project"
                  + Names.didYouMean(name, stack.services().keySet()), s.location())
              .build());
        }
      }
    }
    return out;
  }

  /** When {@code s} can run without {@code dep}'s profiles: a description of when, else null. */
  private static String profileGap(Service s, Service dep) {
    if (dep.profiles().isEmpty()) return null;
    if (s.profiles().isEmpty()) return "without any profile";
    for (String p : s.profiles()) if (!dep.profiles().contains(p)) return "with profile '" + p + "'";
    return null;
  }
}
