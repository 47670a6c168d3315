package dev.flotilla.track;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.flotilla.model.Category;
import dev.flotilla.model.Severity;
import dev.flotilla.model.UserError;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The record of every deployment, phase, event, error, health sample and check run: an embedded H2
 * file under the project's {@code .flotilla/} directory by default, or a PostgreSQL server for a
 * team. Opening applies the schema migrations. Every write is one transaction (retried on a
 * concurrent conflict), and every text passes through the redactor before it is written, so no
 * secret reaches the database.
 *
 * <p>Thread-safe; two processes may write one store at once (see docs/store.md).
 */
public final class Store implements AutoCloseable {
  /** Environment variable naming the database when {@code --db} is not given. */
  public static final String ENV_DB = "FLOTILLA_DB";

  private static final int MAX_ATTEMPTS = 8;
  private static final int TEXT_LIMIT = 64 * 1024;

  private final HikariDataSource dataSource;
  private final String displayUrl;
  private final boolean postgres;

  static {
    // H2's automatic mixed mode serves the open file to other processes over TCP: loopback only.
    if (System.getProperty("h2.bindAddress") == null) System.setProperty("h2.bindAddress", "127.0.0.1");
  }

  private Store(HikariDataSource dataSource, String displayUrl, boolean postgres) {
    this.dataSource = dataSource;
    this.displayUrl = displayUrl;
    this.postgres = postgres;
  }

  // ---------------------------------------------------------------- opening

  /**
   * The JDBC URL to use: {@code --db} when given, else {@code FLOTILLA_DB}, else the embedded file
   * {@code <projectDir>/.flotilla/flotilla} (H2).
   */
  public static String resolveUrl(String dbOption, Path projectDir, Map<String, String> env) {
    if (dbOption != null && !dbOption.isBlank()) return dbOption.trim();
    String fromEnv = env == null ? null : env.get(ENV_DB);
    if (fromEnv != null && !fromEnv.isBlank()) return fromEnv.trim();
    Path dir = (projectDir == null ? Path.of("") : projectDir).toAbsolutePath().normalize();
    return "jdbc:h2:file:" + dir.resolve(".flotilla").resolve("flotilla");
  }

  /** Opens the embedded store of a project directory ({@code .flotilla/flotilla.mv.db}). */
  public static Store openProject(Path projectDir) {
    return open(resolveUrl(null, projectDir, Map.of()));
  }

  /**
   * Opens (creating when needed) the store at a JDBC URL and migrates its schema. An unreachable
   * server is a {@link UserError} of kind UNREACHABLE (exit 3); a URL that is not H2 or PostgreSQL
   * is an INPUT error (exit 2).
   */
  public static Store open(String jdbcUrl) {
    String shown = Redaction.url(jdbcUrl);
    boolean pg = jdbcUrl.startsWith("jdbc:postgresql:");
    boolean h2 = jdbcUrl.startsWith("jdbc:h2:");
    if (!pg && !h2) {
      throw UserError.input("unsupported database URL " + shown
          + ": use jdbc:postgresql://HOST:PORT/DB or jdbc:h2:file:PATH (or leave --db out for the project's embedded store)");
    }
    String url = h2 ? h2Url(jdbcUrl) : jdbcUrl;
    Path file = h2 ? h2File(url) : null;
    if (file == null) return connect(url, shown, pg);
    createDirectories(file.getParent());
    // Two processes opening one fresh file at the same instant race for H2's lock file; the loser
    // would fail with "Lock file recently modified". An OS lock held only while opening makes the
    // second wait until the first has opened the file and published its server address.
    Path lockFile = file.resolveSibling(file.getFileName() + ".open.lock");
    synchronized (Store.class) { // a FileLock is per process: threads of this one queue here
      try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock ignored = ch.lock()) {
        try {
          return connect(url, shown, false);
        } catch (RuntimeException e) {
          // Another process had the file open, so this one reached it through that process's
          // server, and that process has exited meanwhile (its server with it). Opening again
          // opens the file directly.
          if (!closedUnderUs(e)) throw e;
          return connect(url, shown, false);
        }
      } catch (java.io.IOException e) {
        throw UserError.input("cannot lock " + lockFile + ": " + e.getMessage()
            + " (make the directory writable or choose another store with --db)");
      }
    }
  }

  /** Whether {@code e} says the embedded database went away while being opened (H2 90121 "database closed", 90067 "connection broken"). */
  static boolean closedUnderUs(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql && (sql.getErrorCode() == 90121 || sql.getErrorCode() == 90067)) return true;
    }
    return false;
  }

  private static Store connect(String url, String shown, boolean pg) {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(url);
    cfg.setDriverClassName(pg ? "org.postgresql.Driver" : "org.h2.Driver");
    cfg.setPoolName("flotilla-store");
    cfg.setMaximumPoolSize(4);
    // One connection stays open: it keeps an embedded file open (and its server up for others).
    cfg.setMinimumIdle(1);
    cfg.setConnectionTimeout(10_000);
    cfg.setInitializationFailTimeout(1);
    cfg.setAutoCommit(false);
    cfg.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    if (pg) cfg.addDataSourceProperty("connectTimeout", "5");
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(cfg);
    } catch (RuntimeException e) {
      throw unreachable(shown, e);
    }
    try {
      if (!schemaCurrent(ds)) {
        migrate(ds, pg);
        addMissingWords(ds);
      }
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
    return new Store(ds, shown, pg);
  }

  /**
   * Embedded H2 settings: AUTO_SERVER lets a second process (say {@code watch} beside {@code up})
   * open the same file through the first one; WRITE_DELAY=0 writes each commit to the file before
   * the commit returns, so a killed process loses nothing it reported committed; a generous lock
   * timeout makes a writer wait for another instead of failing.
   */
  static String h2Url(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:h2:mem:") || lower.startsWith("jdbc:h2:tcp:") || lower.startsWith("jdbc:h2:ssl:")) return url;
    StringBuilder sb = new StringBuilder(url);
    if (!lower.contains(";auto_server=")) sb.append(";AUTO_SERVER=TRUE");
    if (!lower.contains(";write_delay=")) sb.append(";WRITE_DELAY=0");
    if (!lower.contains(";lock_timeout=")) sb.append(";LOCK_TIMEOUT=20000");
    return sb.toString();
  }

  /** The database file an embedded H2 URL names (without .mv.db), or null for memory and server URLs. */
  static Path h2File(String h2Url) {
    String rest = h2Url.substring("jdbc:h2:".length());
    if (rest.startsWith("mem:") || rest.startsWith("tcp:") || rest.startsWith("ssl:")) return null;
    if (rest.startsWith("file:")) rest = rest.substring(5);
    int semi = rest.indexOf(';');
    if (semi >= 0) rest = rest.substring(0, semi);
    if (rest.startsWith("~")) rest = System.getProperty("user.home") + rest.substring(1);
    return Path.of(rest).toAbsolutePath();
  }

  private static void createDirectories(Path dir) {
    try {
      if (dir != null) Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw UserError.input("cannot create the store directory " + dir + ": " + e.getMessage()
          + " (make it writable or choose another with --db)");
    }
  }

  /**
   * The newest migration in {@code db/migration}; a store already at it skips Flyway, which costs
   * a second or more of start-up on every command. {@code StoreSchemaTest} keeps it in step.
   */
  static final String SCHEMA_VERSION = "11";

  private static boolean schemaCurrent(HikariDataSource ds) {
    try (Connection c = ds.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT COUNT(*) FROM \"flotilla_schema_history\" WHERE \"version\" = ? AND \"success\" = TRUE")) {
        ps.setString(1, SCHEMA_VERSION);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() && rs.getInt(1) > 0;
        }
      } finally {
        c.rollback();
      }
    } catch (SQLException e) {
      return false; // no history table yet: a new store
    }
  }

  private static void migrate(HikariDataSource ds, boolean pg) {
    try {
      Flyway.configure(Store.class.getClassLoader())
          .dataSource(ds)
          .locations("classpath:db/migration")
          .table("flotilla_schema_history")
          .baselineOnMigrate(false)
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new IllegalStateException("store schema migration failed: " + Redaction.text(String.valueOf(e.getMessage())), e);
    }
  }

  /**
   * Gives errors recorded before {@code V11__error_words} (or by an older flotilla) their words,
   * in batches; runs only when the schema was migrated, so a current store pays nothing.
   */
  static void addMissingWords(HikariDataSource ds) {
    try (Connection c = ds.getConnection()) {
      List<Object[]> todo = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT id, error_code, error_message FROM deployment_errors e"
          + " WHERE NOT EXISTS (SELECT 1 FROM deployment_error_words w WHERE w.error_id = e.id)");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) todo.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3)});
      }
      for (int i = 0; i < todo.size(); i += 1000) {
        for (Object[] r : todo.subList(i, Math.min(todo.size(), i + 1000))) {
          writeWords(c, (Long) r[0], ErrorWords.of((String) r[1], (String) r[2]));
        }
        c.commit();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("indexing the words of recorded errors failed: " + Redaction.text(String.valueOf(e.getMessage())), e);
    }
  }

  private static void writeWords(Connection c, long errorId, java.util.Set<String> words) throws SQLException {
    if (words.isEmpty()) return;
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO deployment_error_words (word, error_id) VALUES (?, ?)")) {
      for (String w : words) {
        ps.setString(1, w);
        ps.setLong(2, errorId);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static UserError unreachable(String shown, Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    why = Redaction.text(why.lines().findFirst().orElse(why));
    return UserError.unreachable("cannot open the store at " + shown + ": " + why
        + " (start the database server or fix --db / " + ENV_DB + ")", e);
  }

  /**
   * H2 sorts every matching row for {@code ORDER BY … DESC LIMIT n} unless told to walk an index
   * in that order (V10__list_indexes.sql); PostgreSQL finds the index by itself.
   */
  private String sortedBy(String index) {
    return postgres ? "" : " USE INDEX (" + index + ")";
  }

  /** The URL this store was opened with, credentials removed: safe to print. */
  public String url() {
    return displayUrl;
  }

  public boolean isPostgres() {
    return postgres;
  }

  @Override
  public void close() {
    dataSource.close();
  }

  // ---------------------------------------------------------------- deployments

  /** Records a deployment that starts now; returns its id. Also writes a {@code deploy.start} event. */
  public long startDeployment(NewDeployment d) {
    return transaction(c -> {
      long id;
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO deployments (project, environment, started_by, runtime, started_at, outcome, details) VALUES (?,?,?,?,?,?,?)",
          Statement.RETURN_GENERATED_KEYS)) {
        ps.setString(1, cut(d.project(), 200));
        ps.setString(2, cut(d.environment(), 100));
        ps.setString(3, cut(d.user(), 200));
        ps.setString(4, cut(d.runtime(), 50));
        setTime(ps, 5, d.startedAt());
        ps.setString(6, Outcome.RUNNING.name());
        ps.setString(7, clean(d.details()));
        ps.executeUpdate();
        id = generatedId(ps);
      }
      insertEvent(c, new Event(0, id, d.project(), d.startedAt(), d.user(), "deploy.start", "running", null,
          "{\"environment\":" + Json.quote(d.environment()) + ",\"runtime\":" + Json.quote(d.runtime()) + "}"));
      return id;
    });
  }

  /**
   * Records how a deployment ended; the duration is computed from its start. {@code rolledBackTo}
   * is the deployment rolled back to, or null. Also writes a {@code deploy.finish} event.
   */
  public void finishDeployment(long deploymentId, Outcome outcome, Instant finishedAt, Long rolledBackTo) {
    Instant end = finishedAt == null ? Instant.now() : finishedAt;
    transaction(c -> {
      Deployment d = deployment(c, deploymentId).orElseThrow(() -> noSuch("deployment", deploymentId));
      long ms = Math.max(0, end.toEpochMilli() - d.startedAt().toEpochMilli());
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE deployments SET finished_at = ?, outcome = ?, duration_ms = ?, rolled_back_to = ? WHERE id = ?")) {
        setTime(ps, 1, end);
        ps.setString(2, outcome.name());
        ps.setLong(3, ms);
        setLong(ps, 4, rolledBackTo);
        ps.setLong(5, deploymentId);
        ps.executeUpdate();
      }
      insertEvent(c, new Event(0, deploymentId, d.project(), end, d.user(), "deploy.finish", outcome.lower(), null,
          "{\"duration_ms\":" + ms + (rolledBackTo == null ? "" : ",\"rolled_back_to\":" + rolledBackTo) + "}"));
      return null;
    });
  }

  public void finishDeployment(long deploymentId, Outcome outcome) {
    finishDeployment(deploymentId, outcome, Instant.now(), null);
  }

  /** Records the start of phase {@code index} (0-based) of a deployment with its services; returns its id. */
  public long startPhase(long deploymentId, int index, List<String> services, Instant startedAt) {
    Instant start = startedAt == null ? Instant.now() : startedAt;
    return transaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO deployment_phases (deployment_id, phase_index, services, started_at, outcome) VALUES (?,?,?,?,?)",
          Statement.RETURN_GENERATED_KEYS)) {
        ps.setLong(1, deploymentId);
        ps.setInt(2, index);
        ps.setString(3, clean(String.join(",", services)));
        setTime(ps, 4, start);
        ps.setString(5, Outcome.RUNNING.name());
        ps.executeUpdate();
        return generatedId(ps);
      }
    });
  }

  /** Records how a phase ended; {@code detail} (why it failed, say) is redacted. */
  public void finishPhase(long phaseId, Outcome outcome, Instant endedAt, String detail) {
    Instant end = endedAt == null ? Instant.now() : endedAt;
    transaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE deployment_phases SET ended_at = ?, outcome = ?, detail = ? WHERE id = ?")) {
        setTime(ps, 1, end);
        ps.setString(2, outcome.name());
        ps.setString(3, clean(detail));
        ps.setLong(4, phaseId);
        if (ps.executeUpdate() == 0) throw noSuch("phase", phaseId);
      }
      return null;
    });
  }

  public Optional<Deployment> deployment(long id) {
    return read(c -> deployment(c, id));
  }

  /** The latest deployments of a project (every project when null), newest first. */
  public List<Deployment> deployments(String project, Instant since, int limit) {
    return read(c -> {
      StringBuilder sql = new StringBuilder("SELECT * FROM deployments" + sortedBy("deployments_started_id") + " WHERE 1=1");
      List<Object> args = new ArrayList<>();
      if (project != null) { sql.append(" AND project = ?"); args.add(cut(project, 200)); }
      if (since != null) { sql.append(" AND started_at >= ?"); args.add(since); }
      sql.append(" ORDER BY started_at DESC, id DESC");
      return query(c, sql.toString(), args, limit, Store::deploymentRow);
    });
  }

  /** The latest deployment of a project, if any. */
  public Optional<Deployment> latestDeployment(String project) {
    return deployments(project, null, 1).stream().findFirst();
  }

  public List<Phase> phases(long deploymentId) {
    return read(c -> query(c, "SELECT * FROM deployment_phases WHERE deployment_id = ? ORDER BY phase_index, id",
        List.of(deploymentId), 0, Store::phaseRow));
  }

  // ---------------------------------------------------------------- events

  /** Appends an event to the audit trail; returns its id. */
  public long recordEvent(Event e) {
    return transaction(c -> insertEvent(c, e));
  }

  /** The events of a deployment, oldest first. */
  public List<Event> events(long deploymentId) {
    return read(c -> query(c, "SELECT * FROM deployment_events WHERE deployment_id = ? ORDER BY occurred_at, id",
        List.of(deploymentId), 0, Store::eventRow));
  }

  /** The audit trail of a project (every project when null) since a time, oldest first. */
  public List<Event> events(String project, Instant since, int limit) {
    return read(c -> {
      StringBuilder sql = new StringBuilder("SELECT * FROM deployment_events WHERE 1=1");
      List<Object> args = new ArrayList<>();
      if (project != null) { sql.append(" AND project = ?"); args.add(cut(project, 200)); }
      if (since != null) { sql.append(" AND occurred_at >= ?"); args.add(since); }
      sql.append(" ORDER BY occurred_at, id");
      return query(c, sql.toString(), args, limit, Store::eventRow);
    });
  }

  private long insertEvent(Connection c, Event e) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO deployment_events (deployment_id, project, occurred_at, actor, action, outcome, service_name, details) VALUES (?,?,?,?,?,?,?,?)",
        Statement.RETURN_GENERATED_KEYS)) {
      setLong(ps, 1, e.deploymentId());
      ps.setString(2, cut(e.project(), 200));
      setTime(ps, 3, e.at() == null ? Instant.now() : e.at());
      ps.setString(4, cut(e.actor() == null ? NewDeployment.currentUser() : e.actor(), 200));
      ps.setString(5, cut(e.action(), 100));
      ps.setString(6, cut(e.outcome(), 50));
      ps.setString(7, cut(e.service(), 100));
      ps.setString(8, clean(e.details()));
      ps.executeUpdate();
      return generatedId(ps);
    }
  }

  // ---------------------------------------------------------------- errors

  /**
   * Records one occurrence of an error. An error with a fingerprint already tracked in the project
   * counts one more occurrence (and takes the latest details); a resolved one comes back as a
   * REGRESSION. The deployment it hit is linked. Everything is redacted first.
   */
  public ErrorRecorded recordError(NewError e) {
    String message = clean(e.message());
    String fingerprint = e.fingerprint() != null && !e.fingerprint().isBlank()
        ? cut(e.fingerprint(), 100)
        : fingerprint(e.service(), e.code(), message);
    return transaction(c -> {
      TrackedError existing = null;
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT * FROM deployment_errors WHERE project = ? AND fingerprint = ? FOR UPDATE")) {
        ps.setString(1, cut(e.project(), 200));
        ps.setString(2, fingerprint);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) existing = errorRow(rs);
        }
      }
      long id;
      boolean regression = false;
      long occurrences;
      ErrorStatus status;
      if (existing == null) {
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO deployment_errors (\"timestamp\", project, service_name, environment, deployment_stage, error_code,"
                + " severity, category, error_message, stack_trace, user_impact, business_impact, diagnosis_cause, diagnosis_fix,"
                + " fingerprint, occurrences, first_seen, last_seen, status, regressions)"
                + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0)",
            Statement.RETURN_GENERATED_KEYS)) {
          setTime(ps, 1, e.at());
          ps.setString(2, cut(e.project(), 200));
          ps.setString(3, cut(e.service(), 100));
          ps.setString(4, cut(e.environment(), 50));
          ps.setString(5, cut(clean(e.stage()), 100));
          ps.setString(6, cut(e.code(), 50));
          ps.setString(7, e.severity().name());
          ps.setString(8, e.category().name());
          ps.setString(9, message);
          ps.setString(10, clean(e.stackTrace()));
          ps.setString(11, clean(e.userImpact()));
          ps.setString(12, clean(e.businessImpact()));
          ps.setString(13, clean(e.cause()));
          ps.setString(14, clean(e.fix()));
          ps.setString(15, fingerprint);
          ps.setLong(16, 1);
          setTime(ps, 17, e.at());
          setTime(ps, 18, e.at());
          ps.setString(19, ErrorStatus.OPEN.name());
          ps.executeUpdate();
          id = generatedId(ps);
        }
        writeWords(c, id, ErrorWords.of(cut(e.code(), 50), message));
        occurrences = 1;
        status = ErrorStatus.OPEN;
      } else {
        id = existing.id();
        occurrences = existing.occurrences() + 1;
        regression = existing.status() == ErrorStatus.RESOLVED;
        status = regression ? ErrorStatus.REGRESSION : existing.status();
        Instant last = e.at().isAfter(existing.lastSeen()) ? e.at() : existing.lastSeen();
        Instant first = e.at().isBefore(existing.firstSeen()) ? e.at() : existing.firstSeen();
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE deployment_errors SET \"timestamp\" = ?, service_name = COALESCE(?, service_name),"
                + " environment = COALESCE(?, environment), deployment_stage = COALESCE(?, deployment_stage),"
                + " error_code = ?, severity = ?, category = ?, error_message = ?,"
                + " stack_trace = COALESCE(?, stack_trace), user_impact = COALESCE(?, user_impact),"
                + " business_impact = COALESCE(?, business_impact), diagnosis_cause = COALESCE(?, diagnosis_cause),"
                + " diagnosis_fix = COALESCE(?, diagnosis_fix), occurrences = ?, first_seen = ?, last_seen = ?, status = ?,"
                + " regressions = regressions + ? WHERE id = ?")) {
          setTime(ps, 1, last);
          ps.setString(2, cut(e.service(), 100));
          ps.setString(3, cut(e.environment(), 50));
          ps.setString(4, cut(clean(e.stage()), 100));
          ps.setString(5, cut(e.code(), 50));
          ps.setString(6, e.severity().name());
          ps.setString(7, e.category().name());
          ps.setString(8, message);
          ps.setString(9, clean(e.stackTrace()));
          ps.setString(10, clean(e.userImpact()));
          ps.setString(11, clean(e.businessImpact()));
          ps.setString(12, clean(e.cause()));
          ps.setString(13, clean(e.fix()));
          ps.setLong(14, occurrences);
          setTime(ps, 15, first);
          setTime(ps, 16, last);
          ps.setString(17, status.name());
          ps.setInt(18, regression ? 1 : 0);
          ps.setLong(19, id);
          ps.executeUpdate();
        }
        if (!java.util.Objects.equals(existing.code(), cut(e.code(), 50)) || !java.util.Objects.equals(existing.message(), message)) {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM deployment_error_words WHERE error_id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
          }
          writeWords(c, id, ErrorWords.of(cut(e.code(), 50), message));
        }
        if (regression) {
          insertTransition(c, id, e.at(), ErrorStatus.RESOLVED, ErrorStatus.REGRESSION, "flotilla",
              "happened again after it was resolved");
        }
      }
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO deployment_error_occurrences (error_id, deployment_id, occurred_at, environment, evidence) VALUES (?,?,?,?,?)")) {
        ps.setLong(1, id);
        setLong(ps, 2, e.deploymentId());
        setTime(ps, 3, e.at());
        ps.setString(4, cut(e.environment(), 50));
        ps.setString(5, cut(clean(e.evidence()), 8000));
        ps.executeUpdate();
      }
      if (e.deploymentId() != null) linkDeployment(c, id, e.deploymentId(), e.at());
      if (existing == null) insertTransition(c, id, e.at(), null, ErrorStatus.OPEN, "flotilla", null);
      return new ErrorRecorded(id, existing == null, regression, occurrences, status);
    });
  }

  private void linkDeployment(Connection c, long errorId, long deploymentId, Instant at) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE deployment_error_hits SET occurrences = occurrences + 1, last_seen = ? WHERE error_id = ? AND deployment_id = ?")) {
      setTime(ps, 1, at);
      ps.setLong(2, errorId);
      ps.setLong(3, deploymentId);
      if (ps.executeUpdate() > 0) return;
    }
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO deployment_error_hits (error_id, deployment_id, occurrences, first_seen, last_seen) VALUES (?,?,1,?,?)")) {
      ps.setLong(1, errorId);
      ps.setLong(2, deploymentId);
      setTime(ps, 3, at);
      setTime(ps, 4, at);
      ps.executeUpdate();
    }
  }

  /** Marks an error resolved with notes; returns the updated error. Unknown id: INPUT error (exit 2). */
  public TrackedError resolveError(long errorId, String notes, String by, Instant at) {
    Instant when = at == null ? Instant.now() : at;
    String who = by == null || by.isBlank() ? NewDeployment.currentUser() : by;
    return transaction(c -> {
      TrackedError e = lockError(c, errorId);
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE deployment_errors SET status = ?, resolution_notes = ?, resolved_at = ?, resolved_by = ? WHERE id = ?")) {
        ps.setString(1, ErrorStatus.RESOLVED.name());
        ps.setString(2, clean(notes));
        setTime(ps, 3, when);
        ps.setString(4, cut(who, 100));
        ps.setLong(5, errorId);
        ps.executeUpdate();
      }
      insertTransition(c, errorId, when, e.status(), ErrorStatus.RESOLVED, who, clean(notes));
      insertEvent(c, new Event(0, null, e.project(), when, who, "error.resolve", "resolved", e.service(),
          "{\"error_id\":" + errorId + ",\"code\":" + Json.quote(e.code()) + "}"));
      return error(c, errorId).orElseThrow();
    });
  }

  /** Opens a resolved error again by hand (keeping its notes as history); returns the updated error. */
  public TrackedError reopenError(long errorId, String by, Instant at) {
    Instant when = at == null ? Instant.now() : at;
    String who = by == null || by.isBlank() ? NewDeployment.currentUser() : by;
    return transaction(c -> {
      TrackedError e = lockError(c, errorId);
      if (e.status() != ErrorStatus.RESOLVED) return e;
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE deployment_errors SET status = ?, resolved_at = NULL, resolved_by = NULL WHERE id = ?")) {
        ps.setString(1, ErrorStatus.OPEN.name());
        ps.setLong(2, errorId);
        ps.executeUpdate();
      }
      insertTransition(c, errorId, when, ErrorStatus.RESOLVED, ErrorStatus.OPEN, who, null);
      insertEvent(c, new Event(0, null, e.project(), when, who, "error.reopen", "open", e.service(),
          "{\"error_id\":" + errorId + ",\"code\":" + Json.quote(e.code()) + "}"));
      return error(c, errorId).orElseThrow();
    });
  }

  private TrackedError lockError(Connection c, long errorId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT * FROM deployment_errors WHERE id = ? FOR UPDATE")) {
      ps.setLong(1, errorId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) throw noSuch("error", errorId);
        return errorRow(rs);
      }
    }
  }

  private void insertTransition(Connection c, long errorId, Instant at, ErrorStatus from, ErrorStatus to, String actor, String notes)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO deployment_error_transitions (error_id, occurred_at, from_status, to_status, actor, notes) VALUES (?,?,?,?,?,?)")) {
      ps.setLong(1, errorId);
      setTime(ps, 2, at);
      ps.setString(3, from == null ? null : from.name());
      ps.setString(4, to.name());
      ps.setString(5, cut(actor, 200));
      ps.setString(6, clean(notes));
      ps.executeUpdate();
    }
  }

  public Optional<TrackedError> error(long id) {
    return read(c -> error(c, id));
  }

  private Optional<TrackedError> error(Connection c, long id) throws SQLException {
    List<TrackedError> l = query(c, "SELECT * FROM deployment_errors WHERE id = ?", List.of(id), 1, Store::errorRow);
    return l.stream().findFirst();
  }

  /** Tracked errors matching a query, most recently seen first. */
  public List<TrackedError> errors(ErrorQuery q) {
    return read(c -> {
      StringBuilder sql = new StringBuilder("SELECT * FROM deployment_errors" + sortedBy("deployment_errors_seen_id") + " WHERE 1=1");
      List<Object> args = new ArrayList<>();
      if (q.project() != null) { sql.append(" AND project = ?"); args.add(cut(q.project(), 200)); }
      if (q.service() != null) { sql.append(" AND service_name = ?"); args.add(cut(q.service(), 100)); }
      if (q.since() != null) { sql.append(" AND last_seen >= ?"); args.add(q.since()); }
      if (!q.statuses().isEmpty()) {
        sql.append(" AND status IN (").append(placeholders(q.statuses().size())).append(')');
        q.statuses().stream().map(Enum::name).sorted().forEach(args::add);
      }
      if (!q.severities().isEmpty()) {
        sql.append(" AND severity IN (").append(placeholders(q.severities().size())).append(')');
        q.severities().stream().map(Enum::name).sorted().forEach(args::add);
      }
      sql.append(" ORDER BY last_seen DESC, id DESC");
      return query(c, sql.toString(), args, q.limit(), Store::errorRow);
    });
  }

  /** Tracked errors that hit a deployment, in the order first seen there. */
  public List<TrackedError> errorsOfDeployment(long deploymentId) {
    return read(c -> query(c,
        "SELECT e.* FROM deployment_errors e JOIN deployment_error_hits h ON h.error_id = e.id"
            + " WHERE h.deployment_id = ? ORDER BY h.first_seen, e.id",
        List.of(deploymentId), 0, Store::errorRow));
  }

  /** The deployments an error hit, the most recent first. */
  public List<ErrorHit> hits(long errorId) {
    return read(c -> query(c, "SELECT * FROM deployment_error_hits WHERE error_id = ? ORDER BY last_seen DESC",
        List.of(errorId), 0, rs -> new ErrorHit(rs.getLong("error_id"), rs.getLong("deployment_id"),
            rs.getLong("occurrences"), time(rs, "first_seen"), time(rs, "last_seen"))));
  }

  /** Occurrences of an error, newest first ({@code limit} 0: all). */
  public List<ErrorOccurrence> occurrences(long errorId, int limit) {
    return read(c -> query(c, "SELECT * FROM deployment_error_occurrences WHERE error_id = ? ORDER BY occurred_at DESC, id DESC",
        List.of(errorId), limit, Store::occurrenceRow));
  }

  /** Every occurrence of a project's errors since a time (for counts by day), oldest first. */
  public List<ErrorOccurrence> occurrencesSince(String project, Instant since) {
    return read(c -> {
      StringBuilder sql = new StringBuilder(
          "SELECT o.* FROM deployment_error_occurrences o JOIN deployment_errors e ON e.id = o.error_id WHERE 1=1");
      List<Object> args = new ArrayList<>();
      if (project != null) { sql.append(" AND e.project = ?"); args.add(cut(project, 200)); }
      if (since != null) { sql.append(" AND o.occurred_at >= ?"); args.add(since); }
      sql.append(" ORDER BY o.occurred_at, o.id");
      return query(c, sql.toString(), args, 0, Store::occurrenceRow);
    });
  }

  /** Status changes of an error, oldest first. */
  public List<ErrorTransition> transitions(long errorId) {
    return read(c -> query(c, "SELECT * FROM deployment_error_transitions WHERE error_id = ? ORDER BY occurred_at, id",
        List.of(errorId), 0, Store::transitionRow));
  }

  /** Status changes of a project's errors since a time, oldest first. */
  public List<ErrorTransition> transitionsSince(String project, Instant since) {
    return read(c -> {
      StringBuilder sql = new StringBuilder(
          "SELECT t.* FROM deployment_error_transitions t JOIN deployment_errors e ON e.id = t.error_id WHERE 1=1");
      List<Object> args = new ArrayList<>();
      if (project != null) { sql.append(" AND e.project = ?"); args.add(cut(project, 200)); }
      if (since != null) { sql.append(" AND t.occurred_at >= ?"); args.add(since); }
      sql.append(" ORDER BY t.occurred_at, t.id");
      return query(c, sql.toString(), args, 0, Store::transitionRow);
    });
  }

  // ---------------------------------------------------------------- health

  /** Records one health probe result; returns its id. */
  public long recordHealth(HealthSample s) {
    return transaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO health_samples (deployment_id, project, service_name, sampled_at, ok, latency_ms, status_code, probe, detail)"
              + " VALUES (?,?,?,?,?,?,?,?,?)",
          Statement.RETURN_GENERATED_KEYS)) {
        setLong(ps, 1, s.deploymentId());
        ps.setString(2, cut(s.project(), 200));
        ps.setString(3, cut(s.service(), 100));
        setTime(ps, 4, s.at() == null ? Instant.now() : s.at());
        ps.setBoolean(5, s.ok());
        setLong(ps, 6, s.latencyMs());
        if (s.statusCode() == null) ps.setNull(7, Types.INTEGER); else ps.setInt(7, s.statusCode());
        ps.setString(8, cut(clean(s.probe()), 500));
        ps.setString(9, clean(s.detail()));
        ps.executeUpdate();
        return generatedId(ps);
      }
    });
  }

  public List<HealthSample> healthSamples(long deploymentId) {
    return read(c -> query(c, "SELECT * FROM health_samples WHERE deployment_id = ? ORDER BY sampled_at, id",
        List.of(deploymentId), 0, Store::healthRow));
  }

  /** Health samples of a project's service (every service when null) since a time, oldest first. */
  public List<HealthSample> healthSamples(String project, String service, Instant since, int limit) {
    return read(c -> {
      StringBuilder sql = new StringBuilder("SELECT * FROM health_samples WHERE 1=1");
      List<Object> args = new ArrayList<>();
      if (project != null) { sql.append(" AND project = ?"); args.add(cut(project, 200)); }
      if (service != null) { sql.append(" AND service_name = ?"); args.add(cut(service, 100)); }
      if (since != null) { sql.append(" AND sampled_at >= ?"); args.add(since); }
      sql.append(" ORDER BY sampled_at, id");
      return query(c, sql.toString(), args, limit, Store::healthRow);
    });
  }

  // ---------------------------------------------------------------- check runs

  /** Records a check run with its findings and readiness scores in one transaction; returns its id. */
  public long recordCheckRun(CheckRun run) {
    int[] counts = new int[Severity.values().length];
    for (CheckFinding f : run.findings()) counts[f.severity().ordinal()]++;
    return transaction(c -> {
      long id;
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO check_runs (project, ran_at, ran_by, tool_version, critical_count, high_count, medium_count, low_count, details)"
              + " VALUES (?,?,?,?,?,?,?,?,?)",
          Statement.RETURN_GENERATED_KEYS)) {
        ps.setString(1, cut(run.project(), 200));
        setTime(ps, 2, run.at());
        ps.setString(3, cut(run.user(), 200));
        ps.setString(4, cut(run.toolVersion(), 50));
        ps.setInt(5, counts[Severity.CRITICAL.ordinal()]);
        ps.setInt(6, counts[Severity.HIGH.ordinal()]);
        ps.setInt(7, counts[Severity.MEDIUM.ordinal()]);
        ps.setInt(8, counts[Severity.LOW.ordinal()]);
        ps.setString(9, clean(run.details()));
        ps.executeUpdate();
        id = generatedId(ps);
      }
      if (!run.findings().isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO findings (check_run_id, code, severity, category, service_name, message, file_path, line_number, column_number)"
                + " VALUES (?,?,?,?,?,?,?,?,?)")) {
          for (CheckFinding f : run.findings()) {
            ps.setLong(1, id);
            ps.setString(2, cut(f.code(), 20));
            ps.setString(3, f.severity().name());
            ps.setString(4, f.category().name());
            ps.setString(5, cut(f.service(), 100));
            ps.setString(6, clean(f.message()));
            ps.setString(7, cut(f.file(), 1000));
            if (f.line() == null) ps.setNull(8, Types.INTEGER); else ps.setInt(8, f.line());
            if (f.column() == null) ps.setNull(9, Types.INTEGER); else ps.setInt(9, f.column());
            ps.addBatch();
          }
          ps.executeBatch();
        }
      }
      if (!run.scores().isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO readiness_scores (check_run_id, project, scored_at, service_name, score, grade, details) VALUES (?,?,?,?,?,?,?)")) {
          for (ReadinessScore s : run.scores()) {
            ps.setLong(1, id);
            ps.setString(2, cut(run.project(), 200));
            setTime(ps, 3, s.at() == null ? run.at() : s.at());
            ps.setString(4, cut(s.service(), 100));
            ps.setInt(5, s.score());
            ps.setString(6, cut(s.grade(), 10));
            ps.setString(7, clean(s.details()));
            ps.addBatch();
          }
          ps.executeBatch();
        }
      }
      return id;
    });
  }

  /** Recorded check runs of a project, newest first. */
  public List<CheckRunSummary> checkRuns(String project, Instant since, int limit) {
    return read(c -> {
      StringBuilder sql = new StringBuilder("SELECT * FROM check_runs WHERE 1=1");
      List<Object> args = new ArrayList<>();
      if (project != null) { sql.append(" AND project = ?"); args.add(cut(project, 200)); }
      if (since != null) { sql.append(" AND ran_at >= ?"); args.add(since); }
      sql.append(" ORDER BY ran_at DESC, id DESC");
      return query(c, sql.toString(), args, limit, rs -> new CheckRunSummary(rs.getLong("id"), rs.getString("project"),
          time(rs, "ran_at"), rs.getString("ran_by"), rs.getString("tool_version"), rs.getInt("critical_count"),
          rs.getInt("high_count"), rs.getInt("medium_count"), rs.getInt("low_count")));
    });
  }

  public List<CheckFinding> findings(long checkRunId) {
    return read(c -> query(c, "SELECT * FROM findings WHERE check_run_id = ? ORDER BY id", List.of(checkRunId), 0,
        rs -> new CheckFinding(rs.getString("code"), Severity.valueOf(rs.getString("severity")),
            Category.valueOf(rs.getString("category")), rs.getString("service_name"), rs.getString("message"),
            rs.getString("file_path"), intOrNull(rs, "line_number"), intOrNull(rs, "column_number"))));
  }

  /** Readiness scores of a project since a time, oldest first (the compliance trend). */
  public List<ReadinessScore> scores(String project, Instant since) {
    return read(c -> {
      StringBuilder sql = new StringBuilder("SELECT * FROM readiness_scores WHERE 1=1");
      List<Object> args = new ArrayList<>();
      if (project != null) { sql.append(" AND project = ?"); args.add(cut(project, 200)); }
      if (since != null) { sql.append(" AND scored_at >= ?"); args.add(since); }
      sql.append(" ORDER BY scored_at, id");
      return query(c, sql.toString(), args, 0, rs -> new ReadinessScore(rs.getString("service_name"), rs.getInt("score"),
          rs.getString("grade"), rs.getString("details"), time(rs, "scored_at")));
    });
  }

  /** Every project that has anything recorded in this store. */
  public List<String> projects() {
    return read(c -> query(c,
        "SELECT project FROM deployments UNION SELECT project FROM deployment_errors UNION SELECT project FROM check_runs ORDER BY 1",
        List.of(), 0, rs -> rs.getString(1)));
  }

  // ---------------------------------------------------------------- plumbing

  @FunctionalInterface
  interface SqlWork<T> {
    T apply(Connection c) throws SQLException;
  }

  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction, committed before this returns. A conflict with another
   * writer (unique key raced, serialization failure, deadlock, lock timeout) rolls back and retries.
   */
  <T> T transaction(SqlWork<T> work) {
    SQLException last = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Connection c = connection();
      try {
        T result = work.apply(c);
        c.commit();
        return result;
      } catch (SQLException e) {
        if (broken(e)) {
          // The embedded server this process reached went away (its process ended): reconnect.
          dataSource.evictConnection(c);
          c = null;
        } else {
          rollbackQuietly(c);
          if (!retryable(e)) throw failure(e);
        }
        last = e;
      } catch (RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      } finally {
        closeQuietly(c);
      }
      backoff(attempt);
    }
    throw failure(last);
  }

  private <T> T read(SqlWork<T> work) {
    SQLException last = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Connection c = connection();
      try {
        return work.apply(c);
      } catch (SQLException e) {
        if (!broken(e)) throw failure(e);
        dataSource.evictConnection(c);
        c = null;
        last = e;
      } finally {
        rollbackQuietly(c);
        closeQuietly(c);
      }
      backoff(attempt);
    }
    throw failure(last);
  }

  private static void backoff(int attempt) {
    try {
      Thread.sleep(Math.min(1000, 10L << attempt) + (long) (Math.random() * 20));
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry a store write", ie);
    }
  }

  /**
   * A connection that can no longer be used: a network failure (SQLState class 08) or H2's
   * "connection is broken" / "database is already closed" when the process serving the file ended.
   */
  private static boolean broken(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        String state = s.getSQLState();
        if (state != null && (state.startsWith("08") || state.equals("90067") || state.equals("90121") || state.equals("90098"))) return true;
      }
    }
    return false;
  }

  private static void closeQuietly(Connection c) {
    if (c == null) return;
    try {
      c.close();
    } catch (SQLException ignored) {
      // already broken
    }
  }

  private Connection connection() {
    try {
      return dataSource.getConnection();
    } catch (SQLException e) {
      throw unreachable(displayUrl, e);
    }
  }

  private static boolean retryable(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        String state = s.getSQLState();
        if (state != null && (state.equals("23505") || state.equals("40001") || state.equals("40P01")
            || state.equals("HYT00") || state.equals("55P03"))) return true;
      }
    }
    return false;
  }

  private RuntimeException failure(SQLException e) {
    String state = e.getSQLState();
    if (state != null && state.startsWith("08")) return unreachable(displayUrl, e);
    return new IllegalStateException("store error (" + state + "): " + Redaction.text(String.valueOf(e.getMessage())), e);
  }

  private static void rollbackQuietly(Connection c) {
    if (c == null) return;
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is going back to the pool or is broken either way
    }
  }

  private static <T> List<T> query(Connection c, String sql, List<?> args, int limit, RowMapper<T> mapper) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) {
        Object a = args.get(i);
        if (a instanceof Instant t) setTime(ps, i + 1, t);
        else ps.setObject(i + 1, a);
      }
      if (limit > 0) ps.setMaxRows(limit);
      List<T> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(mapper.map(rs));
      }
      return out;
    }
  }

  private static Optional<Deployment> deployment(Connection c, long id) throws SQLException {
    return query(c, "SELECT * FROM deployments WHERE id = ?", List.of(id), 1, Store::deploymentRow).stream().findFirst();
  }

  private static UserError noSuch(String what, long id) {
    return UserError.input("no " + what + " with id " + id + " in the store");
  }

  private static String placeholders(int n) {
    return String.join(",", java.util.Collections.nCopies(n, "?"));
  }

  private static long generatedId(PreparedStatement ps) throws SQLException {
    try (ResultSet keys = ps.getGeneratedKeys()) {
      if (!keys.next()) throw new SQLException("no generated id");
      return keys.getLong(1);
    }
  }

  private static void setTime(PreparedStatement ps, int i, Instant t) throws SQLException {
    if (t == null) ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
    else ps.setObject(i, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
  }

  private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) ps.setNull(i, Types.BIGINT); else ps.setLong(i, v);
  }

  static Instant time(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static Long longOrNull(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  private static Integer intOrNull(ResultSet rs, String column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }

  private static Deployment deploymentRow(ResultSet rs) throws SQLException {
    return new Deployment(rs.getLong("id"), rs.getString("project"), rs.getString("environment"), rs.getString("started_by"),
        rs.getString("runtime"), time(rs, "started_at"), time(rs, "finished_at"), Outcome.valueOf(rs.getString("outcome")),
        longOrNull(rs, "duration_ms"), longOrNull(rs, "rolled_back_to"), rs.getString("details"));
  }

  private static Phase phaseRow(ResultSet rs) throws SQLException {
    String services = rs.getString("services");
    return new Phase(rs.getLong("id"), rs.getLong("deployment_id"), rs.getInt("phase_index"),
        services == null || services.isEmpty() ? List.of() : Arrays.asList(services.split(",")),
        time(rs, "started_at"), time(rs, "ended_at"), Outcome.valueOf(rs.getString("outcome")), rs.getString("detail"));
  }

  private static Event eventRow(ResultSet rs) throws SQLException {
    return new Event(rs.getLong("id"), longOrNull(rs, "deployment_id"), rs.getString("project"), time(rs, "occurred_at"),
        rs.getString("actor"), rs.getString("action"), rs.getString("outcome"), rs.getString("service_name"), rs.getString("details"));
  }

  private static TrackedError errorRow(ResultSet rs) throws SQLException {
    return new TrackedError(rs.getLong("id"), rs.getString("project"), time(rs, "timestamp"), rs.getString("service_name"),
        rs.getString("environment"), rs.getString("deployment_stage"), rs.getString("error_code"),
        Severity.valueOf(rs.getString("severity")), Category.valueOf(rs.getString("category")), rs.getString("error_message"),
        rs.getString("stack_trace"), rs.getString("user_impact"), rs.getString("business_impact"),
        rs.getString("diagnosis_cause"), rs.getString("diagnosis_fix"), rs.getString("fingerprint"), rs.getLong("occurrences"),
        time(rs, "first_seen"), time(rs, "last_seen"), ErrorStatus.valueOf(rs.getString("status")), rs.getInt("regressions"),
        rs.getString("resolution_notes"), time(rs, "resolved_at"), rs.getString("resolved_by"));
  }

  private static ErrorOccurrence occurrenceRow(ResultSet rs) throws SQLException {
    return new ErrorOccurrence(rs.getLong("id"), rs.getLong("error_id"), longOrNull(rs, "deployment_id"), time(rs, "occurred_at"),
        rs.getString("environment"), rs.getString("evidence"));
  }

  private static ErrorTransition transitionRow(ResultSet rs) throws SQLException {
    String from = rs.getString("from_status");
    return new ErrorTransition(rs.getLong("id"), rs.getLong("error_id"), time(rs, "occurred_at"),
        from == null ? null : ErrorStatus.valueOf(from), ErrorStatus.valueOf(rs.getString("to_status")),
        rs.getString("actor"), rs.getString("notes"));
  }

  private static HealthSample healthRow(ResultSet rs) throws SQLException {
    return new HealthSample(rs.getLong("id"), longOrNull(rs, "deployment_id"), rs.getString("project"), rs.getString("service_name"),
        time(rs, "sampled_at"), rs.getBoolean("ok"), longOrNull(rs, "latency_ms"), intOrNull(rs, "status_code"),
        rs.getString("probe"), rs.getString("detail"));
  }

  /** Redacts, then bounds the length of a text before it is written. */
  private static String clean(String text) {
    if (text == null) return null;
    return bound(Redaction.text(text), TEXT_LIMIT);
  }

  /**
   * A short text column (project, service, actor, code, file…): redacted too, then bounded to the
   * column's width. Redaction is deterministic, so a lookup passed through here finds what a write
   * stored.
   */
  private static String cut(String s, int max) {
    return bound(Redaction.text(s), max);
  }

  private static String bound(String s, int max) {
    if (s == null || s.length() <= max) return s;
    return s.substring(0, max - 1) + "…";
  }

  private static final Pattern VOLATILE = Pattern.compile(
      "0x[0-9a-fA-F]+|[0-9a-fA-F]{12,}|\\b\\d+(\\.\\d+)*\\b|(/[\\w.@-]+)+/?");

  /**
   * A stable fingerprint for errors the classifier gave none: service, code and the message with
   * numbers, hex ids, addresses and paths masked, hashed.
   */
  static String fingerprint(String service, String code, String message) {
    String template = VOLATILE.matcher(message == null ? "" : message).replaceAll("<*>");
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] h = md.digest((service + "\u0000" + code + "\u0000" + template).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
