import logging
import os

from fastapi import FastAPI

from data_layer.devices_endpoints import router

logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"))
app = FastAPI(title="data-api")
app.include_router(router)


@app.get("/health")
def health():
    return {"status": "ok"}
