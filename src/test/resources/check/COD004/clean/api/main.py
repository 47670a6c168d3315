import os

import httpx
import yaml
from fastapi import FastAPI
from starlette.requests import Request
from opentelemetry import trace
from typing import TYPE_CHECKING
import company_telemetry  # flotilla-ignore COD004 baked into our base image; see platform/base-images

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

try:
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
except ImportError:
    FastAPIInstrumentor = None

from helpers import util

app = FastAPI()
tracer = trace.get_tracer("api")
CONFIG = yaml.safe_load(os.environ.get("CONFIG", "{}"))
