package dev.flotilla.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every canary planted below is a secret; none may survive redaction. */
class RedactorTest {
  static final String CANARY = "CANARYx7Q9zv3";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "POSTGRES_PASSWORD", "DB_PASS", "MYSQL_ROOT_PASSWORD", "JWT_SECRET", "SECRET_KEY",
        "API_KEY", "apiKey", "GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID",
        "GOOGLE_APPLICATION_CREDENTIALS_JSON", "AUTH_TOKEN", "BASIC_AUTH", "x-auth-token",
        "SESSION_COOKIE", "SENTRY_DSN", "DJANGO_SECRET_KEY", "PGPASSWORD", "REDIS_PWD",
        "STRIPE_KEY", "privateKey", "ENCRYPTION_KEY", "client_secret", "SLACK_WEBHOOK"
      })
  void secretNames(String name) {
    assertThat(Redactor.isSecretName(name)).as(name).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "DATABASE_URL", "PORT", "LOG_LEVEL", "AUTH_SERVICE_URL", "POSTGRES_USER", "POSTGRES_DB",
        "PASSWORD_FILE", "TOKEN_TTL", "JWT_ALGORITHM", "AUTH_URL", "KEYCLOAK_HOST", "NODE_ENV",
        "ACCESS_TOKEN_EXPIRE_MINUTES", "MONKEY", "AUTHOR", "HOSTNAME"
      })
  void ordinaryNames(String name) {
    assertThat(Redactor.isSecretName(name)).as(name).isFalse();
  }

  @Test
  void envValues() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("POSTGRES_PASSWORD", CANARY);
    env.put("DATABASE_URL", "postgresql://app:" + CANARY + "@postgres:5432/app");
    env.put("SENTRY_DSN", "https://" + CANARY + "@o123.ingest.sentry.io/42");
    env.put("REDIS_URL", "redis://:" + CANARY + "@redis:6379/0");
    env.put("PORT", "8000");
    env.put("AUTH_SERVICE_URL", "http://auth:8001");
    env.put("DB_PASSWORD_REF", "${DB_PASSWORD}");
    Map<String, String> out = Redactor.redactEnv(env);
    assertThat(out.toString()).doesNotContain(CANARY);
    assertThat(out)
        .containsEntry("POSTGRES_PASSWORD", "***")
        .containsEntry("DATABASE_URL", "postgresql://app:***@postgres:5432/app")
        .containsEntry("SENTRY_DSN", "https://***@o123.ingest.sentry.io/42")
        .containsEntry("REDIS_URL", "redis://:***@redis:6379/0")
        .containsEntry("PORT", "8000")
        .containsEntry("AUTH_SERVICE_URL", "http://auth:8001")
        .containsEntry("DB_PASSWORD_REF", "${DB_PASSWORD}");
  }

  @Test
  void envVarRecordKeepsItsLocation() {
    EnvVar v = new EnvVar("API_TOKEN", CANARY, SourceLocation.UNKNOWN);
    EnvVar r = Redactor.redact(v);
    assertThat(r.value()).isEqualTo("***");
    assertThat(r.location()).isEqualTo(v.location());
    EnvVar plain = new EnvVar("PORT", "80", SourceLocation.UNKNOWN);
    assertThat(Redactor.redact(plain)).isSameAs(plain);
  }

  static final List<String> LOG_LINES =
      List.of(
          "GET /api/users HTTP/1.1 Authorization: Bearer " + CANARY + "abcdef",
          "curl -H 'Authorization: Basic " + CANARY + "==' http://127.0.0.1:8080/",
          "{\"headers\": {\"authorization\": \"Bearer " + CANARY + "\"}}",
          "connecting to postgresql://admin:" + CANARY + "@db:5432/prod",
          "mongodb+srv://root:" + CANARY + "@cluster0.example.net/test?retryWrites=true",
          "amqp://guest:" + CANARY + "@rabbitmq:5672/",
          "psql: password=" + CANARY + " host=db user=app",
          "settings: {'SECRET_KEY': '" + CANARY + "', 'DEBUG': False}",
          "export AWS_SECRET_ACCESS_KEY=" + CANARY + "wJalrXUtnFEMI",
          "aws key id AKIAIOSFODNN7EXAMPLE used",
          "token ghp_" + CANARY + "aaaaaaaaaaaaaaaaaaaaaaa pushed",
          "github_pat_11ABCDEFG0" + CANARY + "_abcdefghijklmnop",
          "slack xoxb-123456789012-" + CANARY + "-abc",
          "posting to https://hooks.slack.com/services/T000/B000/" + CANARY,
          "jwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0." + CANARY + "sig",
          "got eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyIjoiYWRtaW4ifQ." + CANARY + "Qx",
          "api_key=" + CANARY,
          "key=" + CANARY + "0123456789abcdef0123456789abcdef",
          "client_secret: " + CANARY,
          "DB_PASSWORD=\"" + CANARY + " with spaces\"",
          "mysql --user=root --password " + CANARY + " -h db",
          "redis-cli --pass=" + CANARY,
          "stripe sk_live_" + CANARY + "1234567890",
          "google AIzaSyA-" + CANARY + "abcdefghijklmnopqrstu",
          "GET /callback?code=x&access_token=" + CANARY + "&state=1",
          "-----BEGIN RSA PRIVATE KEY----- MIIEow" + CANARY + " -----END RSA PRIVATE KEY-----",
          "Cookie: session=" + CANARY + "; theme=dark",
          "X-Api-Key: " + CANARY);

  @Test
  void noCanarySurvivesInLogLines() {
    for (String line : LOG_LINES) {
      String out = Redactor.redactText(line);
      assertThat(out).as("redacted: %s", line).doesNotContain(CANARY).contains("***");
    }
  }

  @Test
  void knownPublicExampleKeysAreHidden() {
    assertThat(Redactor.redactText("aws key id AKIAIOSFODNN7EXAMPLE used"))
        .isEqualTo("aws key id *** used");
  }

  @Test
  void keepsStructureReadable() {
    assertThat(Redactor.redactText("Authorization: Bearer abcdefgh12345"))
        .isEqualTo("Authorization: Bearer ***");
    assertThat(Redactor.redactText("postgresql://app:pw@db:5432/app"))
        .isEqualTo("postgresql://app:***@db:5432/app");
    assertThat(Redactor.redactText("password=hunter2 host=db")).isEqualTo("password=*** host=db");
    assertThat(Redactor.redactText("{\"password\": \"hunter2\", \"user\": \"bob\"}"))
        .isEqualTo("{\"password\": \"***\", \"user\": \"bob\"}");
  }

  @Test
  void leavesOrdinaryLogLinesAlone() {
    List<String> plain =
        List.of(
            "ModuleNotFoundError: No module named 'L01_data_layer'",
            "psycopg2.OperationalError: FATAL:  password authentication failed for user \"app\"",
            "Error: listen EADDRINUSE: address already in use :::8080",
            "INFO:     Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to quit)",
            "key: users_pkey violates unique constraint",
            "2026-11-22T07:00:00Z level=info msg=\"started\" port=8080",
            "Bearer token missing",
            "http://data-api:8005/internal/services");
    for (String line : plain) assertThat(Redactor.redactText(line)).isEqualTo(line);
  }

  @Test
  void privateKeyBlockAcrossLines() {
    List<String> lines =
        List.of(
            "loading key",
            "-----BEGIN OPENSSH PRIVATE KEY-----",
            "b3BlbnNzaC1rZXktdjEAAAAA" + CANARY,
            "AAAAAAAABAAAAMwAAAAtzc2gt",
            "-----END OPENSSH PRIVATE KEY-----",
            "done");
    List<String> out = Redactor.redactLines(lines);
    assertThat(String.join("\n", out)).doesNotContain(CANARY).doesNotContain("AAAAAAAABAAAAMwAAAAtzc2gt");
    assertThat(out.get(0)).isEqualTo("loading key");
    assertThat(out.get(5)).isEqualTo("done");
    String whole = Redactor.redactText(String.join("\n", lines));
    assertThat(whole).doesNotContain(CANARY).contains("loading key").contains("done");
  }

  @Test
  void unterminatedPrivateKeyIsHiddenToTheEnd() {
    String s = "-----BEGIN PRIVATE KEY-----\nMIIE" + CANARY;
    assertThat(Redactor.redactText(s)).doesNotContain(CANARY);
  }

  @Test
  void nullAndEmptyPassThrough() {
    assertThat(Redactor.redactText(null)).isNull();
    assertThat(Redactor.redactText("")).isEmpty();
    assertThat(Redactor.redactEnvValue("PASSWORD", null)).isNull();
  }

  @Test
  void idempotent() {
    for (String line : LOG_LINES) {
      String once = Redactor.redactText(line);
      assertThat(Redactor.redactText(once)).isEqualTo(once);
    }
  }
}
