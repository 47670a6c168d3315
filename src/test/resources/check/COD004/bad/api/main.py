"""Seed 001 §3: OpenTelemetry imported, absent from requirements."""
import os

import httpx
import yaml  # expect: COD004
from fastapi import FastAPI
from starlette.requests import Request
from opentelemetry import trace  # expect: COD004

try:
    import sentry_sdk  # expect: COD004
except ImportError:
    sentry_sdk = None

app = FastAPI()
tracer = trace.get_tracer("api")
CONFIG = yaml.safe_load(os.environ.get("CONFIG", "{}"))
