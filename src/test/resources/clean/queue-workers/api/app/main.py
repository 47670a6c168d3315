import os

from celery import Celery
from fastapi import FastAPI

app = FastAPI()
jobs = Celery(broker=os.environ["BROKER_URL"], backend=os.environ["RESULT_BACKEND"])


@app.get("/health")
def health():
    return {"status": "ok"}


@app.post("/reports")
def report():
    job = jobs.send_task("tasks.build_report", queue="reports")
    return {"id": job.id}
