"""The front page and the health check a load balancer polls."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template

from assess.platform.db import db_session
from assess.platform.health import database_status, redis_status
from assess.web.scoping import public

blueprint = Blueprint("home", __name__)


@blueprint.get("/")
@public
def index():
    return render_template("home.html")


@blueprint.get("/healthz")
@public
def healthz():
    """200 when the database (and Redis, when configured) answer; 503 otherwise."""
    checks = {"database": database_status(db_session())}
    redis_url = current_app.config.get("REDIS_URL")
    if redis_url:
        checks["redis"] = redis_status(redis_url)
    healthy = all(value == "ok" for value in checks.values())
    return jsonify(status="ok" if healthy else "degraded", checks=checks), 200 if healthy else 503
