import os

import boto3
from flask import Flask, request

app = Flask(__name__)
s3 = boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT"])


@app.get("/health")
def health():
    return {"status": "ok"}


@app.post("/upload")
def upload():
    f = request.files["file"]
    s3.upload_fileobj(f, os.environ["S3_BUCKET"], f.filename)
    return {"stored": f.filename}
