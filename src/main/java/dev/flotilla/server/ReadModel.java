package dev.flotilla.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.flotilla.track.ErrorWords;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Read-only queries the API needs that {@code track.Store} does not offer (yet): lists with
 * offset and total, error filters by category/code/text, grouped counts, and the id-ordered feed
 * behind {@code /api/events}. It opens its own small read-only pool on the store's URL (the
 * embedded H2 file is shared in-process; PostgreSQL is a server) and never writes. Once the store
 * offers these, this adapter should shrink to calls on it.
 */
public final class ReadModel implements AutoCloseable {
  private final HikariDataSource ds;
  /**
   * The live feed's own connections: however busy the API is (slow searches queueing for {@link
   * #ds}), the event poller still reads the store and streams keep flowing.
   */
  private final HikariDataSource feedDs;

  /**
   * H2 sorts every matching row for {@code ORDER BY last_seen DESC, id DESC LIMIT 50} unless told
   * to walk the index in that order (see V10__list_indexes.sql); PostgreSQL finds it by itself.
   */
  private final boolean h2;

  public ReadModel(String jdbcUrl, int poolSize) {
    this.h2 = jdbcUrl.startsWith("jdbc:h2:");
    this.ds = pool(jdbcUrl, "flotilla-server-read", poolSize);
    this.feedDs = pool(jdbcUrl, "flotilla-server-feed", 2);
  }

  private static HikariDataSource pool(String jdbcUrl, String name, int size) {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(jdbcUrl);
    cfg.setPoolName(name);
    cfg.setMaximumPoolSize(size);
    cfg.setMinimumIdle(1);
    cfg.setReadOnly(true);
    cfg.setAutoCommit(true);
    cfg.setConnectionTimeout(10_000);
    cfg.setInitializationFailTimeout(-1);
    return new HikariDataSource(cfg);
  }

  @Override
  public void close() {
    feedDs.close();
    ds.close();
  }

  /** Whether the database answers now. */
  public boolean reachable() {
    try (Connection c = ds.getConnection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  // ------------------------------------------------------------------ views

  /** A tracked error in a list (no stack trace, no impacts). */
  public record ErrorRow(
      long id, String project, String service, String environment, String code, String severity, String category,
      String message, long occurrences, Instant firstSeen, Instant lastSeen, String status, int regressions) {}

  public record DeploymentRow(
      long id, String project, String environment, String user, String runtime, Instant startedAt, Instant finishedAt,
      String outcome, Long durationMs, Long rolledBackTo) {}

  public record HealthRow(long id, Long deploymentId, String project, String service, Instant at, boolean ok, Long latencyMs,
      Integer statusCode, String probe, String detail) {}

  public record Counted<T>(List<T> items, long total) {
    Counted<T> withTotal(long t) {
      return t < 0 ? this : new Counted<>(items, t);
    }
  }

  /** Which errors: every field optional. {@code text} matches message or code, case-insensitively. */
  public record ErrorFilter(String project, Set<String> statuses, Set<String> severities, String category, String code,
      String service, String environment, Instant since, String text, Long deploymentId) {}

  // ------------------------------------------------------------------ errors

  /** The page, and the total from {@code totals} (a cache) or counted when it is null. */
  public Counted<ErrorRow> errors(ErrorFilter f, int limit, int offset, java.util.function.ToLongFunction<ErrorFilter> totals) {
    if (f.text() != null && !f.text().isBlank()) return search(f, limit, offset);
    Where w = errorWhere(f);
    return read(c -> {
      long total = totals == null ? scalar(c, "SELECT COUNT(*)" + w.sql, w.args) : -1;
      List<Object> pageArgs = new ArrayList<>(w.args);
      pageArgs.add(limit);
      pageArgs.add(offset);
      List<ErrorRow> rows = list(c, ERROR_COLUMNS
          + w.sql.replace(" FROM deployment_errors e ", " FROM deployment_errors e" + sortedBy("deployment_errors_seen_id") + " ")
          + " ORDER BY e.last_seen DESC, e.id DESC LIMIT ? OFFSET ?", pageArgs, ReadModel::errorRow);
      return new Counted<>(rows, total);
    }).withTotal(totals == null ? -1 : totals.applyAsLong(f));
  }

  private static final String ERROR_COLUMNS = "SELECT e.id, e.project, e.service_name, e.environment, e.error_code, e.severity,"
      + " e.category, e.error_message, e.occurrences, e.first_seen, e.last_seen, e.status, e.regressions";

  /** A word held by more errors than this does not narrow a search enough to beat reading every row. */
  static final int NARROW_WORD_MAX = 5000;
  /** A search statement still running after this is cancelled (the client gets 503). */
  static final int SEARCH_TIMEOUT_SECONDS = 10;

  /**
   * A text search ({@code q}): the matching rows are read through the word index when the text
   * holds a whole word that few errors have (decision 0081), else by reading every row; the
   * exact substring test decides either way. Page and total come from one statement.
   */
  private Counted<ErrorRow> search(ErrorFilter f, int limit, int offset) {
    Where w = errorWhere(f);
    return read(c -> {
      try {
        return search(c, w, f, limit, offset);
      } catch (SQLException e) {
        if (!"57014".equals(e.getSQLState())) throw e;
        throw new ApiException(503, "search_timeout", "the search took longer than " + SEARCH_TIMEOUT_SECONDS
            + " s and was stopped; add a whole word or a filter (status, service, since) to narrow it");
      } finally {
        // H2 keeps a statement's timeout on its connection: the pool's next user must not inherit it
        try (java.sql.Statement reset = c.createStatement()) {
          reset.setQueryTimeout(0);
        }
      }
    });
  }

  private Counted<ErrorRow> search(Connection c, Where w, ErrorFilter f, int limit, int offset) throws SQLException {
    String word = narrowestWord(c, ErrorWords.wholeIn(f.text()));
    if (word != null && word.isEmpty()) return new Counted<>(List.of(), 0); // a whole word no error has
    String from = w.sql;
    List<Object> args = new ArrayList<>(w.args);
    if (word != null) {
      from = from.replace(" FROM deployment_errors e ", " FROM deployment_error_words w JOIN deployment_errors e ON e.id = w.error_id ")
          + " AND w.word = ?";
      args.add(word);
    }
    List<Object> pageArgs = new ArrayList<>(args);
    pageArgs.add(limit);
    pageArgs.add(offset);
    long total = -1;
    List<ErrorRow> rows = new ArrayList<>();
    try (PreparedStatement ps = prepare(c, ERROR_COLUMNS + ", COUNT(*) OVER ()" + from
        + " ORDER BY e.last_seen DESC, e.id DESC LIMIT ? OFFSET ?", pageArgs)) {
      ps.setQueryTimeout(SEARCH_TIMEOUT_SECONDS);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(errorRow(rs));
          total = rs.getLong(14);
        }
      }
    }
    if (total < 0 && offset == 0) total = 0;
    if (total < 0) { // past the last page: the window count saw no row
      try (PreparedStatement ps = prepare(c, "SELECT COUNT(*)" + from, args)) {
        ps.setQueryTimeout(SEARCH_TIMEOUT_SECONDS);
        try (ResultSet rs = ps.executeQuery()) {
          total = rs.next() ? rs.getLong(1) : 0;
        }
      }
    }
    return new Counted<>(rows, total);
  }

  /**
   * Of the whole words of a search, the one the fewest errors hold (counted up to {@link
   * #NARROW_WORD_MAX}); "" when one of them is held by none (nothing can match); null when none
   * narrows the search enough.
   */
  private static String narrowestWord(Connection c, List<String> words) throws SQLException {
    String best = null;
    long fewest = Long.MAX_VALUE;
    List<String> longestFirst = new ArrayList<>(words);
    longestFirst.sort((a, b) -> Integer.compare(b.length(), a.length()));
    for (String word : longestFirst.subList(0, Math.min(4, longestFirst.size()))) {
      long n = scalar(c, "SELECT COUNT(*) FROM (SELECT 1 FROM deployment_error_words WHERE word = ? LIMIT " + (NARROW_WORD_MAX + 1) + ") x",
          List.of(word));
      if (n == 0) return "";
      if (n < fewest) {
        fewest = n;
        best = word;
      }
    }
    return fewest <= NARROW_WORD_MAX ? best : null;
  }

  public long countErrors(ErrorFilter f) {
    Where w = errorWhere(f);
    return read(c -> scalar(c, "SELECT COUNT(*)" + w.sql, w.args));
  }

  public long count(String whereSql, List<Object> args) {
    return read(c -> scalar(c, "SELECT COUNT(*)" + whereSql, args));
  }

  private record Where(String sql, List<Object> args) {}

  private String sortedBy(String index) {
    return h2 ? " USE INDEX (" + index + ")" : "";
  }

  private Where errorWhere(ErrorFilter f) {
    StringBuilder where = new StringBuilder(" FROM deployment_errors e WHERE 1=1");
    List<Object> args = new ArrayList<>();
    if (f.project() != null) { where.append(" AND e.project = ?"); args.add(f.project()); }
    if (f.service() != null) { where.append(" AND e.service_name = ?"); args.add(f.service()); }
    if (f.environment() != null) { where.append(" AND e.environment = ?"); args.add(f.environment()); }
    if (f.code() != null) { where.append(" AND e.error_code = ?"); args.add(f.code().toUpperCase(Locale.ROOT)); }
    if (f.category() != null) { where.append(" AND e.category = ?"); args.add(f.category().toUpperCase(Locale.ROOT)); }
    if (f.since() != null) { where.append(" AND e.last_seen >= ?"); args.add(f.since()); }
    in(where, args, "e.status", f.statuses());
    in(where, args, "e.severity", f.severities());
    if (f.text() != null && !f.text().isBlank()) {
      where.append(" AND (LOWER(e.error_message) LIKE ? ESCAPE '!' OR LOWER(e.error_code) LIKE ? ESCAPE '!')");
      String like = "%" + f.text().toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
      args.add(like);
      args.add(like);
    }
    if (f.deploymentId() != null) {
      where.append(" AND EXISTS (SELECT 1 FROM deployment_error_hits h WHERE h.error_id = e.id AND h.deployment_id = ?)");
      args.add(f.deploymentId());
    }
    return new Where(where.toString(), args);
  }

  private static ErrorRow errorRow(ResultSet rs) throws SQLException {
    return new ErrorRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        lower(rs.getString(6)), lower(rs.getString(7)), rs.getString(8), rs.getLong(9), time(rs, 10), time(rs, 11),
        lower(rs.getString(12)), rs.getInt(13));
  }

  /** Unresolved errors of a project counted by severity (every severity present, zeros included). */
  public Map<String, Long> openErrorsBySeverity(String project) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String s : List.of("critical", "high", "medium", "low")) out.put(s, 0L);
    List<Object> args = new ArrayList<>();
    String sql = "SELECT severity, COUNT(*) FROM deployment_errors WHERE status <> 'RESOLVED'";
    if (project != null) { sql += " AND project = ?"; args.add(project); }
    String q = sql + " GROUP BY severity";
    read(c -> {
      for (Object[] r : list(c, q, args, rs -> new Object[] {rs.getString(1), rs.getLong(2)})) out.put(lower((String) r[0]), (Long) r[1]);
      return null;
    });
    return out;
  }

  /** Unresolved errors counted by category and code, for /metrics. */
  public List<Object[]> openErrorsByCategoryAndCode() {
    return read(c -> list(c, "SELECT project, category, error_code, COUNT(*) FROM deployment_errors WHERE status <> 'RESOLVED'"
        + " GROUP BY project, category, error_code", List.of(), rs -> new Object[] {rs.getString(1), lower(rs.getString(2)), rs.getString(3), rs.getLong(4)}));
  }

  /** Occurrences per day since a time (UTC days, oldest first). */
  public List<Map.Entry<String, Long>> occurrencesByDay(String project, Instant since) {
    List<Object> args = new ArrayList<>();
    StringBuilder sql = new StringBuilder(
        "SELECT o.occurred_at FROM deployment_error_occurrences o JOIN deployment_errors e ON e.id = o.error_id WHERE o.occurred_at >= ?");
    args.add(since);
    if (project != null) { sql.append(" AND e.project = ?"); args.add(project); }
    Map<String, Long> days = new java.util.TreeMap<>();
    read(c -> {
      try (PreparedStatement ps = prepare(c, sql.toString(), args); ResultSet rs = ps.executeQuery()) {
        ps.setFetchSize(1000);
        while (rs.next()) days.merge(time(rs, 1).atOffset(ZoneOffset.UTC).toLocalDate().toString(), 1L, Long::sum);
      }
      return null;
    });
    return new ArrayList<>(days.entrySet());
  }

  /** Errors seen since a time, grouped by a column ({@code category} or {@code service_name}), most first. */
  public List<Map.Entry<String, Long>> errorsGrouped(String project, Instant since, String column) {
    if (!Set.of("category", "service_name", "error_code").contains(column)) throw new IllegalArgumentException(column);
    List<Object> args = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT " + column + ", SUM(occurrences) FROM deployment_errors WHERE last_seen >= ?");
    args.add(since);
    if (project != null) { sql.append(" AND project = ?"); args.add(project); }
    sql.append(" GROUP BY ").append(column).append(" ORDER BY 2 DESC");
    return read(c -> list(c, sql.toString(), args, rs -> Map.entry(
        rs.getString(1) == null ? "(platform)" : column.equals("category") ? lower(rs.getString(1)) : rs.getString(1), rs.getLong(2))));
  }

  /** (first seen, resolved at) of errors resolved since a time, for mean time to resolve. */
  public List<Instant[]> resolutions(String project, Instant since) {
    List<Object> args = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT first_seen, resolved_at FROM deployment_errors WHERE status = 'RESOLVED' AND resolved_at >= ?");
    args.add(since);
    if (project != null) { sql.append(" AND project = ?"); args.add(project); }
    return read(c -> list(c, sql.toString(), args, rs -> new Instant[] {time(rs, 1), time(rs, 2)}));
  }

  // ------------------------------------------------------------------ deployments

  public Counted<DeploymentRow> deployments(String project, String outcome, String environment, int limit, int offset,
      java.util.function.ToLongBiFunction<String, List<Object>> totals) {
    StringBuilder where = new StringBuilder(" FROM deployments WHERE 1=1");
    List<Object> args = new ArrayList<>();
    if (project != null) { where.append(" AND project = ?"); args.add(project); }
    if (outcome != null) { where.append(" AND outcome = ?"); args.add(outcome.toUpperCase(Locale.ROOT).replace('-', '_')); }
    if (environment != null) { where.append(" AND environment = ?"); args.add(environment); }
    long known = totals == null ? -1 : totals.applyAsLong(where.toString(), args);
    return read(c -> {
      long total = known >= 0 ? known : scalar(c, "SELECT COUNT(*)" + where, args);
      List<Object> pageArgs = new ArrayList<>(args);
      pageArgs.add(limit);
      pageArgs.add(offset);
      List<DeploymentRow> rows = list(c, "SELECT id, project, environment, started_by, runtime, started_at, finished_at, outcome,"
          + " duration_ms, rolled_back_to" + where.toString().replace(" FROM deployments ", " FROM deployments" + sortedBy("deployments_started_id") + " ")
          + " ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?", pageArgs,
          rs -> new DeploymentRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), time(rs, 6),
              time(rs, 7), lower(rs.getString(8)).replace('_', '-'), longOrNull(rs, 9), longOrNull(rs, 10)));
      return new Counted<>(rows, total);
    });
  }

  /** Deployments of a project counted by outcome. */
  public Map<String, Long> deploymentsByOutcome(String project, Instant since) {
    List<Object> args = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT outcome, COUNT(*) FROM deployments WHERE started_at >= ?");
    args.add(since);
    if (project != null) { sql.append(" AND project = ?"); args.add(project); }
    sql.append(" GROUP BY outcome");
    Map<String, Long> out = new LinkedHashMap<>();
    read(c -> {
      for (Object[] r : list(c, sql.toString(), args, rs -> new Object[] {rs.getString(1), rs.getLong(2)})) {
        out.put(lower((String) r[0]).replace('_', '-'), (Long) r[1]);
      }
      return null;
    });
    return out;
  }

  // ------------------------------------------------------------------ health

  /** The newest health sample of each service of a project. */
  public List<HealthRow> latestHealth(String project) {
    return read(c -> list(c, "SELECT * FROM health_samples WHERE id IN (SELECT MAX(id) FROM health_samples WHERE project = ?"
        + " GROUP BY service_name) ORDER BY service_name", List.of(project), ReadModel::healthRow));
  }

  private static HealthRow healthRow(ResultSet rs) throws SQLException {
    Integer code = rs.getInt("status_code");
    if (rs.wasNull()) code = null;
    return new HealthRow(rs.getLong("id"), longOrNull(rs, "deployment_id"), rs.getString("project"), rs.getString("service_name"),
        time(rs, "sampled_at"), rs.getBoolean("ok"), longOrNull(rs, "latency_ms"), code, rs.getString("probe"), rs.getString("detail"));
  }

  // ------------------------------------------------------------------ the live feed

  /**
   * Where the feed stands: the last id seen in each of the three tables that change while a
   * platform runs (the audit trail, health samples, error occurrences). Written on the wire as
   * {@code E-H-O}, the SSE event id.
   */
  public record Cursor(long event, long health, long occurrence) {
    public String text() {
      return event + "-" + health + "-" + occurrence;
    }

    public static Cursor parse(String s) {
      String[] p = s.trim().split("-");
      if (p.length != 3) throw new IllegalArgumentException("expected E-H-O");
      return new Cursor(Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2]));
    }

    boolean after(Cursor o) {
      return event > o.event || health > o.health || occurrence > o.occurrence;
    }
  }

  /** A row of the feed, not yet shaped for the wire. */
  public record FeedRow(String table, long id, Instant at, Map<String, Object> data) {}

  public Cursor newest() {
    return read(feedDs, c -> new Cursor(
        scalar(c, "SELECT COALESCE(MAX(id), 0) FROM deployment_events", List.of()),
        scalar(c, "SELECT COALESCE(MAX(id), 0) FROM health_samples", List.of()),
        scalar(c, "SELECT COALESCE(MAX(id), 0) FROM deployment_error_occurrences", List.of())));
  }

  /** Rows newer than the cursor in each table, up to {@code max} per table, each table in id order. */
  public List<FeedRow> after(Cursor cur, int max) {
    return read(feedDs, c -> {
      List<FeedRow> out = new ArrayList<>();
      out.addAll(list(c, "SELECT id, deployment_id, project, occurred_at, actor, action, outcome, service_name, details"
          + " FROM deployment_events WHERE id > ? ORDER BY id LIMIT ?", List.of(cur.event(), max), rs -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("deploymentId", longOrNull(rs, 2));
            d.put("project", rs.getString(3));
            d.put("at", time(rs, 4));
            d.put("actor", rs.getString(5));
            d.put("action", rs.getString(6));
            d.put("outcome", rs.getString(7));
            d.put("service", rs.getString(8));
            d.put("details", Text.untrusted(rs.getString(9), 2000));
            return new FeedRow("event", rs.getLong(1), time(rs, 4), d);
          }));
      out.addAll(list(c, "SELECT * FROM health_samples WHERE id > ? ORDER BY id LIMIT ?", List.of(cur.health(), max), rs -> {
        HealthRow h = healthRow(rs);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("deploymentId", h.deploymentId());
        d.put("project", h.project());
        d.put("service", h.service());
        d.put("at", h.at());
        d.put("ok", h.ok());
        d.put("latencyMs", h.latencyMs());
        d.put("statusCode", h.statusCode());
        d.put("probe", Text.untrusted(h.probe(), 500));
        d.put("detail", Text.untrusted(h.detail(), 2000));
        return new FeedRow("health", h.id(), h.at(), d);
      }));
      out.addAll(list(c, "SELECT o.id, o.error_id, o.deployment_id, o.occurred_at, e.project, e.service_name, e.error_code, e.severity,"
          + " e.category, e.error_message, e.status, e.occurrences FROM deployment_error_occurrences o"
          + " JOIN deployment_errors e ON e.id = o.error_id WHERE o.id > ? ORDER BY o.id LIMIT ?", List.of(cur.occurrence(), max), rs -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("errorId", rs.getLong(2));
            d.put("deploymentId", longOrNull(rs, 3));
            d.put("at", time(rs, 4));
            d.put("project", rs.getString(5));
            d.put("service", rs.getString(6));
            d.put("code", rs.getString(7));
            d.put("severity", lower(rs.getString(8)));
            d.put("category", lower(rs.getString(9)));
            d.put("message", Text.untrusted(rs.getString(10), 2000));
            d.put("status", lower(rs.getString(11)));
            d.put("occurrences", rs.getLong(12));
            return new FeedRow("error", rs.getLong(1), time(rs, 4), d);
          }));
      return out;
    });
  }

  // ------------------------------------------------------------------ plumbing

  @FunctionalInterface
  interface SqlWork<T> {
    T apply(Connection c) throws SQLException;
  }

  @FunctionalInterface
  interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  <T> T read(SqlWork<T> work) {
    return read(ds, work);
  }

  private static <T> T read(HikariDataSource pool, SqlWork<T> work) {
    try (Connection c = pool.getConnection()) {
      return work.apply(c);
    } catch (SQLException e) {
      throw new ApiException(503, "store_unavailable", "the store cannot be read: " + Text.untrusted(e.getMessage(), 300));
    }
  }

  private static void in(StringBuilder where, List<Object> args, String column, Set<String> values) {
    if (values == null || values.isEmpty()) return;
    where.append(" AND ").append(column).append(" IN (");
    int i = 0;
    for (String v : new java.util.TreeSet<>(values)) {
      where.append(i++ == 0 ? "?" : ",?");
      args.add(v.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
    where.append(')');
  }

  private static PreparedStatement prepare(Connection c, String sql, List<?> args) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    for (int i = 0; i < args.size(); i++) {
      Object a = args.get(i);
      if (a instanceof Instant t) ps.setObject(i + 1, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
      else ps.setObject(i + 1, a);
    }
    return ps;
  }

  private static long scalar(Connection c, String sql, List<?> args) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private static <T> List<T> list(Connection c, String sql, List<?> args, Row<T> row) throws SQLException {
    try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
      List<T> out = new ArrayList<>();
      while (rs.next()) out.add(row.map(rs));
      return out;
    }
  }

  static Instant time(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  static Instant time(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static Long longOrNull(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  private static Long longOrNull(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }
}
