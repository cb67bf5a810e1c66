"""Fixtures for tests that run the app for real: committed data, no rolled-back session.

The suite's ``database_url`` is shared by every test and each test rolls back; these
tests commit (a gunicorn server, a job that really fails), so they get a database of
their own: a SQLite file, or a private PostgreSQL schema when ``TEST_DATABASE_URL`` is
set, dropped afterwards (runs may overlap on a shared server).
"""

from __future__ import annotations

import os
import secrets

import pytest

from assess.platform import migrate
from assess.platform.db import Database
from tests.support.postgres import migrated_schema


@pytest.fixture
def committed_database(tmp_path):
    """A fresh, migrated database URL whose data the test commits for real."""
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        url = f"sqlite:///{tmp_path / 'committed.db'}"
        database = Database(url)
        migrate.upgrade(database)
        database.dispose()
        yield url
        return
    with migrated_schema(server_url, prefix="candor_rel") as schema:
        yield schema.url()


@pytest.fixture
def postgres_schema():
    """A private PostgreSQL schema (services half only), dropped afterwards."""
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        pytest.fail("the services half needs TEST_DATABASE_URL")
    with migrated_schema(server_url, prefix="candor_rel") as schema:
        yield schema


def unique_name(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(4)}"
