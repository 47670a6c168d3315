import os

import redis
from fastapi import FastAPI
from data_layer.client import DataClient  # expect: COD002 — seed 003: data_layer lives in services/data-api, not in this image

app = FastAPI(title="worker")
queue = redis.Redis.from_url(os.environ["REDIS_URL"])
client = DataClient(os.environ.get("DATA_API_URL"))


@app.get("/health")
def health():
    return {"status": "ok", "pending": queue.llen("jobs")}
