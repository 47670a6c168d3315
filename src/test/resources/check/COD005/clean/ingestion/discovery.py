import os

import httpx
import requests

DATA_API_URL = os.environ.get("DATA_API_URL", "http://data-api:8006")


def push(services: list[dict], device_id: str) -> None:
    httpx.post(f"{DATA_API_URL}/internal/devices/bulk_upsert", json=services)
    requests.post(DATA_API_URL + "/internal/entities/bulk_upsert", json=services)
    httpx.get(f"{DATA_API_URL}/internal/devices/{device_id}")
    httpx.delete(f"{DATA_API_URL}/admin/cache")
    with httpx.Client(base_url=DATA_API_URL) as client:
        client.get("/health")
    httpx.get("https://example.com/elsewhere")


if __name__ == "__main__":
    push([], "x")
