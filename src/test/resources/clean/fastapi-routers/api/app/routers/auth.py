from datetime import datetime, timedelta, timezone
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from fastapi.security import OAuth2PasswordRequestForm
from jose import jwt
from passlib.context import CryptContext
from sqlalchemy import select

from app.core.config import get_settings
from app.db import User
from app.deps import SessionDep

router = APIRouter()
pwd = CryptContext(schemes=["bcrypt"], deprecated="auto")


@router.post("/token")
def token(form: Annotated[OAuth2PasswordRequestForm, Depends()], db: SessionDep) -> dict:
    user = db.scalars(select(User).where(User.email == form.username)).first()
    if user is None or not pwd.verify(form.password, user.hashed_password):
        raise HTTPException(status_code=400, detail="bad credentials")
    settings = get_settings()
    expires = datetime.now(timezone.utc) + timedelta(minutes=settings.access_token_expire_minutes)
    return {"access_token": jwt.encode({"sub": str(user.id), "exp": expires}, settings.secret_key), "token_type": "bearer"}
