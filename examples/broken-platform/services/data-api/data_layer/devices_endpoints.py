from fastapi import APIRouter

router = APIRouter(prefix="/internal")


@router.post("/devices/bulk_upsert")
def bulk_upsert_devices(devices: list[dict]):
    return {"upserted": len(devices)}


@router.post("/entities/bulk_upsert")
def bulk_upsert_entities(entities: list[dict] = Body(..., embed=True)):  # expect: COD003 — seed 000: Body used but never imported (NameError at import)
    return {"upserted": len(entities)}
