"""Serve Candor with gunicorn from Python, the same server as in production.

`make run` uses one worker with threads (jobs then run in that worker's thread pool);
at scale the same code runs as `gunicorn -w N 'app:create_app()'`.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask
from gunicorn.app.base import BaseApplication


class CandorServer(BaseApplication):
    def __init__(self, app_factory: Callable[[dict], Flask], app_config: dict, options: dict):
        self.app_factory = app_factory
        self.app_config = app_config
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        # The parent already checked the configuration; reuse it so the workers agree.
        keep = ("DATABASE_URL", "REDIS_URL", "SMTP_URL", "SECRET_KEY", "CANDOR_BASE_URL")
        settings = {key: self.app_config[key] for key in keep}
        settings["CANDOR_SCHEDULER"] = True  # reminders; one worker in the embedded default
        return self.app_factory(settings)


def stop_jobs(_server, worker) -> None:
    """gunicorn's worker_exit hook: a stopping worker finishes the job it is running and
    drops the waiting ones (they stay recorded and resume at the next start)."""
    queue = worker.wsgi.extensions.get("candor.jobs") if worker.wsgi else None
    if queue is not None:
        queue.shutdown(cancel_waiting=True)


def serve(
    app_factory: Callable[[dict], Flask], app_config: dict, host: str, port: int, workers: int = 1
) -> None:
    """Run gunicorn; each worker builds its app with ``app_factory(settings)``."""
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": 8,
        "worker_class": "gthread",
        "accesslog": "-",
        "timeout": 60,
        "control_socket_disable": True,  # no stray socket in the user's home folder
        "worker_exit": stop_jobs,
    }
    CandorServer(app_factory, app_config, options).run()
