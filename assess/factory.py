"""The application factory: configuration, database, blueprints, commands.

Reading the environment and opening the database happen here and only here, so that
importing any module has no side effect (tests and workers build apps as they need).
"""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from assess import cli
from assess.jobs import init_jobs
from assess.platform import db, settings
from assess.platform.config import load_config
from assess.web import register_blueprints

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the Candor app.

    Parameters
    ----------
    config:
        Settings that win over the environment (tests use it). Keys are the names in
        `assess.platform.config.SETTINGS`, plus any Flask setting. `CANDOR_INSTANCE_PATH` here or
        in the environment moves the instance folder.
    """
    config = dict(config or {})
    instance_path = Path(
        config.pop("CANDOR_INSTANCE_PATH", None)
        or os.environ.get("CANDOR_INSTANCE_PATH")
        or PROJECT_ROOT / "instance"
    ).resolve()
    app = Flask(
        "assess",
        instance_path=str(instance_path),
        root_path=str(PROJECT_ROOT),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.update(load_config(instance_path, config))
    db.init_app(app)
    settings.init_app(app)
    init_jobs(app, worker_app=lambda: create_app({"CANDOR_WORKER": True}))
    register_blueprints(app)
    cli.init_app(app, create_app)
    return app
