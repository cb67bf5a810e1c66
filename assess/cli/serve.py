"""`flask --app app serve`: migrate, load the demo on a fresh instance, serve with gunicorn."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from assess.cli.demo import echo_logins
from assess.demo import load_demo_if_fresh
from assess.platform import migrate
from assess.platform.config import DEFAULT_BASE_URL
from assess.platform.db import get_database
from assess.platform.serve import serve

#: Where the factory leaves itself for this command (gunicorn workers build their own app).
APP_FACTORY = "candor.app_factory"


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int)
@click.option("--no-demo", is_flag=True, help="Do not load the demo organization.")
@with_appcontext
def serve_command(host, port, workers, no_demo):
    """Migrate, load the demo on first start, and serve with gunicorn."""
    app = current_app._get_current_object()
    if app.config["CANDOR_BASE_URL"] == DEFAULT_BASE_URL and port != 5000:
        # No public address was set: the links in emails point where this server runs.
        shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104
        app.config["CANDOR_BASE_URL"] = f"http://{shown}:{port}"
    database = get_database()
    migrate.upgrade(database)
    demo = False
    if not no_demo:
        with database.session_scope() as session:
            # Reports are rendered by the server's worker once it is up (it resumes
            # every queued report), so the first page answers without waiting for them.
            demo = load_demo_if_fresh(session, app.config["SECRET_KEY"])
    database.dispose()  # the workers open their own connections after the fork
    click.echo(f"Candor is running on http://{host}:{port}/")
    click.echo(f"Links in emails point to {app.config['CANDOR_BASE_URL']}/ (CANDOR_BASE_URL)")
    if demo:
        echo_logins("  demo {role} login: {email} / {password}")
    serve(app.extensions[APP_FACTORY], app.config, host=host, port=port, workers=workers)
