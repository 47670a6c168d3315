package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.model.Category;
import dev.flotilla.model.EnvFile;
import dev.flotilla.model.LoadWarning;
import dev.flotilla.model.Service;
import dev.flotilla.model.Severity;
import dev.flotilla.model.Stack;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@RuleInfo(
    code = "CFG001",
    severity = Severity.MEDIUM,
    category = Category.CONFIGURATION,
    title = "Variable with no value and no default; env_file that does not exist",
    explanation = "`${VAR}` with neither a value (shell, `.env`) nor a default becomes an empty string, silently: an empty "
        + "password makes PostgreSQL refuse to initialise, an empty image tag pulls `latest`, an empty host makes the "
        + "client connect to itself. A missing `env_file` that is not `required: false` stops compose outright. Flotilla "
        + "judges the project as a fresh clone sees it: a value that exists only in your shell does not count.",
    example = "services:\n  api:\n    environment:\n      DATABASE_URL: postgres://app:${DB_PASSWORD}@postgres/app   # DB_PASSWORD set nowhere",
    fix = "Give a default (`${DB_PASSWORD:-dev}`), require it loudly (`${DB_PASSWORD:?set DB_PASSWORD}`), or add it to a "
        + "committed `.env`/`.env.example`.")
public final class UnsetVariable implements Rule {

  private static final Pattern UNSET = Pattern.compile("the \"([^\"]+)\" variable is not set; defaulting to a blank string \\(in ([^)]*)\\)");

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (LoadWarning w : stack.warnings()) {
      Matcher m = UNSET.matcher(w.message());
      if (!m.find()) continue;
      String name = m.group(1);
      String key = m.group(2);
      if (!seen.add(name + "|" + w.location())) continue;
      String service = serviceOf(key, stack);
      Severity sev = key.matches("services\\.[^.]+\\.(image|build.*|ports.*|volumes.*|env_file.*)") ? Severity.HIGH : Severity.MEDIUM;
      out.add(finding(service, "${" + name + "} has no value and no default (in " + key + "): it becomes an empty string", w.location())
          .severity(sev)
          .remedy("write ${" + name + ":-default}, ${" + name + ":?message}, or set " + name + " in a committed .env")
          .build());
    }
    for (Service s : stack.services().values()) {
      for (EnvFile f : s.envFiles()) {
        if (!f.required() || f.path() == null || Files.exists(f.path())) continue;
        out.add(finding(s.name(), "env_file " + f.raw() + " does not exist: compose refuses to start '" + s.name() + "'", f.location())
            .severity(Severity.HIGH)
            .remedy("create it (commit an example), or write env_file: { path: " + f.raw() + ", required: false }")
            .build());
      }
    }
    return out;
  }

  private static String serviceOf(String key, Stack stack) {
    if (key.startsWith("services.")) {
      String rest = key.substring("services.".length());
      int dot = rest.indexOf('.');
      String name = dot < 0 ? rest : rest.substring(0, dot);
      if (stack.services().containsKey(name)) return name;
    }
    return null;
  }
}
