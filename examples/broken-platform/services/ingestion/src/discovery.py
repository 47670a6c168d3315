import os

import httpx

from shared.models import Device  # expect: COD002 — seed 001 §5: shared/ sits at the repository root; this image holds only services/ingestion

DATA_API_URL = os.environ.get("DATA_API_URL", "http://data-api:8005")


def discover_services(broker: str) -> int:
    services = [{"id": "light.kitchen", "broker": broker, "device": Device("hub", "kitchen hub").id}]
    response = httpx.post(f"{DATA_API_URL}/internal/services/bulk_upsert", json=services, timeout=5)  # expect: COD005 — seed 001 §2: data-api defines devices and entities only
    response.raise_for_status()
    return len(services)
