from http import HTTPStatus

from fastapi import FastAPI, Response, HTTPException, Depends, Query
from fastapi.responses import JSONResponse
from fastapi import HTTPBearer  # flotilla-ignore COD001 our fork of fastapi re-exports it

DOC = "from fastapi import HTTPStatus is wrong"
app = FastAPI()


@app.get("/health")
def health():
    return JSONResponse({"status": HTTPStatus.OK})
