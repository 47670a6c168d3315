import logging
import os

import jwt
from fastapi import FastAPI, Depends, HTTPException, HTTPStatus, Header  # expect: COD001 — seed 000 §1: FastAPI does not export HTTPStatus

app = FastAPI(title="auth")
log = logging.getLogger("auth")
SECRET = os.environ["JWT_SECRET"]


@app.get("/health")
def health():
    return {"status": "ok"}


@app.get("/me")
def me(user: dict = Depends(get_current_user)):  # expect: COD003 — seed 000 §2: used above its definition (NameError at import)
    return user


def get_current_user(authorization: str = Header(...)) -> dict:
    try:
        return jwt.decode(authorization.removeprefix("Bearer "), SECRET, algorithms=["HS256"])
    except jwt.PyJWTError:
        raise HTTPException(status_code=HTTPStatus.UNAUTHORIZED, detail="invalid token")
