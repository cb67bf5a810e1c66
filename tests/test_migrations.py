"""The migrations build exactly the schema the models describe, and run both ways."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from assess.models import Base
from assess.platform import migrate
from assess.platform.db import Database


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
