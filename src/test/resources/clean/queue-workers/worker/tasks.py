import os

from celery import Celery

app = Celery("tasks", broker=os.environ["BROKER_URL"], backend=os.environ["RESULT_BACKEND"])


@app.task(name="tasks.build_report")
def build_report():
    return "done"
