package dev.flotilla.load.source.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.model.HttpCall;
import dev.flotilla.model.ImportRef;
import dev.flotilla.model.NameProblem;
import dev.flotilla.model.Route;
import dev.flotilla.model.SourceFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PyScannerTest {

  static SourceFile scan(String src) {
    return PyScanner.scan(Path.of("/p/app/main.py"), "/app/main.py", "main", src);
  }

  static List<String> modules(SourceFile f) {
    return f.imports().stream().map(ImportRef::module).toList();
  }

  static List<String> problems(SourceFile f) {
    return f.nameProblems().stream().map(p -> p.kind() + " " + p.name() + "@" + p.location().line()).toList();
  }

  @Test
  void stringsAndCommentsThatLookLikeImportsAreNotImports() {
    SourceFile f = scan("""
        # import os
        '''
        import sys
        from fastapi import HTTPStatus
        '''
        x = "import json"
        y = f"from {x} import re"
        z = rb'import socket'
        import real_one  # import fake
        """);
    assertThat(modules(f)).containsExactly("real_one");
  }

  @Test
  void importForms() {
    SourceFile f = scan("""
        import a.b.c as abc, d
        from . import sibling
        from ..pkg.mod import (
            one,
            two as deux,
        )
        from x import *
        try:
            import opentelemetry.trace
        except ImportError:
            pass
        """);
    assertThat(modules(f)).containsExactly("a.b.c", "d", "", "pkg.mod", "x", "opentelemetry.trace");
    ImportRef rel = f.imports().get(3);
    assertThat(rel.level()).isEqualTo(2);
    assertThat(rel.names()).extracting(ImportRef.Name::name).containsExactly("one", "two");
    assertThat(rel.names().get(1).location().line()).isEqualTo(5);
    assertThat(f.imports().get(5).guarded()).isTrue();
    assertThat(f.imports().get(0).guarded()).isFalse();
  }

  @Test
  void dependsAboveDefinitionIsUsedBeforeDefinition() {
    SourceFile f = scan("""
        from fastapi import FastAPI, Depends
        app = FastAPI()

        @app.get("/me")
        async def me(user = Depends(get_current_user)):
            return user

        async def get_current_user():
            return {"id": 1}
        """);
    assertThat(problems(f)).containsExactly("USED_BEFORE_DEFINITION get_current_user@5");
    assertThat(f.nameProblems().get(0).definedAt().line()).isEqualTo(8);
  }

  @Test
  void functionBodiesMayUseLaterNamesAndLocals() {
    SourceFile f = scan("""
        import os

        def handler(request, *args, limit: int = 10, **kw):
            total = helper(request) + limit
            items = [i * 2 for i in range(total) if i]
            pairs = {k: v for k, v in kw.items()}
            fn = lambda a, b=1: a + b + total
            for idx, (x, y) in enumerate(pairs.items()):
                print(idx, x, y)
            with open(os.devnull) as fh, open(os.devnull) as (gh):
                fh.read()
            try:
                pass
            except ValueError as err:
                raise RuntimeError(err)
            if (n := len(items)) > 1:
                return n
            global COUNTER
            COUNTER = 1
            return fn(1)

        def helper(r):
            return 1

        class Model:
            name: str = "x"
            size = len(name)

            def method(self):
                return self.name + Model.name

        match_me = 3
        match match_me:
            case 1 | 2:
                pass
            case other:
                print(other)
        print(__name__, __file__)
        """);
    assertThat(problems(f)).isEmpty();
  }

  @Test
  void undefinedNamesAreReportedOnce() {
    SourceFile f = scan("""
        from fastapi import FastAPI
        app = FastAPI()

        @app.post("/items")
        def create(item: dict = Body(...), db: Session = None):
            return Body
        """);
    assertThat(problems(f)).containsExactly("UNDEFINED Body@5", "UNDEFINED Session@5");
  }

  @Test
  void starImportSilencesUndefined() {
    assertThat(problems(scan("from x import *\nprint(anything)\n"))).isEmpty();
  }

  @Test
  void moduleLevelUseBeforeAssignment() {
    SourceFile f = scan("""
        print(CONFIG)
        CONFIG = {}
        def later():
            return CONFIG
        """);
    assertThat(problems(f)).containsExactly("USED_BEFORE_DEFINITION CONFIG@1");
  }

  @Test
  void futureAnnotationsAreNotEvaluatedAtImport() {
    SourceFile f = scan("""
        from __future__ import annotations
        def f(x: Later) -> Later:
            return x
        class Later:
            pass
        """);
    assertThat(problems(f)).isEmpty();
  }

  @Test
  void routesWithRouterPrefixAndMounts() {
    SourceFile f = PyScanner.scan(Path.of("/p/app/devices.py"), "/app/app/devices.py", "app.devices", """
        from fastapi import APIRouter
        router = APIRouter(prefix="/internal", tags=["x"])

        @router.post("/devices/bulk_upsert")
        async def bulk_devices(): ...

        @router.api_route("/entities/bulk_upsert", methods=["POST", "PUT"])
        async def bulk_entities(): ...
        """);
    assertThat(f.routes()).extracting(r -> r.method() + " " + r.path() + " " + r.owner())
        .containsExactly("POST /internal/devices/bulk_upsert app.devices:router",
            "POST /internal/entities/bulk_upsert app.devices:router",
            "PUT /internal/entities/bulk_upsert app.devices:router");
    SourceFile main = PyScanner.scan(Path.of("/p/app/main.py"), "/app/app/main.py", "app.main", """
        from fastapi import FastAPI
        from .devices import router as devices_router
        from app import other
        app = FastAPI()
        app.include_router(devices_router, prefix="/api")
        app.include_router(other.router)
        """);
    assertThat(main.mounts()).extracting(m -> m.parent() + " <- " + m.child() + " @" + m.prefix())
        .containsExactly("app.main:app <- app.devices:router @/api", "app.main:app <- app.other:router @");
  }

  @Test
  void flaskAndDjangoRoutes() {
    SourceFile f = scan("""
        from flask import Flask, Blueprint
        app = Flask(__name__)
        bp = Blueprint("api", __name__, url_prefix="/api")

        @app.route("/health")
        def health(): return "ok"

        @bp.route("/users/<int:uid>", methods=["GET", "DELETE"])
        def user(uid): return ""
        app.register_blueprint(bp, url_prefix="/v1")
        """);
    assertThat(f.routes()).extracting(r -> r.method() + " " + r.path())
        .containsExactly("GET /health", "GET /api/users/{uid}", "DELETE /api/users/{uid}");
    assertThat(f.mounts()).extracting(m -> m.child() + "@" + m.prefix()).containsExactly("main:bp@/v1");
    SourceFile urls = PyScanner.scan(Path.of("/p/urls.py"), "/app/site/urls.py", "site.urls", """
        from django.urls import path, include, re_path
        urlpatterns = [
            path("admin/", admin.site.urls),
            path("api/items/<int:pk>/", views.item),
            re_path(r"^old/(?P<slug>[-\\w]+)/$", views.old),
            path("shop/", include("shop.urls")),
        ]
        """);
    assertThat(urls.routes()).extracting(Route::path).containsExactly("/admin/", "/api/items/{pk}/", "/old/{slug}/");
    assertThat(urls.mounts()).extracting(m -> m.child() + "@" + m.prefix()).containsExactly("shop.urls:urlpatterns@/shop/");
  }

  @Test
  void outgoingCallsResolveConstantsEnvAndFStrings() {
    SourceFile f = scan("""
        import os
        import httpx, requests
        DATA_API = os.getenv("DATA_API_URL", "http://data-api:8006")
        AUTH = "http://auth:9002"

        async def push(items):
            url = f"{DATA_API}/internal/services/bulk_upsert"
            async with httpx.AsyncClient(timeout=5) as client:
                await client.post(url, json=items)
            requests.get(AUTH + "/users/" + str(items[0]))
            httpx.request("DELETE", f"{AUTH}/sessions/{items}")

        class Pusher:
            def __init__(self):
                self.base = os.environ.get("DATA_API_URL", "http://data-api:8006").rstrip("/")
                self.http = httpx.Client(base_url=self.base)
            def go(self):
                return self.http.put("/internal/entities/bulk_upsert")
        """);
    assertThat(f.calls()).extracting(HttpCall::method, HttpCall::url).containsExactly(
        org.assertj.core.groups.Tuple.tuple("POST", "${DATA_API_URL:-http://data-api:8006}/internal/services/bulk_upsert"),
        org.assertj.core.groups.Tuple.tuple("GET", "http://auth:9002/users/{?}"),
        org.assertj.core.groups.Tuple.tuple("DELETE", "http://auth:9002/sessions/{?}"),
        org.assertj.core.groups.Tuple.tuple("PUT", "${DATA_API_URL:-http://data-api:8006}/internal/entities/bulk_upsert"));
    assertThat(f.calls().get(0).location().line()).isEqualTo(9);
  }

  @Test
  void uvicornRunBinds() {
    SourceFile f = scan("""
        import os, uvicorn
        from fastapi import FastAPI
        app = FastAPI()
        if __name__ == "__main__":
            uvicorn.run(app, host=os.getenv("HOST", "127.0.0.1"), port=int(os.getenv("PORT", "8000")))
        """);
    assertThat(f.binds()).hasSize(1);
    assertThat(f.binds().get(0).host()).isEqualTo("${HOST:-127.0.0.1}");
    assertThat(f.binds().get(0).port()).isEqualTo("${PORT:-8000}");
    assertThat(f.traits()).contains("reads-env");
  }

  @Test
  void pydanticSettingsFieldsAreEnvLookups() {
    SourceFile f = scan("""
        import httpx
        from pydantic_settings import BaseSettings
        class Settings(BaseSettings):
            data_api_url: str = "http://data-api:8006"
        settings = Settings()
        def call():
            return httpx.get(f"{settings.data_api_url}/internal/x")
        """);
    assertThat(f.calls()).extracting(HttpCall::url).containsExactly("${DATA_API_URL:-http://data-api:8006}/internal/x");
  }

  @Test
  void tokenizerSurvivesNestedFStringQuotesAndContinuations() {
    SourceFile f = scan("""
        x = {"a": 1}
        s = f"{x["a"]} and {'}'} {{literal}}"
        total = 1 + \\
            2
        t = '''multi
        line with "quotes" and # not a comment
        '''
        import after
        """);
    assertThat(modules(f)).containsExactly("after");
    assertThat(problems(f)).isEmpty();
  }

  @Test
  void decoratorUsingLaterNameIsFlagged() {
    SourceFile f = scan("""
        @register
        def f(): pass
        def register(fn): return fn
        """);
    assertThat(problems(f)).containsExactly("USED_BEFORE_DEFINITION register@1");
  }

  @Test
  void nameErrorKinds() {
    assertThat(NameProblem.Kind.values()).hasSize(2);
  }
}
