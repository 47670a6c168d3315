package dev.flotilla.load.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per data file: it loads, its rows are well formed, and the seed cases are in it. */
class KnowledgeTest {

  @Test
  void stdlibListHasTheStandardLibraryAndNoThirdPartyPackages() {
    assertThat(Knowledge.stdlib()).contains("os", "sys", "http", "asyncio", "json", "typing", "tomllib", "__future__", "distutils");
    assertThat(Knowledge.stdlib()).doesNotContain("fastapi", "yaml", "requests", "opentelemetry");
    assertThat(Knowledge.stdlib().size()).isBetween(250, 400);
  }

  @Test
  void nodeBuiltinsAndPackageNames() {
    for (String n : List.of("fs", "node:fs", "fs/promises", "path", "http", "node:test", "worker_threads", "timers/promises")) {
      assertThat(Knowledge.isNodeBuiltin(n)).as(n).isTrue();
    }
    for (String n : List.of("express", "pino", "@fastify/cors", "fs-extra")) assertThat(Knowledge.isNodeBuiltin(n)).as(n).isFalse();
    assertThat(Knowledge.npmPackage("@fastify/cors/lib/x")).isEqualTo("@fastify/cors");
    assertThat(Knowledge.npmPackage("lodash/fp")).isEqualTo("lodash");
    assertThat(Knowledge.npmPackage("./routes/users")).isNull();
    assertThat(Knowledge.npmPackage("node:fs")).isNull();
  }

  @Test
  void builtinsHaveTheBuiltinNamesAndModuleDunders() {
    for (String n : List.of("print", "len", "Exception", "ImportError", "__name__", "__file__", "super", "anext")) {
      assertThat(Knowledge.isBuiltin(n)).as(n).isTrue();
    }
    assertThat(Knowledge.isBuiltin("get_current_user")).isFalse();
    assertThat(Knowledge.isBuiltin("__version__")).isFalse();
  }

  @Test
  void badImportsHoldTheSeedCaseAndEveryRowNamesAReplacement() {
    assertThat(Knowledge.badImport("fastapi", "HTTPStatus")).hasValueSatisfying(b -> assertThat(b.instead()).isEqualTo("from http import HTTPStatus"));
    assertThat(Knowledge.badImport("fastapi", "FastAPI")).isEmpty();
    assertThat(Knowledge.badImport("http", "HTTPStatus")).isEmpty();
    for (Knowledge.BadImport b : Knowledge.badImports()) {
      assertThat(b.instead()).as(b.toString()).isNotBlank();
      assertThat(b.why()).as(b.toString()).isNotBlank();
      // a replacement never repeats the bad import itself
      assertThat(b.instead()).as(b.toString()).doesNotContain("from " + b.module() + " import " + b.name());
    }
  }

  @Test
  void compiledPackagesHoldPsutilOnSlimButNotOnTheFullImage() {
    Knowledge.CompiledPackage psutil = Knowledge.compiled("python", "psutil").orElseThrow();
    assertThat(psutil.imagePatterns().stream().anyMatch(p -> Knowledge.imageMatches("python:3.12-slim", p))).isTrue();
    assertThat(psutil.imagePatterns().stream().anyMatch(p -> Knowledge.imageMatches("python:3.12-slim-bookworm", p))).isTrue();
    assertThat(psutil.imagePatterns().stream().anyMatch(p -> Knowledge.imageMatches("python:3.12-alpine", p))).isTrue();
    assertThat(psutil.imagePatterns().stream().anyMatch(p -> Knowledge.imageMatches("python:3.12", p))).isFalse();
    assertThat(psutil.imagePatterns().stream().anyMatch(p -> Knowledge.imageMatches("docker.io/library/python:3.11-bookworm", p))).isFalse();
    assertThat(Knowledge.compiled("python", "psycopg2-binary")).isEmpty();
    for (Knowledge.CompiledPackage c : Knowledge.compiledPackages()) {
      assertThat(c.ecosystem()).isIn("python", "node");
      assertThat(c.imagePatterns()).isNotEmpty();
    }
  }

  @Test
  void executablesNameThePackagesThatInstallThem() {
    assertThat(Knowledge.executable("uvicorn").orElseThrow().packages()).contains("uvicorn");
    assertThat(Knowledge.executable("gunicorn").orElseThrow().packages()).containsExactly("gunicorn");
    assertThat(Knowledge.executable("celery").orElseThrow().ecosystem()).isEqualTo("python");
    assertThat(Knowledge.executable("python3").orElseThrow().fromBaseImage()).isTrue();
    assertThat(Knowledge.executable("my-own-tool")).isEmpty();
    Knowledge.executables().values().forEach(e -> assertThat(e.packages()).as(e.name()).isNotEmpty());
  }

  @Test
  void importNamesMapToDistributionsAndDistributionsBringTheirDependencies() {
    assertThat(Knowledge.distributionsFor("yaml")).contains("pyyaml");
    assertThat(Knowledge.distributionsFor("PIL.Image")).contains("pillow");
    assertThat(Knowledge.distributionsFor("opentelemetry.trace")).contains("opentelemetry-api");
    assertThat(Knowledge.distributionsFor("google.protobuf")).contains("protobuf");
    assertThat(Knowledge.distributionsFor("fastapi")).containsExactly("fastapi");
    assertThat(Knowledge.importsProvidedBy("fastapi", List.of())).contains("starlette", "pydantic");
    assertThat(Knowledge.importsProvidedBy("fastapi", List.of("standard"))).contains("uvicorn", "httpx");
    assertThat(Knowledge.importsProvidedBy("requests", List.of())).contains("urllib3", "certifi");
    assertThat(Knowledge.importsProvidedBy("fastapi", List.of())).doesNotContain("uvicorn", "opentelemetry");
    assertThat(Knowledge.normalize("Typing_Extensions")).isEqualTo("typing-extensions");
    assertThat(Knowledge.normalize("uvicorn[Standard]")).isEqualTo("uvicorn[standard]");
  }
}
