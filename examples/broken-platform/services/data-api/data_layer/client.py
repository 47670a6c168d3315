"""A client for data-api's internal endpoints; other services should call it over HTTP."""
import os

import httpx


class DataClient:
    def __init__(self, base_url: str | None = None):
        self.base_url = base_url or os.environ.get("DATA_API_URL", "http://data-api:8005")

    def upsert_devices(self, devices: list[dict]) -> None:
        httpx.post(f"{self.base_url}/internal/devices/bulk_upsert", json=devices, timeout=5).raise_for_status()
