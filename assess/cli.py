"""`flask --app app ...` commands: db, demo, user, serve (and banks, report later)."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy.exc import IntegrityError

from assess import migrate
from assess.bank_store import SHIPPED_BANKS
from assess.db import get_database
from assess.models import USER_ROLES


def init_app(app: Flask) -> None:
    app.cli.add_command(db_group)
    app.cli.add_command(demo_group)
    app.cli.add_command(user_group)
    app.cli.add_command(serve_command)
    app.cli.add_command(banks_group)
    app.cli.add_command(reminders_group)
    app.cli.add_command(worker_command)


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


@click.group("demo", cls=AppGroup, help="The demo organization.")
def demo_group():
    pass


@demo_group.command("load")
def demo_load():
    """Create the demo organization (does nothing if it is already there)."""
    from assess.demo import DEMO_LOGINS, load_demo

    with get_database().session_scope() as session:
        created = load_demo(session)
    click.echo("Demo organization " + ("created." if created else "already present."))
    for role, (email, password) in DEMO_LOGINS.items():
        click.echo(f"  {role}: {email} / {password}")


@click.group("user", cls=AppGroup, help="Owner and manager accounts.")
def user_group():
    pass


@user_group.command("create")
@click.option("--org", "org_slug", required=True, help="Organization slug (created if new).")
@click.option("--org-name", help="Name for a new organization (default: the slug).")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(USER_ROLES), default="manager", show_default=True)
@click.password_option(help="Prompted for when not given.")
def user_create(org_slug, org_name, email, name, role, password):
    """Create a user who can sign in."""
    from assess.accounts import AccountError, create_user

    try:
        with get_database().session_scope() as session:
            user = create_user(
                session,
                org_slug=org_slug,
                org_name=org_name,
                email=email,
                name=name,
                role=role,
                password=password,
            )
            summary = f"Created {user.role} {user.email} in organization {org_slug}."
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    except IntegrityError:
        raise click.ClickException(
            f"email {email!r} is already taken — choose another address."
        ) from None
    click.echo(summary)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int)
@click.option("--no-demo", is_flag=True, help="Do not load the demo organization.")
@with_appcontext
def serve_command(host, port, workers, no_demo):
    """Migrate, load the demo on first start, and serve with gunicorn."""
    from assess.demo import DEMO_LOGINS, load_demo
    from assess.serve import serve

    app = current_app._get_current_object()
    database = get_database()
    migrate.upgrade(database)
    if not no_demo:
        with database.session_scope() as session:
            load_demo(session)
    database.dispose()  # the workers open their own connections after the fork
    click.echo(f"Candor is running on http://{host}:{port}/")
    if not no_demo:
        for role, (email, password) in DEMO_LOGINS.items():
            click.echo(f"  demo {role} login: {email} / {password}")
    serve(app.config, host=host, port=port, workers=workers)


@click.group("banks", help="Question banks: validate and analyse.")
def banks_group():
    pass


@banks_group.command("check")
@click.argument("paths", nargs=-1, type=click.Path())
def banks_check(paths):
    """Validate bank files or folders (default: question_banks/).

    Prints one line per bank, or every problem as `file:line: what — how to fix`;
    exits 1 when there is any problem.
    """
    from assess.banks import check_paths

    result = check_paths(list(paths) or [str(SHIPPED_BANKS)])
    for line in result.lines:
        click.echo(line, err=not result.ok)
    raise SystemExit(0 if result.ok else 1)


@click.group("reminders", cls=AppGroup, help="Reminder emails to people who have not finished.")
def reminders_group():
    pass


@reminders_group.command("send")
def reminders_send():
    """Send every reminder that is due now (safe to run from cron at any interval)."""
    from assess.jobs import enqueue

    sent = enqueue("send_due_reminders").result()
    click.echo(f"{sent} reminders sent.")


@click.command("worker")
@click.option("--concurrency", default=2, show_default=True, type=int)
@with_appcontext
def worker_command(concurrency: int):
    """Run a queue worker (needs REDIS_URL). Start as many as you like, on any host."""
    app = current_app._get_current_object()
    queue = app.extensions["candor.jobs"]
    if not hasattr(queue, "celery"):
        raise click.ClickException(
            "REDIS_URL is not set — without it jobs run inside the web process and no "
            "worker is needed."
        )
    queue.celery.worker_main(
        ["worker", "--loglevel=INFO", f"--concurrency={concurrency}", "--without-gossip"]
    )
