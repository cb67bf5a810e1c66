"""Background work: the task bodies, each calling the domain services.

Without REDIS_URL, tasks run on a small thread pool inside the web process, so the
embedded default needs no server; with it, on Celery workers. Either way each task
gets its own app context and session and commits its own transaction (see
`assess.platform.queue`). Importing this package registers every task.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from assess.jobs import account_tasks, mail_tasks, reminder_tasks, report_tasks
from assess.platform.queue import start_queue

__all__ = ["account_tasks", "init_jobs", "mail_tasks", "reminder_tasks", "report_tasks"]


def init_jobs(app: Flask, worker_app: Callable[[], Flask] | None = None) -> None:
    """Start `app`'s queue with every task registered."""
    start_queue(app, worker_app)
