package dev.flotilla.check.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.check.CheckResult;
import dev.flotilla.check.Finding;
import dev.flotilla.check.FixtureHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A clean stack is only evidence when the rules can see into it: each case breaks one line of a
 * clean stack (src/test/resources/clean) the way the seeds broke theirs and expects the source rule
 * to fire there — proving the routes, prefixes, manifests and entry points of that stack are read.
 */
class CleanStacksMutationTest {
  @TempDir Path tmp;

  static Stream<Arguments> mutations() {
    return Stream.of(
        // FastAPI: the route is /api/v1/users/{user_id}/notify (include_router prefix + APIRouter prefix)
        Arguments.of("fastapi-routers", "notifier/notifier.py", "{USERS}/{user_id}/notify\"", "{USERS}/{user_id}/notify_all\"", "COD005"),
        Arguments.of("fastapi-routers", "api/app/routers/users.py", "from http import HTTPStatus", "from fastapi import HTTPStatus", "COD001"),
        // (PyYAML is not the case to remove: uvicorn[standard] installs it too)
        Arguments.of("fastapi-routers", "api/requirements.txt", "python-json-logger==2.0.7", "", "COD004"),
        Arguments.of("fastapi-routers", "api/requirements.txt", "uvicorn[standard]==0.30.1", "", "BLD006"),
        // Flask: blueprint registered with url_prefix="/api"
        Arguments.of("flask-blueprints", "web/shop/jobs/reindex.py", "\"/api/search/reindex\"", "\"/api/search/rebuild\"", "COD005"),
        Arguments.of("flask-blueprints", "web/pyproject.toml", "\"gunicorn==22.0.0\",", "", "BLD006"),
        // Express: router.route('/').get().post() under v1.use('/orders') under app.use('/api/v1')
        Arguments.of("express-routers", "web/server.mjs", "/api/v1/orders`", "/api/v1/carts`", "COD005"),
        Arguments.of("express-routers", "api/src/server.js", "app.listen(port, '0.0.0.0'", "app.listen(port, '127.0.0.1'", "PRT004"),
        Arguments.of("express-routers", "api/package.json", "\"pino\": \"^9.2.0\",", "", "COD004"),
        // Django: gunicorn comes from requirements/prod.txt, which includes base.txt
        Arguments.of("django-rest", "backend/requirements/prod.txt", "gunicorn==22.0.0", "", "BLD006"),
        Arguments.of("django-rest", "backend/requirements/base.txt", "dj-database-url==2.2.0", "", "COD004"),
        // monorepo: shared/ is copied through the root context; without the COPY it is not in the image
        Arguments.of("monorepo-shared", "services/data-api/Dockerfile", "COPY shared/ ./shared/", "", "COD002"));
  }

  @ParameterizedTest(name = "{0}: {4} after editing {1}")
  @MethodSource("mutations")
  void breakingOneLineIsFound(String stack, String file, String from, String to, String code) throws IOException {
    Path dir = tmp.resolve(stack);
    copy(Path.of("src/test/resources/clean", stack), dir);
    Path f = dir.resolve(file);
    String text = Files.readString(f);
    assertThat(text).as(file + " holds the line to break").contains(from);
    Files.writeString(f, text.replace(from, to));
    CheckResult r = FixtureHarness.at(dir).allRules().check();
    assertThat(r.failures()).isEmpty();
    List<String> codes = r.findings().stream().map(Finding::code).toList();
    assertThat(codes).as(r.findings().stream().map(x -> x.code() + " " + x.message()).toList().toString()).contains(code);
  }

  static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(t);
        else Files.copy(p, t);
      }
    }
  }
}
