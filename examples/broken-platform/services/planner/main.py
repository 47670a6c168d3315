import uvicorn
from fastapi import FastAPI

from .database import db  # expect: COD006 — seed 003 issue 2: relative import in a module started as `python main.py`

app = FastAPI(title="planner")


@app.get("/health")
def health():
    with db.connect():
        return {"status": "ok"}


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=8007)  # expect: PRT004 — binds loopback inside its container; nothing outside reaches it
