from __future__ import annotations

from fastapi import Body, FastAPI, Depends, Header
from sqlalchemy.orm import Session

app = FastAPI()
SETTINGS = {"debug": False}
print(SETTINGS)


async def get_current_user(authorization: str = Header(...)) -> dict:
    return {"token": authorization, "helper": helper()}


@app.get("/me")
async def me(user: dict = Depends(get_current_user)) -> Later:
    return user


@app.post("/items")
async def create(item: dict = Body(...)):
    with Session() as db:
        db.add(item)
    squares = [n * n for n in range(3)]
    lookup = {k: v for k, v in zip("ab", squares)}
    fn = lambda x, y=2: x + y + len(lookup)
    try:
        return fn(1)
    except ValueError as err:
        raise RuntimeError(str(err))


def helper():
    return SETTINGS["debug"]


class Later:
    kind = "later"
    size = len(kind)


# flotilla-ignore COD003 the plugin loader puts plugin_hook into builtins before this module is imported
plugin_hook()
