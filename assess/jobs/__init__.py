"""Background work: the task bodies, each calling the domain services.

Without REDIS_URL, tasks run on a small thread pool inside the web process, so the
embedded default needs no server; with it, on Celery workers. Either way each task
gets its own app context and session and commits its own transaction (see
`assess.platform.queue`). Importing this package registers every task.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from assess.jobs import (
    account_tasks,
    coaching_tasks,
    mail_tasks,
    reminder_tasks,
    report_tasks,
    resume_tasks,
    webhook_tasks,
)
from assess.platform.queue import start_queue
from assess.services.pulses import PULSES_TASK
from assess.services.reports import RESUME_TASK
from assess.services.rounds import REMINDERS_TASK

#: How often the embedded default's scheduler sends reminders and resumes waiting work.
EVERY_SECONDS = 600

__all__ = [
    "account_tasks",
    "coaching_tasks",
    "init_jobs",
    "mail_tasks",
    "reminder_tasks",
    "report_tasks",
    "resume_tasks",
    "webhook_tasks",
]


def init_jobs(app: Flask, worker_app: Callable[[], Flask] | None = None) -> None:
    """Start `app`'s queue with every task registered; with CANDOR_SCHEDULER (the
    embedded default's one web worker) also its timers, and resume waiting work now."""
    queue = start_queue(app, worker_app)
    if app.config.get("CANDOR_SCHEDULER"):
        queue.schedule(REMINDERS_TASK, every_seconds=EVERY_SECONDS)
        queue.schedule(PULSES_TASK, every_seconds=EVERY_SECONDS)
        queue.schedule(RESUME_TASK, every_seconds=EVERY_SECONDS)
        queue.enqueue(RESUME_TASK)
