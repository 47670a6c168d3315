"""Seed 000 §1: the import copied into 15 services."""
from fastapi import FastAPI, Response, HTTPException, Depends, HTTPStatus, Query  # expect: COD001
from fastapi import (
    Header,
    JSONResponse,  # expect: COD001
)

DOC = "from fastapi import HTTPStatus is wrong"  # a string, not an import
# from fastapi import HTTPStatus  (a comment, not an import)
app = FastAPI()


@app.get("/health")
def health():
    return JSONResponse({"status": HTTPStatus.OK})
