"""Whether the outside services answer: what the load balancer's health check asks."""

from __future__ import annotations

import redis
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session


def database_status(session: Session) -> str:
    """ "ok", or "error: <kind>" when the database does not answer."""
    try:
        session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        return f"error: {type(error).__name__}"
    return "ok"


def redis_status(redis_url: str) -> str:
    """ "ok", or "error: <kind>" when Redis does not answer within two seconds."""
    try:
        client = redis.Redis.from_url(redis_url, socket_connect_timeout=2)
        client.ping()
        client.close()
    except redis.RedisError as error:
        return f"error: {type(error).__name__}"
    return "ok"
