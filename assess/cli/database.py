"""`flask --app app db ...`: schema migrations."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from assess.platform import migrate
from assess.platform.db import get_database


@click.group("db", cls=AppGroup, help="Database schema migrations.")
def db_group():
    pass


@db_group.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str):
    """Apply migrations up to REVISION (default: the newest)."""
    database = get_database()
    migrate.upgrade(database, revision)
    click.echo(f"Database at revision {migrate.current_revision(database)}.")


@db_group.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str):
    """Roll migrations back to REVISION ("base" empties the database)."""
    database = get_database()
    migrate.downgrade(database, revision)
    click.echo(f"Database at revision {migrate.current_revision(database) or 'base'}.")


@db_group.command("revision")
@click.option("-m", "--message", required=True, help="What the migration changes.")
def db_revision(message: str):
    """Write a migration from the models' difference to this (up-to-date) database."""
    database = get_database()
    if not migrate.is_up_to_date(database):
        raise click.ClickException("the database is behind — run `db upgrade` first.")
    migrate.autogenerate(database, message)


@db_group.command("current")
def db_current():
    """Show the applied revision and whether it is the newest."""
    database = get_database()
    current = migrate.current_revision(database)
    state = "up to date" if current == migrate.head_revision() else "needs `db upgrade`"
    click.echo(f"{current or 'base'} ({state})")
