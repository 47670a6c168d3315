from fastapi import FastAPI

from . import devices_endpoints
from .admin import admin_router

app = FastAPI()
app.include_router(devices_endpoints.router)
app.include_router(admin_router, prefix="/admin")


@app.get("/health")
def health():
    return {"status": "ok"}
