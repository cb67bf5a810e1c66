"""The front page and the health check a load balancer polls."""

from __future__ import annotations

import redis
from flask import Blueprint, current_app, jsonify, render_template
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from assess.platform.db import db_session

blueprint = Blueprint("home", __name__)


@blueprint.get("/")
def index():
    return render_template("home.html")


@blueprint.get("/healthz")
def healthz():
    """200 when the database (and Redis, when configured) answer; 503 otherwise."""
    checks = {}
    try:
        db_session().execute(text("SELECT 1"))
        checks["database"] = "ok"
    except SQLAlchemyError as error:
        checks["database"] = f"error: {type(error).__name__}"
    redis_url = current_app.config.get("REDIS_URL")
    if redis_url:
        try:
            client = redis.Redis.from_url(redis_url, socket_connect_timeout=2)
            client.ping()
            client.close()
            checks["redis"] = "ok"
        except redis.RedisError as error:
            checks["redis"] = f"error: {type(error).__name__}"
    healthy = all(value == "ok" for value in checks.values())
    return jsonify(status="ok" if healthy else "degraded", checks=checks), 200 if healthy else 503
