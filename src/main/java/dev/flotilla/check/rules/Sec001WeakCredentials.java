package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.model.Category;
import dev.flotilla.model.EnvVar;
import dev.flotilla.model.Instruction;
import dev.flotilla.model.Service;
import dev.flotilla.model.Severity;
import dev.flotilla.model.Stack;
import dev.flotilla.model.Stage;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

@RuleInfo(
    code = "SEC001",
    severity = Severity.HIGH,
    category = Category.SECURITY,
    title = "default or weak credentials",
    explanation = "postgres/postgres, admin/admin, root, guest, changeme and password are the first guesses of "
        + "every scanner. A database or broker that ships with them, or with authentication switched off "
        + "(POSTGRES_HOST_AUTH_METHOD=trust, MYSQL_ALLOW_EMPTY_PASSWORD), is open to anyone who reaches its port, "
        + "and compose files are copied from development to production more often than anyone admits. "
        + "A ${VAR:-postgres} default counts too: it is what runs when the variable is unset.",
    example = "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: postgres",
    fix = "Take credentials from the environment or a secret (POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it}, "
        + "or POSTGRES_PASSWORD_FILE with compose secrets) and use a generated password.")
public final class Sec001WeakCredentials implements Rule {

  @Override
  public List<Finding> check(Stack stack) {
    List<Finding> out = new ArrayList<>();
    for (Service s : stack.services().values()) {
      for (EnvVar e : s.environment().values()) {
        if (!e.hasValue()) continue;
        String problem = problem(e.name(), e.value(), s.environment());
        if (problem != null) {
          out.add(finding(s.name(), problem + " in service " + s.name(), e.location())
              .remedy("set " + e.name() + " from a secret or ${VARIABLE} with a generated value")
              .build());
        }
      }
      s.buildStage().ifPresent(st -> dockerfile(s, st, out));
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
        String value = unquote(kv.substring(eq + 1));
        String problem = problem(name, value, Map.of());
        if (problem != null) {
          out.add(finding(s.name(), problem + " in " + i.keyword() + " of " + st.from().location().file().getFileName(), i.location())
              .remedy("do not bake credentials into the image; pass them at run time from a secret")
              .build());
        }
      }
    }
  }

  static String unquote(String v) {
    if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }

  static String problem(String name, String value, Map<String, EnvVar> env) {
    String n = name.toUpperCase(Locale.ROOT);
    String v = value.trim();
    if (n.equals("POSTGRES_HOST_AUTH_METHOD") && v.equalsIgnoreCase("trust")) {
      return "POSTGRES_HOST_AUTH_METHOD=trust lets anyone log in without a password";
    }
    if ((n.equals("MYSQL_ALLOW_EMPTY_PASSWORD") || n.equals("MARIADB_ALLOW_EMPTY_ROOT_PASSWORD") || n.equals("ALLOW_EMPTY_PASSWORD"))
        && (v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("true") || v.equals("1"))) {
      return name + " leaves the database without a password";
    }
    if (SecretNames.isPasswordName(n) || n.endsWith("_SECRET") || n.equals("SECRET_KEY")) {
      if (SecretNames.isWeak(v)) return name + " is a well-known default (" + SecretNames.mask(v) + ")";
      String user = userFor(n, env);
      if (user != null && user.equals(v) && !v.isEmpty()) return name + " equals the user name";
    }
    if (v.contains("://") && v.contains("@")) {
      try {
        URI u = URI.create(v);
        String info = u.getRawUserInfo();
        if (info != null && info.contains(":")) {
          String user = info.substring(0, info.indexOf(':'));
          String pass = info.substring(info.indexOf(':') + 1);
          if (SecretNames.isWeak(pass) || pass.equals(user)) {
            return name + " connects with a weak password (" + user + ":" + SecretNames.mask(pass) + ")";
          }
        }
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return null;
  }

  private static String userFor(String passwordName, Map<String, EnvVar> env) {
    for (String suffix : List.of("_PASSWORD", "_PASS", "_PWD")) {
      if (passwordName.endsWith(suffix)) {
        String prefix = passwordName.substring(0, passwordName.length() - suffix.length());
        for (String u : List.of(prefix + "_USER", prefix + "_USERNAME", prefix + "_USR")) {
          EnvVar e = env.get(u);
          if (e != null && e.hasValue()) return e.value();
        }
      }
    }
    return null;
  }
}
