package dev.flotilla.check.rules;

import dev.flotilla.check.Finding;
import dev.flotilla.check.Rule;
import dev.flotilla.check.RuleInfo;
import dev.flotilla.check.facts.EnvReference;
import dev.flotilla.check.facts.EnvReferences;
import dev.flotilla.check.facts.Hosts;
import dev.flotilla.check.facts.ProcessCommand;
import dev.flotilla.check.facts.WellKnownImages;
import dev.flotilla.model.Category;
import dev.flotilla.model.EnvVar;
import dev.flotilla.model.Service;
import dev.flotilla.model.Severity;
import dev.flotilla.model.SourceLocation;
import dev.flotilla.model.Stack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@RuleInfo(
    code = "CFG002",
    severity = Severity.HIGH,
    category = Category.CONFIGURATION,
    title = "Client credentials or database name disagree with the database service",
    explanation = "The official postgres, mysql/mariadb and mongo images create exactly one user, password and database "
        + "from their `POSTGRES_*`/`MYSQL_*`/`MONGO_INITDB_*` variables on first start. A client whose `DATABASE_URL` "
        + "(or `DB_USER`/`DB_PASSWORD`/`DB_NAME` beside a `DB_HOST`) names another user, password or database gets "
        + "'password authentication failed' or 'database does not exist' at its first query — the seed's 'check "
        + "DATABASE_URL' failure. Init scripts mounted into `/docker-entrypoint-initdb.d` may create more users and "
        + "databases, so then only the password of the configured user is compared. Passwords are never printed.",
    example = "services:\n  api:\n    environment:\n      DATABASE_URL: postgres://app:secret@postgres:5432/appdb\n"
        + "  postgres:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: app\n      POSTGRES_PASSWORD: secret\n"
        + "      POSTGRES_DB: app   # the client asks for appdb",
    fix = "Use the same values on both sides — best from one variable (`${DB_PASSWORD}`) in both places.")
public final class CredentialMismatch implements Rule {

  private record Server(String kind, String user, SourceLocation userAt, String password, SourceLocation passwordAt, boolean passwordKnown,
      String database, SourceLocation databaseAt, boolean initScripts, String rootPassword) {}

  @Override
  public List<Finding> check(Stack stack) {
    Map<String, String> names = Hosts.names(stack);
    List<Finding> out = new ArrayList<>();
    for (Service s : stack.services().values()) {
      for (EnvReference r : EnvReferences.of(s)) {
        Optional<String> tn = Hosts.serviceFor(names, r.host());
        if (tn.isEmpty()) continue;
        Service t = stack.services().get(tn.get());
        String family = r.schemeFamily();
        if (family == null && r.kind() == EnvReference.Kind.HOST) family = familyOf(t);
        if (family == null || !(family.equals("postgres") || family.equals("mysql") || family.equals("mongodb"))) continue;
        Optional<Server> server = server(t, family);
        if (server.isEmpty()) continue;
        compare(s, r, t, server.get(), out);
      }
    }
    return out;
  }

  private static String familyOf(Service t) {
    return WellKnownImages.lookup(ProcessCommand.of(t).baseImage()).map(e -> e.program() == null ? null : switch (e.program()) {
      case "postgres" -> "postgres";
      case "mysqld" -> "mysql";
      case "mongod" -> "mongodb";
      default -> null;
    }).orElse(null);
  }

  /** Where the client wrote a part: for {@code DB_HOST} style references the partner variable ({@code DB_PASSWORD}), else the URL. */
  private static SourceLocation part(Service s, EnvReference r, String... suffixes) {
    if (r.kind() != EnvReference.Kind.HOST) return r.location();
    String prefix = r.variable().replaceFirst("_?(HOST|HOSTNAME)$", "");
    for (String suf : suffixes) {
      for (String name : List.of(prefix + "_" + suf, prefix + suf)) {
        EnvVar v = s.environment().get(name);
        if (v != null) return v.location();
      }
    }
    return r.location();
  }

  private void compare(Service s, EnvReference r, Service t, Server srv, List<Finding> out) {
    String user = r.user();
    if (user != null && (user.isEmpty() || user.contains("$"))) user = null;
    boolean userMatches = user == null || user.equals(srv.user) || (srv.kind.equals("mysql") && user.equals("root"));
    if (user != null && !userMatches && !srv.initScripts) {
      out.add(finding(s.name(), r.variable() + " logs in to '" + t.name() + "' as user '" + user + "', but " + t.name() + " creates only user '"
              + srv.user + "'", part(s, r, "USER", "USERNAME"))
          .related(srv.userAt, "the server's user is set here")
          .remedy("use user '" + srv.user + "', or create '" + user + "' in an init script")
          .build());
    }
    String pw = r.password();
    if (pw != null && !pw.contains("$") && srv.passwordKnown && (user == null || userMatches)) {
      String expected = srv.kind.equals("mysql") && "root".equals(user) ? srv.rootPassword : srv.password;
      if (expected != null && !expected.contains("$") && !expected.equals(pw) && (user == null || user.equals(srv.user) || "root".equals(user))) {
        out.add(finding(s.name(), r.variable() + " gives a password for '" + (user == null ? srv.user : user) + "' that differs from the one '"
                + t.name() + "' is configured with", part(s, r, "PASSWORD", "PASS"))
            .related(srv.passwordAt, "the server's password is set here")
            .remedy("use the same password on both sides, ideally one ${VARIABLE} in both places")
            .build());
      }
    }
    String db = r.database();
    if (db != null && !db.contains("$") && !srv.kind.equals("mongodb") && !srv.initScripts && srv.database != null && !db.equals(srv.database)
        && !(srv.kind.equals("postgres") && (db.equals("postgres") || db.equals("template1")))) {
      out.add(finding(s.name(), r.variable() + " asks '" + t.name() + "' for database '" + db + "', but " + t.name() + " creates database '"
              + srv.database + "'", part(s, r, "NAME", "DB", "DATABASE"))
          .related(srv.databaseAt, "the server's database is set here")
          .remedy("use database '" + srv.database + "', or create '" + db + "' in an init script")
          .build());
    }
  }

  private static Optional<Server> server(Service t, String family) {
    String image = ProcessCommand.of(t).baseImage();
    var entry = WellKnownImages.lookup(image);
    if (entry.isEmpty()) return Optional.empty();
    String prog = entry.get().program();
    boolean init = t.volumes().stream().anyMatch(v -> v.target() != null && v.target().startsWith("/docker-entrypoint-initdb.d"))
        || ProcessCommand.stageChain(t).stream().anyMatch(st -> st.instructions().stream()
            .anyMatch(i -> (i.is("COPY") || i.is("ADD")) && !i.args().isEmpty() && i.args().get(i.args().size() - 1).startsWith("/docker-entrypoint-initdb.d")));
    Map<String, String> env = ProcessCommand.of(t).env();
    if (family.equals("postgres") && "postgres".equals(prog)) {
      String user = env.getOrDefault("POSTGRES_USER", "postgres");
      if (user.isEmpty()) user = "postgres";
      String db = env.getOrDefault("POSTGRES_DB", user);
      if (db.isEmpty()) db = user;
      boolean pwKnown = env.containsKey("POSTGRES_PASSWORD") && !env.containsKey("POSTGRES_PASSWORD_FILE")
          && !"trust".equals(env.get("POSTGRES_HOST_AUTH_METHOD"));
      return Optional.of(new Server("postgres", user, at(t, "POSTGRES_USER"), env.get("POSTGRES_PASSWORD"), at(t, "POSTGRES_PASSWORD"), pwKnown,
          db, at(t, env.containsKey("POSTGRES_DB") ? "POSTGRES_DB" : "POSTGRES_USER"), init, null));
    }
    if (family.equals("mysql") && "mysqld".equals(prog)) {
      String user = env.getOrDefault("MYSQL_USER", env.get("MARIADB_USER"));
      String pw = env.getOrDefault("MYSQL_PASSWORD", env.get("MARIADB_PASSWORD"));
      String root = env.getOrDefault("MYSQL_ROOT_PASSWORD", env.get("MARIADB_ROOT_PASSWORD"));
      String db = env.getOrDefault("MYSQL_DATABASE", env.get("MARIADB_DATABASE"));
      return Optional.of(new Server("mysql", user == null ? "root" : user, at(t, "MYSQL_USER"), pw, at(t, "MYSQL_PASSWORD"), pw != null || root != null,
          db, at(t, "MYSQL_DATABASE"), init, root));
    }
    if (family.equals("mongodb") && "mongod".equals(prog)) {
      String user = env.get("MONGO_INITDB_ROOT_USERNAME");
      if (user == null) return Optional.empty();
      String pw = env.get("MONGO_INITDB_ROOT_PASSWORD");
      return Optional.of(new Server("mongodb", user, at(t, "MONGO_INITDB_ROOT_USERNAME"), pw, at(t, "MONGO_INITDB_ROOT_PASSWORD"), pw != null,
          null, SourceLocation.UNKNOWN, init, null));
    }
    return Optional.empty();
  }

  private static SourceLocation at(Service t, String var) {
    EnvVar v = t.environment().get(var);
    return v == null ? t.location() : v.location();
  }
}
