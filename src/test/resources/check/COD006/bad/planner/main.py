"""Seed 003 issue 2: relative imports fail when the module runs as a script."""
import uvicorn
from fastapi import FastAPI

from .database import DB  # expect: COD006
from . import database  # expect: COD006

app = FastAPI()

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=8007)
