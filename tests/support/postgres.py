"""A private schema on a shared PostgreSQL server, for the tests and ``bench/``.

The suite, the reliability tests and the load benchmark may run at the same time against
one server, so each works in a schema of its own, dropped afterwards. One copy of that
here, shared by ``tests/conftest.py``, ``tests/reliability/conftest.py`` and
``bench/bench_load.py`` (which migrates with ``flask db upgrade`` instead, the production
way, so it uses ``PostgresSchema`` rather than ``migrated_schema``).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine, text

from assess.platform import migrate
from assess.platform.db import Database


def psycopg_url(server_url: str) -> str:
    """``server_url`` with the psycopg (v3) driver SQLAlchemy should use."""
    return server_url.replace("postgresql://", "postgresql+psycopg://", 1)


def postgres_answers(server_url: str) -> bool:
    """True when the PostgreSQL server at ``server_url`` accepts a connection."""
    engine = create_engine(psycopg_url(server_url), connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:
        return False
    finally:
        engine.dispose()


class PostgresSchema:
    """A private schema in a shared PostgreSQL database, dropped on ``drop()``.

    ``url(application_name)`` gives the URL an app should use: the schema on its search
    path and, optionally, a name its connections carry in ``pg_stat_activity`` (so one
    app's backends can be told apart from everyone else's on a shared server).
    """

    def __init__(self, server_url: str, prefix: str = "candor_load"):
        self.server_url = psycopg_url(server_url)
        self.schema = f"{prefix}_{secrets.token_hex(4)}"
        self.admin = create_engine(self.server_url)
        with self.admin.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {self.schema}"))

    def url(self, application_name: str | None = None) -> str:
        separator = "&" if "?" in self.server_url else "?"
        url = f"{self.server_url}{separator}options=-csearch_path%3D{self.schema}"
        if application_name:
            url += f"&application_name={application_name}"
        return url

    def terminate(self, application_name: str) -> int:
        """Kill every backend of the app named ``application_name`` (a server restart
        as that app sees it, without disturbing anyone else on the server)."""
        with self.admin.begin() as connection:
            killed = connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE application_name = :name AND pid <> pg_backend_pid()"
                ),
                {"name": application_name},
            ).all()
        return len(killed)

    def drop(self) -> None:
        with self.admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE"))
        self.admin.dispose()


@contextmanager
def migrated_schema(server_url: str, prefix: str) -> Iterator[PostgresSchema]:
    """A private schema with every migration applied, dropped on leaving."""
    schema = PostgresSchema(server_url, prefix=prefix)
    try:
        database = Database(schema.url())
        migrate.upgrade(database)
        database.dispose()
        yield schema
    finally:
        schema.drop()
