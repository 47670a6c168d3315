import logging
import os

from fastapi import FastAPI
from opentelemetry import trace  # expect: COD004 — seed 001 §3: opentelemetry is not in requirements.txt

from src.discovery import discover_services

log = logging.getLogger("ingestion")
tracer = trace.get_tracer("ingestion")
app = FastAPI(title="ingestion")


@app.get("/health")
def health():
    return {"status": "ok"}


@app.post("/discover")
def discover():
    with tracer.start_as_current_span("discover"):
        return {"stored": discover_services(os.environ.get("MQTT_BROKER", ""))}
