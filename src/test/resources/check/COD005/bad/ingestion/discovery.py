"""Seed 001 §2: websocket-ingestion posts to an endpoint data-api never defined."""
import os

import httpx
import requests

DATA_API_URL = os.environ.get("DATA_API_URL", "http://data-api:8006")
BULK = "/internal/services/bulk_upsert"


def push(services: list[dict], device_id: str) -> None:
    httpx.post(f"{DATA_API_URL}/internal/services/bulk_upsert", json=services)  # expect: COD005
    requests.post(DATA_API_URL + BULK, json=services)  # expect: COD005
    httpx.delete(f"{DATA_API_URL}/internal/devices/{device_id}")  # expect: COD005
    httpx.delete(f"{DATA_API_URL}/cache")  # expect: COD005
    httpx.get("http://auth:8002/anything")  # auth's routes are not known: no finding


if __name__ == "__main__":
    push([], "x")
