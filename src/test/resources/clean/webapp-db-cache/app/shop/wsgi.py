import os

import redis
from flask import Flask, jsonify

app = Flask(__name__)
cache = redis.Redis.from_url(os.environ["REDIS_URL"])


@app.get("/healthz")
def healthz():
    return jsonify(status="ok")
