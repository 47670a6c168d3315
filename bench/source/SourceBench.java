import dev.flotilla.check.CheckOptions;
import dev.flotilla.check.CheckResult;
import dev.flotilla.check.Checker;
import dev.flotilla.load.LoadOptions;
import dev.flotilla.load.Loader;
import dev.flotilla.model.Stack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Application-source reading on large trees: loads and checks a project twice, with every rule and
 * with the source rules skipped, and prints the difference (what reading source costs). Run it with
 * bench/source/run.sh, or: java -cp target/flotilla.jar bench/source/SourceBench.java DIR [RUNS].
 * With {@code --generate-tree N DIR} it first writes one service whose root build context holds N
 * Python modules in packages (FastAPI routers, imports between them, HTTP calls) plus a
 * node_modules and a .venv of N files each that the scan must skip; deterministic.
 */
public class SourceBench {
  static final Set<String> SOURCE = Set.of("BLD005", "BLD006", "BLD009", "PRT004", "COD001", "COD002", "COD003", "COD004", "COD005", "COD006");

  public static void main(String[] args) throws Exception {
    if (args.length >= 3 && args[0].equals("--generate-tree")) {
      generate(Integer.parseInt(args[1]), Path.of(args[2]));
      return;
    }
    Path dir = Path.of(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    long bestAll = Long.MAX_VALUE;
    long bestNoSource = Long.MAX_VALUE;
    long cpuAll = Long.MAX_VALUE;
    long cpuNoSource = Long.MAX_VALUE;
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    int findings = 0;
    int sourceFindings = 0;
    int services = 0;
    for (int r = 0; r < runs + 1; r++) { // the first pass warms the JIT and is not counted
      long c0 = mx.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      Stack s1 = Loader.load(LoadOptions.ofDirectory(dir));
      CheckResult all = new Checker().check(s1, CheckOptions.DEFAULT);
      long t1 = System.nanoTime();
      long c1 = mx.getCurrentThreadCpuTime();
      Stack s2 = Loader.load(LoadOptions.ofDirectory(dir));
      CheckResult none = new Checker().check(s2, CheckOptions.DEFAULT.withSkip(SOURCE));
      long t2 = System.nanoTime();
      long c2 = mx.getCurrentThreadCpuTime();
      if (!all.failures().isEmpty()) throw new IllegalStateException("rules failed: " + all.failures());
      if (r == 0) continue;
      bestAll = Math.min(bestAll, t1 - t0);
      bestNoSource = Math.min(bestNoSource, t2 - t1);
      cpuAll = Math.min(cpuAll, c1 - c0);
      cpuNoSource = Math.min(cpuNoSource, c2 - c1);
      findings = all.findings().size();
      sourceFindings = (int) all.findings().stream().filter(f -> SOURCE.contains(f.code())).count();
      services = s1.services().size();
    }
    // CPU time of the checking thread, beside wall time: on a shared machine it is the steadier number
    System.out.printf("%s: %d services; wall: all rules %.0f ms, source rules skipped %.0f ms; cpu: all rules %.0f ms, "
            + "source rules skipped %.0f ms, source reading and rules %.0f ms; %d findings (%d from source rules); best of %d%n",
        dir.getFileName(), services, bestAll / 1e6, bestNoSource / 1e6, cpuAll / 1e6, cpuNoSource / 1e6, (cpuAll - cpuNoSource) / 1e6,
        findings, sourceFindings, runs);
  }

  static void generate(int n, Path out) throws IOException {
    Files.createDirectories(out);
    Files.writeString(out.resolve("compose.yaml"), """
        services:
          api:
            build: .
            ports: ["8000:8000"]
            environment:
              WORKER_URL: http://worker:8001
            mem_limit: 512m
          worker:
            build:
              context: .
              dockerfile: Dockerfile.worker
            mem_limit: 256m
        """);
    Files.writeString(out.resolve("Dockerfile"), """
        FROM python:3.12-slim
        WORKDIR /app
        COPY requirements.txt .
        RUN pip install --no-cache-dir -r requirements.txt
        COPY . .
        CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]
        """);
    Files.writeString(out.resolve("Dockerfile.worker"), """
        FROM python:3.12-slim
        WORKDIR /app
        COPY requirements.txt .
        RUN pip install --no-cache-dir -r requirements.txt
        COPY . .
        CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8001"]
        """);
    Files.writeString(out.resolve("requirements.txt"), "fastapi==0.111.0\nuvicorn==0.30.1\nhttpx==0.27.0\npydantic==2.7.4\n");
    Files.writeString(out.resolve(".dockerignore"), "**/__pycache__\n");
    Path app = out.resolve("app");
    Files.createDirectories(app);
    Files.writeString(app.resolve("__init__.py"), "");
    int packages = Math.max(1, n / 100);
    StringBuilder main = new StringBuilder("from fastapi import FastAPI\n\n");
    for (int p = 0; p < packages; p++) main.append("from app.pkg").append(p).append(" import m0 as pkg").append(p).append("\n");
    main.append("\napp = FastAPI()\n\n");
    for (int p = 0; p < packages; p++) main.append("app.include_router(pkg").append(p).append(".router, prefix=\"/p").append(p).append("\")\n");
    Files.writeString(app.resolve("main.py"), main);
    for (int i = 0; i < n; i++) {
      int p = i % packages;
      int m = i / packages;
      Path pkg = app.resolve("pkg" + p);
      if (m == 0) {
        Files.createDirectories(pkg);
        Files.writeString(pkg.resolve("__init__.py"), "");
      }
      Files.writeString(pkg.resolve("m" + m + ".py"), module(p, m));
    }
    // what a developer's checkout also holds: installed packages the scan must not read
    for (String junk : new String[] {"node_modules/lib", ".venv/lib/python3.12/site-packages/lib"}) {
      Path d = out.resolve(junk);
      Files.createDirectories(d);
      for (int i = 0; i < n; i++) Files.writeString(d.resolve("f" + i + (junk.startsWith("node") ? ".js" : ".py")), "import os\nx = 1\n");
    }
  }

  static String module(int p, int m) {
    StringBuilder sb = new StringBuilder();
    sb.append("\"\"\"Module ").append(m).append(" of package ").append(p).append(": routes, models and a client.\"\"\"\n");
    sb.append("from __future__ import annotations\n\nimport logging\nimport os\nfrom typing import Any\n\n");
    sb.append("import httpx\nfrom fastapi import APIRouter, Depends, HTTPException\nfrom pydantic import BaseModel\n\n");
    if (m > 0) sb.append("from .m").append(m - 1).append(" import Item").append(m - 1).append(", helper").append(m - 1).append("\n");
    sb.append("\nlog = logging.getLogger(__name__)\nWORKER_URL = os.environ.get(\"WORKER_URL\", \"http://worker:8001\")\n");
    if (m == 0) sb.append("router = APIRouter()\n");
    else sb.append("from .m0 import router\n");
    sb.append("\n\nclass Item").append(m).append("(BaseModel):\n    id: int\n    name: str\n    tags: list[str] = []\n\n\n");
    sb.append("def helper").append(m).append("(value: Any) -> str:\n    # a comment with import os in it\n");
    sb.append("    text = \"from fastapi import HTTPStatus\"  # a string, not an import\n");
    sb.append("    return f\"{value}-{text[:4]}\"\n\n\n");
    sb.append("def get_settings() -> dict:\n    return {\"debug\": os.environ.get(\"DEBUG\") == \"1\"}\n\n\n");
    sb.append("@router.get(\"/items").append(m).append("/{item_id}\")\n");
    sb.append("def read_item").append(m).append("(item_id: int, settings: dict = Depends(get_settings)) -> Item").append(m).append(":\n");
    sb.append("    if item_id < 0:\n        raise HTTPException(status_code=404)\n");
    sb.append("    try:\n        httpx.get(f\"{WORKER_URL}/p").append(p).append("/items").append(m).append("/{item_id}\", timeout=1)\n");
    sb.append("    except httpx.HTTPError:\n        log.warning(\"worker down\")\n");
    sb.append("    return Item").append(m).append("(id=item_id, name=helper").append(m).append("(item_id))\n");
    for (int k = 0; k < 6; k++) {
      sb.append("\n\ndef compute").append(k).append("(xs: list[int]) -> int:\n    total = 0\n    for x in xs:\n");
      sb.append("        if x % ").append(k + 2).append(" == 0:\n            total += x * ").append(k).append("\n");
      sb.append("    return total\n");
    }
    return sb.toString();
  }
}
