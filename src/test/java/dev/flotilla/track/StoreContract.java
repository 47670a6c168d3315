package dev.flotilla.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.model.Category;
import dev.flotilla.model.Severity;
import dev.flotilla.model.UserError;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store's behaviour, run against every database it supports (one subclass per database). */
abstract class StoreContract {
  /** A secret planted in every text field; it must never reach the database. */
  static final String CANARY = "CanarY-7f3a9c1e55d2b8";

  Store store;
  String project;

  /** A JDBC URL of a store the test class may use (fresh per class or per test). */
  abstract String url();

  @BeforeEach
  void openStore() {
    store = Store.open(url());
    project = "p-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void closeStore() {
    if (store != null) store.close();
  }

  static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

  @Test
  void errorWordsFollowTheMessageAndAreBackFilledOnUpgrade() throws Exception {
    long a = store.recordError(NewError.builder(project, "NET001", Severity.LOW, Category.NETWORK, "Alpha bravo-7").fingerprint("w1").build()).errorId();
    assertThat(words(a)).containsExactlyInAnyOrder("net001", "alpha", "bravo", "7");
    store.recordError(NewError.builder(project, "NET001", Severity.LOW, Category.NETWORK, "charlie").fingerprint("w1").build());
    assertThat(words(a)).containsExactlyInAnyOrder("net001", "charlie");
    // a store from before V11: no word table; opening it with this version adds the words
    store.close();
    try (Connection c = rawConnection(); Statement s = c.createStatement()) {
      s.execute("DROP TABLE deployment_error_words");
      s.execute("DELETE FROM \"flotilla_schema_history\" WHERE \"version\" = '11'");
      if (!c.getAutoCommit()) c.commit();
    }
    store = Store.open(url());
    assertThat(words(a)).containsExactlyInAnyOrder("net001", "charlie");
  }

  private List<String> words(long errorId) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = rawConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT word FROM deployment_error_words WHERE error_id = " + errorId)) {
      while (rs.next()) out.add(rs.getString(1));
    }
    return out;
  }

  @Test
  void deploymentWithPhasesEventsAndHealthIsRecorded() {
    long id = store.startDeployment(new NewDeployment(project, "staging", "alice", "docker", T0, "{\"flags\":\"--wait\"}"));
    long p0 = store.startPhase(id, 0, List.of("postgres", "redis"), T0.plusSeconds(1));
    store.finishPhase(p0, Outcome.SUCCEEDED, T0.plusSeconds(12), null);
    long p1 = store.startPhase(id, 1, List.of("auth"), T0.plusSeconds(12));
    store.recordHealth(new HealthSample(0, id, project, "auth", T0.plusSeconds(20), false, 2000L, 503, "GET http://127.0.0.1:9015/healthz", "HTTP 503"));
    store.finishPhase(p1, Outcome.FAILED, T0.plusSeconds(40), "auth never became healthy");
    store.recordEvent(new Event(0, id, project, T0.plusSeconds(41), "alice", "rollback", "succeeded", "auth", "{\"to_phase\":0}"));
    store.finishDeployment(id, Outcome.ROLLED_BACK, T0.plusSeconds(45), null);

    Deployment d = store.deployment(id).orElseThrow();
    assertThat(d.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(d.durationMs()).isEqualTo(45_000L);
    assertThat(d.user()).isEqualTo("alice");
    assertThat(d.environment()).isEqualTo("staging");
    assertThat(d.startedAt()).isEqualTo(T0);
    assertThat(store.phases(id)).extracting(Phase::index, Phase::services, Phase::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0, List.of("postgres", "redis"), Outcome.SUCCEEDED),
            org.assertj.core.groups.Tuple.tuple(1, List.of("auth"), Outcome.FAILED));
    assertThat(store.events(id)).extracting(Event::action)
        .containsExactly("deploy.start", "rollback", "deploy.finish");
    assertThat(store.healthSamples(id)).singleElement().satisfies(h -> {
      assertThat(h.ok()).isFalse();
      assertThat(h.statusCode()).isEqualTo(503);
      assertThat(h.latencyMs()).isEqualTo(2000L);
    });
    assertThat(store.deployments(project, null, 10)).extracting(Deployment::id).containsExactly(id);
    assertThat(store.latestDeployment(project)).map(Deployment::id).contains(id);
  }

  @Test
  void unknownDeploymentIsAnInputError() {
    assertThatThrownBy(() -> store.finishDeployment(987654321L, Outcome.FAILED))
        .isInstanceOf(UserError.class).hasMessageContaining("no deployment with id 987654321");
    assertThat(store.deployment(987654321L)).isEmpty();
  }

  NewError error(Long deploymentId, Instant at, String message) {
    return NewError.builder(project, "COD002", Severity.CRITICAL, Category.CODE, message)
        .deployment(deploymentId).at(at).service("data-api").environment("production").stage("start")
        .stackTrace("Traceback (most recent call last):\n  File \"/app/main.py\", line 3\n" + message)
        .userImpact("API down").businessImpact("orders lost").cause("imports a sibling service's package")
        .fix("copy the shared package into the image").evidence(message).build();
  }

  @Test
  void repeatsOfOneFingerprintAreOneErrorWithOccurrencesAndDeploymentLinks() {
    long d1 = store.startDeployment(new NewDeployment(project, "production", "bob", "docker", T0, null));
    long d2 = store.startDeployment(new NewDeployment(project, "production", "bob", "docker", T0.plusSeconds(3600), null));
    ErrorRecorded a = store.recordError(error(d1, T0.plusSeconds(5), "ModuleNotFoundError: No module named 'L01_data_layer'"));
    ErrorRecorded b = store.recordError(error(d1, T0.plusSeconds(6), "ModuleNotFoundError: No module named 'L01_data_layer'"));
    ErrorRecorded c = store.recordError(error(d2, T0.plusSeconds(3605), "ModuleNotFoundError: No module named 'L01_data_layer'"));
    assertThat(a.created()).isTrue();
    assertThat(b.created()).isFalse();
    assertThat(c.errorId()).isEqualTo(a.errorId()).isEqualTo(b.errorId());
    assertThat(c.occurrences()).isEqualTo(3);

    TrackedError e = store.error(a.errorId()).orElseThrow();
    assertThat(e.occurrences()).isEqualTo(3);
    assertThat(e.firstSeen()).isEqualTo(T0.plusSeconds(5));
    assertThat(e.lastSeen()).isEqualTo(T0.plusSeconds(3605));
    assertThat(e.status()).isEqualTo(ErrorStatus.OPEN);
    assertThat(e.code()).isEqualTo("COD002");
    assertThat(e.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(e.category()).isEqualTo(Category.CODE);
    assertThat(e.environment()).isEqualTo("production");
    assertThat(e.stage()).isEqualTo("start");
    assertThat(e.userImpact()).isEqualTo("API down");
    assertThat(e.businessImpact()).isEqualTo("orders lost");
    assertThat(store.hits(e.id())).extracting(ErrorHit::deploymentId, ErrorHit::occurrences)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(d1, 2L), org.assertj.core.groups.Tuple.tuple(d2, 1L));
    assertThat(store.occurrences(e.id(), 0)).hasSize(3);
    assertThat(store.errorsOfDeployment(d2)).extracting(TrackedError::id).containsExactly(e.id());

    // A different message (another module) is another error.
    ErrorRecorded other = store.recordError(error(d2, T0.plusSeconds(3606), "NameError: name 'app' is not defined"));
    assertThat(other.created()).isTrue();
    assertThat(other.errorId()).isNotEqualTo(e.id());
  }

  @Test
  void aLaterOccurrenceWithFewerDetailsKeepsTheEarlierOnes() {
    ErrorRecorded a = store.recordError(error(null, T0, "exec: \"gunicorn\": executable file not found in $PATH"));
    store.recordError(NewError.builder(project, "COD002", Severity.CRITICAL, Category.CODE, "exec: \"gunicorn\": executable file not found in $PATH")
        .service("data-api").at(T0.plusSeconds(5)).build());
    TrackedError e = store.error(a.errorId()).orElseThrow();
    assertThat(e.occurrences()).isEqualTo(2);
    assertThat(e.environment()).isEqualTo("production");
    assertThat(e.stage()).isEqualTo("start");
    assertThat(e.cause()).isEqualTo("imports a sibling service's package");
    assertThat(e.lastSeen()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void derivedFingerprintIgnoresNumbersIdsAndPaths() {
    ErrorRecorded a = store.recordError(error(null, T0, "connection to 10.0.0.5:5432 failed after 3012 ms in /srv/app/db.py"));
    ErrorRecorded b = store.recordError(error(null, T0.plusSeconds(1), "connection to 10.0.0.9:5432 failed after 12 ms in /opt/x/db.py"));
    assertThat(b.errorId()).isEqualTo(a.errorId());
    assertThat(b.occurrences()).isEqualTo(2);
  }

  @Test
  void resolvedErrorThatHappensAgainIsARegression() {
    ErrorRecorded a = store.recordError(error(null, T0, "port is already allocated"));
    TrackedError resolved = store.resolveError(a.errorId(), "moved gateway to 9001", "carol", T0.plusSeconds(600));
    assertThat(resolved.status()).isEqualTo(ErrorStatus.RESOLVED);
    assertThat(resolved.resolvedBy()).isEqualTo("carol");
    assertThat(resolved.resolutionNotes()).isEqualTo("moved gateway to 9001");
    assertThat(resolved.resolvedAt()).isEqualTo(T0.plusSeconds(600));

    ErrorRecorded again = store.recordError(error(null, T0.plusSeconds(7200), "port is already allocated"));
    assertThat(again.regression()).isTrue();
    assertThat(again.errorId()).isEqualTo(a.errorId());
    TrackedError e = store.error(a.errorId()).orElseThrow();
    assertThat(e.status()).isEqualTo(ErrorStatus.REGRESSION);
    assertThat(e.regressions()).isEqualTo(1);
    assertThat(e.resolutionNotes()).as("notes kept as history").isEqualTo("moved gateway to 9001");
    assertThat(store.transitions(e.id())).extracting(ErrorTransition::to)
        .containsExactly(ErrorStatus.OPEN, ErrorStatus.RESOLVED, ErrorStatus.REGRESSION);

    // Once again: still one regression, not another.
    ErrorRecorded third = store.recordError(error(null, T0.plusSeconds(7300), "port is already allocated"));
    assertThat(third.regression()).isFalse();
    assertThat(store.error(a.errorId()).orElseThrow().regressions()).isEqualTo(1);
  }

  @Test
  void reopenByHandAndListFilters() {
    ErrorRecorded a = store.recordError(error(null, T0, "curl: not found"));
    ErrorRecorded b = store.recordError(NewError.builder(project, "RES001", Severity.HIGH, Category.RESOURCE, "OOMKilled (exit 137)")
        .service("worker").at(T0.plusSeconds(86400 * 3)).build());
    store.resolveError(a.errorId(), "installed curl", null, T0.plusSeconds(60));
    assertThat(store.errors(new ErrorQuery(project, Set.of(ErrorStatus.RESOLVED), null, null, Set.of(), 0)))
        .extracting(TrackedError::id).containsExactly(a.errorId());
    assertThat(store.errors(ErrorQuery.unresolved(project))).extracting(TrackedError::id).containsExactly(b.errorId());
    assertThat(store.errors(new ErrorQuery(project, Set.of(), "worker", null, Set.of(), 0))).extracting(TrackedError::id)
        .containsExactly(b.errorId());
    assertThat(store.errors(new ErrorQuery(project, Set.of(), null, T0.plusSeconds(86400), Set.of(), 0)))
        .extracting(TrackedError::id).containsExactly(b.errorId());
    assertThat(store.errors(new ErrorQuery(project, Set.of(), null, null, Set.of(Severity.CRITICAL), 0)))
        .extracting(TrackedError::id).containsExactly(a.errorId());
    assertThat(store.errors(ErrorQuery.all(project))).extracting(TrackedError::id).containsExactly(b.errorId(), a.errorId());

    TrackedError reopened = store.reopenError(a.errorId(), "dave", T0.plusSeconds(120));
    assertThat(reopened.status()).isEqualTo(ErrorStatus.OPEN);
    assertThat(reopened.resolvedAt()).isNull();
    assertThatThrownBy(() -> store.resolveError(424242L, "x", null, null)).isInstanceOf(UserError.class);
    assertThat(store.events(project, null, 0)).extracting(Event::action).contains("error.resolve", "error.reopen");
  }

  @Test
  void checkRunsFindingsAndScores() {
    long run = store.recordCheckRun(new CheckRun(0, project, T0, "erin", "0.1.0",
        List.of(new CheckFinding("PRT001", Severity.HIGH, Category.NETWORK, "gateway", "host port 9000 published twice", "compose.yml", 12, 7),
            new CheckFinding("HLT001", Severity.CRITICAL, Category.CONFIGURATION, "auth", "curl missing", "auth/Dockerfile", 3, null)),
        List.of(new ReadinessScore("gateway", 70, "C", null, null), new ReadinessScore("auth", 40, "F", null, null)), null));
    assertThat(store.checkRuns(project, null, 5)).singleElement().satisfies(r -> {
      assertThat(r.id()).isEqualTo(run);
      assertThat(r.critical()).isEqualTo(1);
      assertThat(r.high()).isEqualTo(1);
      assertThat(r.total()).isEqualTo(2);
    });
    assertThat(store.findings(run)).extracting(CheckFinding::code, CheckFinding::line, CheckFinding::column)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("PRT001", 12, 7), org.assertj.core.groups.Tuple.tuple("HLT001", 3, null));
    assertThat(store.scores(project, null)).extracting(ReadinessScore::service, ReadinessScore::score, ReadinessScore::at)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("gateway", 70, T0), org.assertj.core.groups.Tuple.tuple("auth", 40, T0));
  }

  @Test
  void plantedCanarySecretsNeverReachTheDatabase() throws Exception {
    String url = "postgresql://app:" + CANARY + "@db:5432/orders";
    long d = store.startDeployment(new NewDeployment(project, "production", "ops", "docker", T0,
        "{\"env\":{\"DATABASE_URL\":\"" + url + "\"}}"));
    store.recordEvent(new Event(0, d, project, T0, "ops", "service.start", "ok", "api", "{\"cmd\":\"api --password " + CANARY + "\"}"));
    store.recordError(NewError.builder(project, "CFG010", Severity.HIGH, Category.SECURITY,
            "FATAL: password authentication failed for user app (DB_PASSWORD=" + CANARY + ")")
        .deployment(d).service("api").stage("migrate --password " + CANARY).stackTrace("connecting to " + url + "\nAuthorization: Bearer " + CANARY)
        .userImpact("token=" + CANARY).businessImpact("api_key: " + CANARY).cause("secret=" + CANARY)
        .fix("set PASSWORD=" + CANARY).evidence("DATABASE_URL=" + url).build());
    store.recordHealth(new HealthSample(0, d, project, "api", T0, false, 5L, 401, "GET http://u:" + CANARY + "@127.0.0.1:9000/health",
        "Authorization: Bearer " + CANARY));
    store.finishPhase(store.startPhase(d, 0, List.of("api"), T0), Outcome.FAILED, T0, "DB_PASSWORD=" + CANARY);
    store.recordCheckRun(new CheckRun(0, project, T0, null, null,
        List.of(new CheckFinding("SEC001", Severity.HIGH, Category.SECURITY, "api", "secret in env: API_TOKEN=" + CANARY, "compose.yml", 1, 1)),
        List.of(new ReadinessScore("api", 10, "F", "token=" + CANARY, null)), "{\"password\":\"" + CANARY + "\"}"));
    store.resolveError(store.errors(ErrorQuery.all(project)).get(0).id(), "rotated password=" + CANARY, "ops", T0);

    List<String> leaks = new ArrayList<>();
    try (Connection c = rawConnection(); Statement s = c.createStatement()) {
      for (String table : List.of("deployments", "deployment_phases", "deployment_events", "deployment_errors",
          "deployment_error_occurrences", "deployment_error_transitions", "health_samples", "check_runs", "findings", "readiness_scores")) {
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
          ResultSetMetaData md = rs.getMetaData();
          int rows = 0;
          while (rs.next()) {
            rows++;
            for (int i = 1; i <= md.getColumnCount(); i++) {
              String v = rs.getString(i);
              if (v != null && v.contains(CANARY)) leaks.add(table + "." + md.getColumnName(i) + " = " + v);
            }
          }
          assertThat(rows).as("rows in " + table).isPositive();
        }
      }
    }
    assertThat(leaks).isEmpty();
  }

  /** Secret shapes the redactor knows, one per string field in turn, each carrying the canary. */
  static final List<String> SECRET_SHAPES = List.of("token=%s", "password: %s", "Authorization: Bearer %s",
      "postgresql://app:%s@db:5432/x", "--password %s", "{\"api_key\":\"%s\"}", "DB_PASSWORD=%s");

  /**
   * Builds a record with every String component holding a planted secret (a different shape each),
   * the other components from {@code others} by type: a field added to a record later is covered
   * without touching this test.
   */
  static <R extends Record> R planted(Class<R> type, java.util.Map<Class<?>, Object> others) throws Exception {
    var comps = type.getRecordComponents();
    Class<?>[] types = new Class<?>[comps.length];
    Object[] args = new Object[comps.length];
    for (int i = 0; i < comps.length; i++) {
      types[i] = comps[i].getType();
      args[i] = types[i] == String.class ? String.format(SECRET_SHAPES.get(i % SECRET_SHAPES.size()), CANARY) : others.get(types[i]);
    }
    var ctor = type.getDeclaredConstructor(types);
    ctor.setAccessible(true);
    return ctor.newInstance(args);
  }

  @Test
  void aSecretInEveryStringOfEveryWriteNeverReachesTheDatabase() throws Exception {
    java.util.Map<Class<?>, Object> base = new java.util.HashMap<>();
    base.put(Instant.class, T0);
    base.put(long.class, 0L);
    base.put(int.class, 42);
    base.put(boolean.class, false);
    base.put(Integer.class, 7);
    base.put(Severity.class, Severity.HIGH);
    base.put(Category.class, Category.SECURITY);
    NewDeployment nd = planted(NewDeployment.class, base);
    long d = store.startDeployment(nd);
    base.put(Long.class, d);
    store.recordEvent(planted(Event.class, base));
    long phase = store.startPhase(d, 0, List.of("api", String.format(SECRET_SHAPES.get(0), CANARY)), T0);
    store.finishPhase(phase, Outcome.FAILED, T0, String.format(SECRET_SHAPES.get(1), CANARY));
    NewError ne = planted(NewError.class, base);
    ErrorRecorded rec = store.recordError(ne);
    store.recordError(ne); // the second occurrence takes the UPDATE path
    store.recordHealth(planted(HealthSample.class, base));
    base.put(List.class, List.of());
    CheckRun run = planted(CheckRun.class, base);
    store.recordCheckRun(new CheckRun(0, run.project(), T0, run.user(), run.toolVersion(),
        List.of(planted(CheckFinding.class, base)), List.of(planted(ReadinessScore.class, base)), run.details()));
    store.resolveError(rec.errorId(), String.format(SECRET_SHAPES.get(2), CANARY), String.format(SECRET_SHAPES.get(3), CANARY), T0);
    store.recordError(ne); // a regression: the store writes its own transition
    store.resolveError(rec.errorId(), "again", null, T0);
    store.reopenError(rec.errorId(), String.format(SECRET_SHAPES.get(4), CANARY), T0);

    assertThat(leaks()).isEmpty();
    // Lookups by a name that held a secret find what was stored under its redacted form.
    assertThat(store.errors(ErrorQuery.all(ne.project()))).extracting(TrackedError::id).containsExactly(rec.errorId());
    assertThat(store.deployments(nd.project(), null, 0)).extracting(Deployment::id).containsExactly(d);
    assertThat(store.error(rec.errorId()).orElseThrow().occurrences()).isEqualTo(3);
  }

  /** Every text cell of every table that holds the canary. */
  List<String> leaks() throws Exception {
    List<String> leaks = new ArrayList<>();
    try (Connection c = rawConnection(); Statement s = c.createStatement()) {
      for (String table : List.of("deployments", "deployment_phases", "deployment_events", "deployment_errors",
          "deployment_error_occurrences", "deployment_error_transitions", "health_samples", "check_runs", "findings", "readiness_scores")) {
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
          ResultSetMetaData md = rs.getMetaData();
          while (rs.next()) {
            for (int i = 1; i <= md.getColumnCount(); i++) {
              String v = rs.getString(i);
              if (v != null && v.contains(CANARY)) leaks.add(table + "." + md.getColumnName(i) + " = " + v);
            }
          }
        }
      }
    }
    return leaks;
  }

  /** A plain JDBC connection to the same database (bypassing the store's redaction). */
  abstract Connection rawConnection() throws Exception;

  @Test
  void concurrentWritersOfOneFingerprintCountEveryOccurrence() throws Exception {
    int threads = 4;
    int each = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<Void>> work = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        work.add(() -> {
          for (int i = 0; i < each; i++) store.recordError(error(null, T0.plusMillis(i), "Name or service not known: postgres"));
          return null;
        });
      }
      for (Future<Void> f : pool.invokeAll(work)) f.get();
    } finally {
      pool.shutdownNow();
    }
    List<TrackedError> all = store.errors(ErrorQuery.all(project));
    assertThat(all).singleElement().satisfies(e -> assertThat(e.occurrences()).isEqualTo((long) threads * each));
  }

  @Test
  void timesRoundTripAtMillisecondPrecision() {
    Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    long id = store.startDeployment(new NewDeployment(project, null, null, "process", t, null));
    store.finishDeployment(id, Outcome.SUCCEEDED, t.plus(Duration.ofMillis(1234)), null);
    Deployment d = store.deployment(id).orElseThrow();
    assertThat(d.startedAt()).isEqualTo(t);
    assertThat(d.durationMs()).isEqualTo(1234L);
    assertThat(d.environment()).isEqualTo("development");
  }

  static Connection connect(String url) throws Exception {
    return DriverManager.getConnection(url);
  }
}
