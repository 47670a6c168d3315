from fastapi import FastAPI

from shared.common import get_logger

log = get_logger("data-api")
app = FastAPI()


@app.get("/health")
def health():
    return {"status": "ok"}


@app.post("/internal/devices/bulk_upsert")
def bulk_upsert_devices(items: list[dict]):
    log.info("upserting %d devices", len(items))
    return {"count": len(items)}
