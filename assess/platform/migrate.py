"""Schema migrations: Alembic driven from Python, on the app's own engine.

`make run`, `flask --app app db upgrade` and the tests all come through here, so they
apply exactly the same migrations the same way.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from assess.platform.db import Database

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    return config


def upgrade(database: Database, revision: str = "head") -> None:
    """Apply migrations up to `revision` in one transaction."""
    config = alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(database: Database, revision: str) -> None:
    config = alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def current_revision(database: Database) -> str | None:
    with database.read_connection() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def is_up_to_date(database: Database) -> bool:
    return current_revision(database) == head_revision()


def autogenerate(database: Database, message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    config = alembic_config()
    # Sequential ids (0001, 0002, ...) read better in a directory listing than hashes.
    next_id = f"{len(list(ScriptDirectory.from_config(config).walk_revisions())) + 1:04d}"
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True, rev_id=next_id)
