package dev.flotilla.check.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.check.FixtureHarness;
import dev.flotilla.model.Stack;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What Listening derives for the services of the clean stacks and fixtures: port, host and confidence. */
class ListeningTest {

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    // stack,                            service,        port, host,      confidence, program
    "clean/webapp-db-cache,              web,            8000, 0.0.0.0,   STATED,     gunicorn",
    "clean/webapp-db-cache,              db,             5432, 0.0.0.0,   DEFAULT,    postgres",
    "clean/webapp-db-cache,              cache,          6379, 0.0.0.0,   DEFAULT,    redis-server",
    "clean/queue-workers,                api,            8000, 0.0.0.0,   STATED,     uvicorn",
    "clean/queue-workers,                rabbitmq,       5672, ,          DEFAULT,    rabbitmq",
    "clean/reverse-proxy,                api,            3000, 0.0.0.0,   STATED,     node",
    "clean/reverse-proxy,                frontend,       8080, 0.0.0.0,   STATED,     nginx",
    "clean/reverse-proxy,                proxy,          80,   0.0.0.0,   STATED,     nginx",
    "clean/monitoring,                   prometheus,     9090, 0.0.0.0,   STATED,     prometheus",
    "clean/monitoring,                   grafana,        3000, 0.0.0.0,   DEFAULT,    grafana",
    "clean/monorepo-shared,              data-api,       8006, 0.0.0.0,   STATED,     uvicorn",
    "clean/django-celery,                web,            8000, 0.0.0.0,   STATED,     gunicorn",
    "clean/node-mongo,                   api,            3000, 0.0.0.0,   STATED,     node",
    "clean/node-mongo,                   mongo,          27017, ,         DEFAULT,    mongod",
    "clean/spring-postgres,              orders,         8081, 0.0.0.0,   STATED,     spring",
    "clean/traefik-services,             traefik,        8088, 0.0.0.0,   STATED,     traefik",
    "clean/traefik-services,             catalog,        8080, 0.0.0.0,   STATED,     httpd",
    "clean/traefik-services,             search,         8090, 0.0.0.0,   STATED,     httpd",
    "clean/minio-uploads,                uploader,       5000, 0.0.0.0,   STATED,     flask",
    "clean/minio-uploads,                minio,          9001, 0.0.0.0,   STATED,     minio",
    "clean/wordpress-mariadb,            mariadb,        3306, ,          DEFAULT,    mysqld",
    "check/PRT002/bad,                   api,            8020, 0.0.0.0,   STATED,     uvicorn",
    "check/PRT002/bad,                   web,            80,   0.0.0.0,   STATED,     nginx",
  })
  void derivesThePortTheProcessListensOn(String stack, String service, int port, String host, Confidence confidence, String program) {
    Stack s = FixtureHarness.at(Path.of("src/test/resources").resolve(stack)).load();
    ServicePorts p = Listening.of(s.services().get(service));
    assertThat(p.known()).as("known").isTrue();
    assertThat(p.program()).isEqualTo(program);
    Listener l = p.on(port).orElseThrow(() -> new AssertionError(service + " listens on " + p.describe() + ", not " + port));
    if (host != null) assertThat(l.host()).isEqualTo(host);
    assertThat(l.confidence()).isEqualTo(confidence);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "check/PRT002/bad, worker",
  })
  void knowsWorkersListenNowhere(String stack, String service) {
    Stack s = FixtureHarness.at(Path.of("src/test/resources").resolve(stack)).load();
    ServicePorts p = Listening.of(s.services().get(service));
    assertThat(p.known()).isTrue();
    assertThat(p.listeners()).isEmpty();
  }
}
