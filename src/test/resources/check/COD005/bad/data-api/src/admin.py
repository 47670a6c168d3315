from fastapi import APIRouter

admin_router = APIRouter()


@admin_router.delete("/cache")
def clear():
    return {}
