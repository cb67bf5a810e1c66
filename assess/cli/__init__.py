"""`flask --app app ...` commands, one module per feature.

Commands are an interface beside the web pages and the jobs: they call the services
and queue jobs by name, and never import the web layer.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from assess.cli import banks, database, demo, jobs, reports, serve, sso, users


def init_app(app: Flask, app_factory: Callable[[dict], Flask]) -> None:
    """Register every command; `serve` builds its workers' apps with `app_factory`."""
    app.extensions[serve.APP_FACTORY] = app_factory
    for command in (
        database.db_group,
        demo.demo_group,
        users.user_group,
        serve.serve_command,
        banks.banks_group,
        jobs.reminders_group,
        jobs.worker_command,
        reports.report_command,
        sso.sso_group,
    ):
        app.cli.add_command(command)
