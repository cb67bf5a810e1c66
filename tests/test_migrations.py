"""The migrations build exactly the schema the models describe, and run both ways."""

from __future__ import annotations

import sqlite3
from contextlib import closing

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from assess.models import Base
from assess.platform import migrate
from assess.platform.db import Database
from assess.services.respondent_browser import BOUND_TO_NO_BROWSER, opens


def test_migrated_schema_matches_the_models(database_url):
    database = Database(database_url)
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    database.dispose()
    assert differences == []


def test_migrations_are_at_head(database_url):
    database = Database(database_url)
    assert migrate.is_up_to_date(database)
    database.dispose()


def test_downgrade_to_base_and_upgrade_again(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 'roundtrip.db'}")
    migrate.upgrade(database)
    migrate.downgrade(database, "base")
    assert set(inspect(database.engine).get_table_names()) == {"alembic_version"}
    migrate.upgrade(database)
    tables = set(inspect(database.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    database.dispose()


def test_a_response_started_before_browser_binding_opens_in_no_browser(tmp_path):
    """0007 left responses started before it unbound, to be bound by whoever saved next;
    0008 binds the unfinished ones to no browser (their respondent moves them by email)."""
    database = Database(f"sqlite:///{tmp_path / 'old.db'}")
    migrate.upgrade(database, "0007")
    database.dispose()
    # The rows alone, as the older version left them (its foreign keys are not the point)
    with closing(sqlite3.connect(tmp_path / "old.db")) as raw, raw:
        for number, completed in ((1, None), (2, "2026-01-03 00:00:00")):
            raw.execute(
                "INSERT INTO responses (id, organization_id, invitation_id, locale, "
                "current_page, started_at, updated_at, completed_at, active_seconds) "
                "VALUES (?, 1, ?, 'en', 1, '2026-01-02 00:00:00', '2026-01-02 00:00:00', ?, 60)",
                (number, number, completed),
            )
    migrate.upgrade(database)
    with database.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT id, browser_key_hash FROM responses").all()
        keys = {number: key for number, key in rows}
    assert keys == {1: BOUND_TO_NO_BROWSER, 2: None}
    assert not opens(keys[1], "any browser key at all")
    database.dispose()
