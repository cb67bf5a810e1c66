"""`flask --app app demo load`: the demo organization."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from assess.demo import DEMO_LOGINS, load_demo
from assess.platform.db import get_database
from assess.platform.queue import enqueue
from assess.services.reports import RENDER_TASK


@click.group("demo", cls=AppGroup, help="The demo organization.")
def demo_group():
    pass


@demo_group.command("load")
@click.option("--no-render", is_flag=True, help="Queue the demo's reports without waiting.")
def demo_load(no_render: bool):
    """Create the demo organization (does nothing if it is already there)."""
    with get_database().session_scope() as session:
        report_ids = load_demo(session, current_app.config["SECRET_KEY"])
    click.echo("Demo organization " + ("created." if report_ids else "already present."))
    if report_ids and not no_render:
        futures = [enqueue(RENDER_TASK, report_id) for report_id in report_ids]
        with click.progressbar(futures, label="Rendering the demo reports") as waiting:
            for future in waiting:
                future.result()
    echo_logins()


def echo_logins(line: str = "  {role}: {email} / {password}") -> None:
    """Print the demo's sign-ins, one `line` per role."""
    for role, (email, password) in DEMO_LOGINS.items():
        click.echo(line.format(role=role, email=email, password=password))
