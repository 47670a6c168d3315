package dev.flotilla.load.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.model.Manifest;
import dev.flotilla.model.ManifestProblem;
import dev.flotilla.model.Requirement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestParserTest {
  @TempDir Path dir;

  Manifest parse(String name, String text) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, text);
    return ManifestParser.parse(f);
  }

  @Test
  void requirementsWithIncludesEditablesExtrasMarkersHashesAndContinuations() throws IOException {
    Files.writeString(dir.resolve("base.txt"), "httpx==0.27.0\n");
    Manifest m = parse("requirements.txt", """
        # comment
        -r base.txt
        --extra-index-url https://pypi.example.com/simple
        fastapi[all]==0.111.0   # inline comment
        uvicorn[standard] >=0.30, <0.31
        psutil==5.9.8 ; sys_platform == "linux"
        requests==2.32.0 \\
            --hash=sha256:abcdef
        -e .
        git+https://github.com/x/lib.git@v1#egg=lib
        Django (>=4.2)
        """);
    assertThat(m.problems()).isEmpty();
    assertThat(m.requirements()).extracting(Requirement::key)
        .containsExactly("httpx", "fastapi", "uvicorn", "psutil", "requests", "", "lib", "django");
    Requirement fastapi = m.requirements().get(1);
    assertThat(fastapi.extras()).containsExactly("all");
    assertThat(fastapi.spec()).isEqualTo("==0.111.0");
    assertThat(fastapi.location().line()).isEqualTo(4);
    assertThat(m.requirements().get(3).marker()).isEqualTo("sys_platform == \"linux\"");
    assertThat(m.requirements().get(0).location().file()).isEqualTo(dir.resolve("base.txt"));
  }

  @Test
  void localPathsConflictMarkersMissingIncludesAndGarbageAreProblems() throws IOException {
    Manifest m = parse("requirements.txt", """
        fastapi
        <<<<<<< HEAD
        psutil==5.9.8
        =======
        psutil==6.0.0
        >>>>>>> branch
        -e ../../shared
        lib @ file:///Users/dev/lib
        ./wheels/mine-1.0-py3-none-any.whl
        -r nope.txt
        this is not a requirement!
        """);
    assertThat(m.problems()).extracting(p -> p.kind() + "@" + p.location().line()).containsExactly(
        "CONFLICT_MARKER@2", "CONFLICT_MARKER@4", "CONFLICT_MARKER@6", "LOCAL_PATH@7", "LOCAL_PATH@8",
        "MISSING_INCLUDE@10", "SYNTAX@11");
    assertThat(m.requirements()).extracting(Requirement::name).contains("fastapi", "shared", "lib", "mine");
  }

  @Test
  void pyprojectPep621AndPoetry() throws IOException {
    Manifest m = parse("pyproject.toml", """
        [project]
        name = "svc"
        dependencies = [
          "fastapi>=0.110",  # trailing comment
          'pyyaml ; python_version >= "3.8"',
        ]
        [project.optional-dependencies]
        dev = ["pytest"]
        [project.scripts]
        svc = "svc.main:run"

        [tool.poetry.dependencies]
        python = "^3.12"
        httpx = "^0.27"
        shared = { path = "../shared", develop = true }
        uvicorn = { version = "^0.30", extras = ["standard"] }
        [tool.poetry.group.dev.dependencies]
        ruff = "*"
        """);
    assertThat(m.requirements()).extracting(Requirement::key)
        .containsExactly("fastapi", "pyyaml", "pytest", "httpx", "shared", "uvicorn", "ruff");
    assertThat(m.requirements().get(0).location().line()).isEqualTo(4);
    assertThat(m.requirements().get(5).extras()).containsExactly("standard");
    assertThat(m.executables()).containsKey("svc");
    assertThat(m.problems()).extracting(ManifestProblem::kind).containsExactly(ManifestProblem.Kind.LOCAL_PATH);
    assertThat(m.problems().get(0).location().line()).isEqualTo(15);
  }

  @Test
  void brokenTomlIsASyntaxProblemWithItsLine() throws IOException {
    Manifest m = parse("pyproject.toml", "[project]\nname = \"x\"\ndependencies = [\"a\",\n  \"b\"\nversion = 1\n");
    assertThat(m.problems()).extracting(ManifestProblem::kind).containsExactly(ManifestProblem.Kind.SYNTAX);
  }

  @Test
  void setupCfgAndPipfile() throws IOException {
    Manifest cfg = parse("setup.cfg", """
        [metadata]
        name = svc
        [options]
        install_requires =
            fastapi>=0.110
            redis
        [options.entry_points]
        console_scripts =
            svc = svc.main:run
        """);
    assertThat(cfg.requirements()).extracting(Requirement::key).containsExactly("fastapi", "redis");
    assertThat(cfg.requirements().get(1).location().line()).isEqualTo(6);
    assertThat(cfg.executables()).containsKey("svc");
    Manifest pip = parse("Pipfile", """
        [[source]]
        url = "https://pypi.org/simple"
        [packages]
        fastapi = "*"
        requests = {version = "*", extras = ["socks"]}
        [dev-packages]
        pytest = "*"
        """);
    assertThat(pip.requirements()).extracting(Requirement::key).containsExactly("fastapi", "requests", "pytest");
  }

  @Test
  void packageJsonDependenciesScriptsBinAndLocalPaths() throws IOException {
    Manifest m = parse("package.json", """
        {
          "name": "@acme/gateway",
          "main": "server.js",
          "bin": "cli.js",
          "scripts": { "start": "node server.js" },
          "dependencies": {
            "express": "^4.19.2",
            "shared": "file:../shared"
          },
          "devDependencies": { "jest": "^29" }
        }
        """);
    assertThat(m.requirements()).extracting(Requirement::name).containsExactly("express", "shared", "jest");
    assertThat(m.requirements().get(0).location().line()).isEqualTo(7);
    assertThat(m.scripts()).containsEntry("start", "node server.js");
    assertThat(m.executables()).containsKey("gateway");
    assertThat(m.problems()).extracting(p -> p.kind() + "@" + p.location().line()).containsExactly("LOCAL_PATH@8");
    Manifest bad = parse("package.json", "{\n  \"name\": \"x\",\n  \"dependencies\": {\n}\n,}");
    assertThat(bad.problems()).extracting(ManifestProblem::kind).containsExactly(ManifestProblem.Kind.SYNTAX);
  }
}
