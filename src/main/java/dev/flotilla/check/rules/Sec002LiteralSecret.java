package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.facts.ProjectText;
import dev.flotilla.model.Category;
import dev.flotilla.model.EnvVar;
import dev.flotilla.model.Instruction;
import dev.flotilla.model.Service;
import dev.flotilla.model.Severity;
import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.Stack;
import dev.flotilla.model.Stage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

@RuleInfo(
    code = "SEC002",
    severity = Severity.HIGH,
    category = Category.SECURITY,
    title = "a secret written as a literal in compose environment or Dockerfile ENV/ARG",
    explanation = "A password, token or key written into the compose file or the Dockerfile is in git history "
        + "forever, in every clone and CI log, and (for ENV and ARG) in every layer of the image, where "
        + "docker history shows it to anyone who can pull. Values that come from ${VARIABLES}, env files or "
        + "compose secrets are not flagged; values shaped like cloud or GitHub tokens are flagged wherever "
        + "they appear. Flotilla never prints the value.",
    example = "services:\n  api:\n    environment:\n      STRIPE_SECRET_KEY: sk_live_51H8xYzAbCdEfGhIjKlMnOp",
    fix = "Reference a variable (STRIPE_SECRET_KEY: ${STRIPE_SECRET_KEY}) kept in an untracked .env or the "
        + "deploy environment, or use compose secrets; in Dockerfiles use RUN --mount=type=secret. Rotate the "
        + "leaked secret.")
public final class Sec002LiteralSecret implements Rule {

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    Set<Path> composeFiles = new HashSet<>();
    for (Path f : stack.files()) composeFiles.add(f.toAbsolutePath().normalize());
    Set<String> seenStages = new HashSet<>();
    for (Service s : stack.services().values()) {
      for (EnvVar e : s.environment().values()) {
        if (!e.hasValue() || e.value().isBlank() || e.location().file() == null) continue;
        if (!composeFiles.contains(e.location().file().toAbsolutePath().normalize())) continue; // env files are the right place
        if (!writtenLiterally(e)) continue;
        String why = why(e.name(), e.value());
        if (why == null) continue;
        out.add(finding(s.name(), e.name() + " of " + s.name() + " is " + why + " written into the compose file", e.location())
            .remedy("use " + e.name() + ": ${" + e.name() + "} with the value in an untracked .env or a compose secret, and rotate it")
            .build());
      }
      s.buildStage().ifPresent(st -> {
        if (seenStages.add(st.from().location().toString())) dockerfile(s, st, out);
      });
    }
    return out;
  }

  private void dockerfile(Service s, Stage st, List<Finding> out) {
    for (Instruction i : st.instructions()) {
      if (!i.is("ENV") && !i.is("ARG")) continue;
      for (String kv : i.args()) {
        int eq = kv.indexOf('=');
        if (eq < 0) continue;
        String name = kv.substring(0, eq);
        String value = Sec001WeakCredentials.unquote(kv.substring(eq + 1));
        if (value.isBlank() || i.raw().contains("$" + "{") && i.raw().contains(name + "=$")) continue;
        String why = why(name, value);
        if (why == null) continue;
        out.add(finding(s.name(), i.keyword() + " " + name + " is " + why + " baked into the image (docker history shows it)", i.location())
            .remedy("pass it at build time with RUN --mount=type=secret, or at run time from the environment; rotate it")
            .build());
      }
    }
  }

  /** The raw compose line holds the value itself, not a ${VARIABLE}. */
  private static boolean writtenLiterally(EnvVar e) {
    String line = ProjectText.line(e.location());
    if (line.isEmpty()) return false;
    int k = line.indexOf(e.name());
    String rest = k < 0 ? line : line.substring(k + e.name().length());
    if (rest.contains("$")) return false;
    String after = rest.replaceFirst("^\\s*[:=]", "").strip();
    if (after.isEmpty() || after.equals("|") || after.equals(">")) {
      // a block scalar on the following lines: judge by the model's value
      return !e.value().contains("$");
    }
    return true;
  }

  static String why(String name, String value) {
    String v = value.trim();
    if (SecretNames.KNOWN_TOKEN.matcher(v).find()) return "a credential (its shape matches a known token format)";
    if (!SecretNames.isSecretName(name)) return null;
    if (SecretNames.isWeak(v)) return null; // SEC001 reports weak defaults
    if (placeholder(v)) return null;
    if (v.length() < 6) return null;
    if (v.contains("://") && !v.matches(".*://[^/@]*:[^/@]+@.*")) return null; // a URL without a password
    return "a secret (" + SecretNames.mask(v) + ")";
  }

  static boolean placeholder(String v) {
    String l = v.toLowerCase(Locale.ROOT);
    return l.startsWith("/run/secrets/") || l.startsWith("/") && !l.contains(" ") && l.contains("/secrets")
        || l.matches("(<.*>|\\*+|x+|\\.\\.\\.|todo|tbd|none|null|false|true|disabled|your[-_].*|replace[-_]?me.*|change[-_]?me.*)")
        || l.startsWith("file:") || l.startsWith("vault:") || l.startsWith("arn:aws:secretsmanager") || l.startsWith("op://");
  }

}
