from http import HTTPStatus

from fastapi import APIRouter, Body, HTTPException
from pydantic import BaseModel, EmailStr

from ..db import User
from ..deps import CurrentUser, SessionDep

router = APIRouter(prefix="/users", tags=["users"])


class UserOut(BaseModel):
    id: int
    email: EmailStr


@router.get("/me", response_model=UserOut)
def read_me(user: CurrentUser) -> User:
    return user


@router.get("/{user_id}", response_model=UserOut)
def read_user(user_id: int, db: SessionDep, _: CurrentUser) -> User:
    user = db.get(User, user_id)
    if user is None:
        raise HTTPException(status_code=HTTPStatus.NOT_FOUND)
    return user


@router.post("/{user_id}/notify", status_code=202)
def notify(user_id: int, message: str = Body(..., embed=True)) -> dict:
    return {"queued": user_id, "message": message}
