package dev.flotilla.load.source.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.model.HttpCall;
import dev.flotilla.model.ImportRef;
import dev.flotilla.model.SourceFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JsScannerTest {
  static SourceFile scan(String src) {
    return JsScanner.scan(Path.of("/p/server.js"), "/app/server.js", src);
  }

  @Test
  void requiresAndImportsButNotInStringsCommentsOrRegexes() {
    SourceFile f = scan("""
        // const x = require("commented");
        /* import y from "blocked"; */
        const express = require("express");
        import { a, b as c } from "./lib/util.js";
        import "side-effect";
        export { d } from "@scope/pkg/sub";
        const s = "require('in-a-string')";
        const t = `import z from "template"`;
        const re = /require\\("regex"\\)/g;
        const later = await import("dynamic");
        """);
    assertThat(f.imports()).extracting(ImportRef::module)
        .containsExactly("express", "./lib/util.js", "side-effect", "@scope/pkg/sub", "dynamic");
    assertThat(f.imports().get(3).topLevel()).isEqualTo("@scope/pkg");
  }

  @Test
  void expressRoutesMountsListenAndCalls() {
    SourceFile f = scan("""
        const express = require("express");
        const users = require("./routes/users");
        const axios = require("axios");
        const app = express();
        const api = express.Router();
        const DATA = process.env.DATA_API_URL || "http://data-api:8005";
        api.post("/items/:id", (req, res) => res.json({}));
        app.get("/healthz", (req, res) => res.send("ok"));
        app.use("/api", api);
        app.use("/users", users);
        app.use("/auth", createProxyMiddleware({ target: process.env.AUTH_URL }));
        app.use((err, req, res, next) => res.status(500).end());
        fetch(`${DATA}/internal/devices/bulk_upsert`, { method: "POST" });
        axios.get(DATA + "/health");
        app.listen(Number(process.env.PORT || 3000), "127.0.0.1");
        """);
    assertThat(f.routes()).extracting(r -> r.method() + " " + r.path())
        .containsExactly("POST /items/{id}", "GET /healthz", "* /auth/{rest:path}");
    assertThat(f.mounts()).extracting(m -> m.child() + "@" + m.prefix())
        .containsExactly("/app/server.js:api@/api", "/app/routes/users.js:*@/users");
    assertThat(f.calls()).extracting(HttpCall::method, HttpCall::url).containsExactly(
        org.assertj.core.groups.Tuple.tuple("POST", "${DATA_API_URL:-http://data-api:8005}/internal/devices/bulk_upsert"),
        org.assertj.core.groups.Tuple.tuple("GET", "${DATA_API_URL:-http://data-api:8005}/health"));
    assertThat(f.binds()).hasSize(1);
    assertThat(f.binds().get(0).host()).isEqualTo("127.0.0.1");
    assertThat(f.binds().get(0).port()).isEqualTo("${PORT:-3000}");
    assertThat(f.traits()).contains("reads-env", "error-handler");
  }
}
