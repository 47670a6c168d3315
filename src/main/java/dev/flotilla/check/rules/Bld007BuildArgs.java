package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.model.Category;
import dev.flotilla.model.Dockerfile;
import dev.flotilla.model.Instruction;
import dev.flotilla.model.Located;
import dev.flotilla.model.Service;
import dev.flotilla.model.Severity;
import dev.flotilla.model.Stack;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

@RuleInfo(
    code = "BLD007",
    severity = Severity.MEDIUM,
    category = Category.BUILD,
    title = "build arg the Dockerfile never declares, or a required ARG left without a value",
    explanation = "A build.args entry only reaches the build when the Dockerfile declares it with ARG; "
        + "otherwise Docker drops it with a warning nobody reads, and the build quietly uses whatever the "
        + "Dockerfile hard-codes (often a typo: PYTHON_VERSON). The other way round, an ARG without a default "
        + "that the Dockerfile uses and compose never sets expands to an empty string: FROM python:${PY}-slim "
        + "becomes FROM python:-slim.",
    example = "services:\n  api:\n    build:\n      context: .\n      args:\n        PYTHON_VERSON: \"3.12\"   # Dockerfile has ARG PYTHON_VERSION",
    fix = "Spell the arg as the Dockerfile declares it, add the missing ARG line, or give the ARG a default (ARG PY=3.12).")
public final class Bld007BuildArgs implements Rule {

  /** Args BuildKit and the CLI define without an ARG line. */
  static final Set<String> PREDEFINED = Set.of(
      "HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY",
      "http_proxy", "https_proxy", "ftp_proxy", "no_proxy", "all_proxy",
      "BUILDKIT_INLINE_CACHE", "BUILDKIT_MULTI_PLATFORM", "BUILDKIT_SANDBOX_HOSTNAME", "BUILDKIT_SYNTAX",
      "BUILDKIT_CONTEXT_KEEP_GIT_DIR", "SOURCE_DATE_EPOCH");

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    for (Service s : stack.services().values()) {
      if (!s.builds() || s.build().parsed() == null) continue;
      Dockerfile df = s.build().parsed();
      Map<String, Instruction> declared = new LinkedHashMap<>();
      Map<String, Boolean> hasDefault = new LinkedHashMap<>();
      for (Instruction i : df.instructions()) {
        if (!i.is("ARG")) continue;
        for (String a : i.args()) {
          int eq = a.indexOf('=');
          String name = eq < 0 ? a : a.substring(0, eq);
          declared.putIfAbsent(name, i);
          hasDefault.merge(name, eq >= 0, Boolean::logicalOr);
        }
      }
      for (Map.Entry<String, Located<String>> e : s.build().args().entrySet()) {
        String name = e.getKey();
        if (declared.containsKey(name) || PREDEFINED.contains(name) || name.startsWith("BUILDKIT_")) continue;
        String near = nearest(name, declared.keySet());
        out.add(finding(s.name(), "build arg " + name + " is not declared by any ARG in " + df.file().getFileName() + ": Docker ignores it",
                e.getValue().location())
            .related(df.instructions().isEmpty() ? null : df.instructions().get(0).location(), "the Dockerfile")
            .remedy(near != null ? "did you mean " + near + "?" : "add 'ARG " + name + "' to the Dockerfile where it is used, or drop the arg")
            .build());
      }
      String text = usesText(df);
      for (Map.Entry<String, Instruction> d : declared.entrySet()) {
        String name = d.getKey();
        if (hasDefault.get(name) || s.build().args().containsKey(name) || PREDEFINED.contains(name)) continue;
        if (!usedWithoutFallback(text, name)) continue;
        out.add(finding(s.name(), "ARG " + name + " has no default and service " + s.name() + " sets no build arg for it: it expands to an empty string",
                d.getValue().location())
            .related(s.build().location(), "build of " + s.name())
            .remedy("give it a default (ARG " + name + "=…) or set build.args." + name + " in compose")
            .build());
      }
    }
    return out;
  }

  private static String usesText(Dockerfile df) {
    StringBuilder sb = new StringBuilder();
    for (Instruction i : df.instructions()) {
      if (i.is("ARG")) continue;
      sb.append(i.raw()).append('\n');
    }
    return sb.toString();
  }

  static boolean usedWithoutFallback(String text, String name) {
    Pattern bare = Pattern.compile("\\$" + Pattern.quote(name) + "(?![A-Za-z0-9_])");
    Pattern braced = Pattern.compile("\\$\\{" + Pattern.quote(name) + "}");
    return bare.matcher(text).find() || braced.matcher(text).find();
  }

  /** A declared name one or two edits away, the usual typo. */
  static String nearest(String name, Set<String> candidates) {
    String best = null;
    int bestD = 3;
    for (String c : candidates) {
      int d = distance(name.toUpperCase(), c.toUpperCase());
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    return best;
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
