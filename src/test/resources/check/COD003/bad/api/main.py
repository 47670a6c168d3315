"""Seed 000 §2: get_current_user defined after the endpoint that depends on it."""
from fastapi import FastAPI, Depends, Header

app = FastAPI()
print(SETTINGS)  # expect: COD003
SETTINGS = {"debug": False}


@app.get("/me")
async def me(user: dict = Depends(get_current_user)):  # expect: COD003
    return user


@app.post("/items")
async def create(item: dict = Body(...)):  # expect: COD003
    with Session() as db:  # expect: COD003
        db.add(item)
    return item


async def get_current_user(authorization: str = Header(...)) -> dict:
    return {"token": authorization}


@audited  # expect: COD003
def report():
    return helper()


def audited(fn):
    return fn


def helper():
    return 1
