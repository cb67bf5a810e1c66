"""The load benchmark's yardstick: a bare Flask + SQLAlchemy app that inserts one row per POST.

Served exactly like Candor (``gunicorn -w 8 --threads 1 'bench.baseline_app:create_app()'``)
against the same kind of database, so ``bench_load`` can say how much of the machine's
write capacity the survey's save path keeps. No sessions, no CSRF, no templates: one
``INSERT`` in one transaction per request. SQLite gets the same WAL, ``synchronous=NORMAL``
and busy timeout as Candor's engine, so the comparison is about our code, not the pragmas.
"""

from __future__ import annotations

import os

from flask import Flask, request
from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    event,
    func,
)

metadata = MetaData()
rows = Table(
    "baseline_rows",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("client", String(20)),
    Column("sequence", Integer),
    Column("created_at", DateTime, server_default=func.now()),
)


def make_engine(url: str):
    url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def tune(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    return engine


def create_table(url: str) -> None:
    """Create the table once, before the workers start."""
    engine = make_engine(url)
    metadata.create_all(engine)
    engine.dispose()


def create_app() -> Flask:
    app = Flask(__name__)
    engine = make_engine(os.environ["DATABASE_URL"])

    @app.get("/healthz")
    def healthz():
        return "ok"

    @app.post("/rows")
    def insert_row():
        with engine.begin() as connection:
            connection.execute(
                rows.insert().values(
                    client=request.form.get("client", "")[:20],
                    sequence=int(request.form.get("sequence", "0")),
                )
            )
        return "", 201

    return app
