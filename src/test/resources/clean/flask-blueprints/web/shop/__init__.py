import logging
import os

from dotenv import load_dotenv
from flask import Flask, jsonify
from flask_session import Session
from prometheus_flask_exporter import PrometheusMetrics
from redis import Redis

load_dotenv()


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=os.environ["FLASK_SECRET_KEY"],
        SESSION_TYPE="redis",
        SESSION_REDIS=Redis.from_url(os.environ.get("REDIS_URL", "redis://cache:6379/0")),
    )
    if config:
        app.config.update(config)
    Session(app)
    PrometheusMetrics(app)
    logging.basicConfig(level=logging.INFO, format='{"level": "%(levelname)s", "msg": "%(message)s"}')

    from .views.api import bp as api_bp
    from .views.catalog import catalog

    app.register_blueprint(api_bp, url_prefix="/api")
    app.register_blueprint(catalog)

    @app.get("/healthz")
    def healthz():
        return jsonify(status="ok")

    @app.errorhandler(404)
    def not_found(error):
        return jsonify(error="not found"), 404

    return app
