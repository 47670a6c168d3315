import logging
import os

import yaml
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, ORJSONResponse
from prometheus_fastapi_instrumentator import Instrumentator

from app.core.logging import configure_logging
from app.routers import auth, health, users

try:  # optional, declared in requirements: faster JSON
    import orjson  # noqa: F401
    default_response = ORJSONResponse
except ImportError:
    default_response = JSONResponse

configure_logging(os.environ.get("LOG_LEVEL", "INFO"))
log = logging.getLogger(__name__)

app = FastAPI(title="api", default_response_class=default_response)
app.include_router(health.router, prefix="/api/v1")
app.include_router(auth.router, prefix="/api/v1/auth", tags=["auth"])
app.include_router(users.router, prefix="/api/v1")
Instrumentator().instrument(app).expose(app)


@app.exception_handler(ValueError)
async def value_error(request: Request, exc: ValueError) -> JSONResponse:
    log.warning("bad value", extra={"path": request.url.path})
    return JSONResponse(status_code=422, content={"detail": str(exc)})


def load_features(path: str = "/code/features.yaml") -> dict:
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return yaml.safe_load(f) or {}


FEATURES = load_features()
