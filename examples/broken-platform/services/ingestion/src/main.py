import logging
import os

from fastapi import FastAPI

from src.discovery import discover_services

log = logging.getLogger("ingestion")
try:
    from opentelemetry import trace  # expect: COD004 — seed 001 §3: opentelemetry is not in requirements.txt; the service runs without tracing
    tracer = trace.get_tracer("ingestion")
except ImportError:
    log.warning("OpenTelemetry not available. Install with: pip install opentelemetry-api opentelemetry-sdk")
    tracer = None
app = FastAPI(title="ingestion")


@app.get("/health")
def health():
    return {"status": "ok"}


@app.post("/discover")
def discover():
    if tracer is None:
        return {"stored": discover_services(os.environ.get("MQTT_BROKER", ""))}
    with tracer.start_as_current_span("discover"):
        return {"stored": discover_services(os.environ.get("MQTT_BROKER", ""))}
