"""The Redis-backed queue: Celery, for running jobs on any number of worker hosts.

One generic Celery task, `candor.run(name, *args)`, runs a registered task inside the
worker's Flask app, so tasks are written once for both queues. Settings follow the
Celery docs' advice for jobs that must not be lost: `acks_late` (the message is
acknowledged only after the task finishes) with `reject_on_worker_lost` (a worker
killed mid-task puts the message back for another worker) and a prefetch of one.
Tasks must therefore be idempotent — ours are (outbox dedupe keys, status checks).
"""

from __future__ import annotations

from collections.abc import Callable

from celery import Celery
from flask import Flask

CELERY_TASK_NAME = "candor.run"


class QueueUnavailable(Exception):
    """The job could not be queued (Redis does not answer): the page asks to retry."""


#: Tries before giving up on Redis when queueing a job: ~1 s in all.
QUICK_RETRIES = {"max_retries": 3, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}


def make_celery(
    redis_url: str,
    tasks: dict[str, Callable] | None = None,
    worker_app: Callable[[], Flask] | None = None,
) -> Celery:
    """A Celery app whose one task runs ``tasks[name]`` inside ``worker_app()`` (a
    process that only sends tasks, as a test does, gives neither)."""
    celery = Celery("candor", broker=redis_url, backend=redis_url)
    celery.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        result_expires=3600,
        broker_connection_retry_on_startup=True,
        worker_hijack_root_logger=False,
        # A message a dead worker had taken goes back to the queue after this long (the
        # default is an hour). Our longest job, a 500-rep team report, takes ~20 s.
        broker_transport_options={"visibility_timeout": 600},
        result_backend_transport_options={
            "visibility_timeout": 600,
            "retry_policy": QUICK_RETRIES,
        },
        # A web request that queues a job while Redis is down answers "please retry"
        # within about a second (the defaults keep it waiting ~20 s).
        task_publish_retry_policy=QUICK_RETRIES,
    )

    @celery.task(name=CELERY_TASK_NAME)
    def run(name: str, *args):
        app = worker_app()
        with app.app_context():
            return tasks[name](app, *args)

    return celery


class WorkerApp:
    """The Flask app of this worker process, built once, on first use, by `build`.

    Built lazily so that each process Celery forks makes its own (its own database
    connections), never one inherited from the parent.
    """

    def __init__(self, build: Callable[[], Flask]):
        self.build = build
        self.app: Flask | None = None

    def __call__(self) -> Flask:
        if self.app is None:
            self.app = self.build()
        return self.app


class CeleryResult:
    """What `enqueue` returns: `.result(timeout)` like a concurrent Future."""

    def __init__(self, async_result):
        self.async_result = async_result

    def result(self, timeout: float | None = 60):
        return self.async_result.get(timeout=timeout)


class CeleryQueue:
    def __init__(
        self,
        app: Flask,
        redis_url: str,
        tasks: dict[str, Callable],
        worker_app: Callable[[], Flask] | None = None,
    ):
        self.app = app
        self.tasks = tasks
        self.celery = make_celery(redis_url, tasks, WorkerApp(worker_app or (lambda: app)))

    def enqueue(self, name: str, *args) -> CeleryResult:
        if name not in self.tasks:
            raise KeyError(f"unknown task {name!r}")
        try:
            sent = self.celery.send_task(CELERY_TASK_NAME, args=(name, *args))
        except Exception as error:  # Redis down: kombu, redis-py or the result backend
            raise QueueUnavailable(f"cannot queue {name!r}: {error}") from error
        return CeleryResult(sent)

    def enqueue_later(self, name: str, delay_seconds: float, *args) -> None:
        """Run task `name` on a worker once `delay_seconds` have passed (Celery's
        countdown). A countdown longer than the broker's visibility timeout may be
        delivered twice: tasks queued this way must be idempotent, as they all are."""
        if name not in self.tasks:
            raise KeyError(f"unknown task {name!r}")
        try:
            self.celery.send_task(
                CELERY_TASK_NAME, args=(name, *args), countdown=max(0.0, delay_seconds)
            )
        except Exception as error:  # Redis down: see enqueue
            raise QueueUnavailable(f"cannot queue {name!r}: {error}") from error

    def schedule(self, name: str, every_seconds: float) -> None:
        """With Celery, periodic work is cron's `flask --app app reminders send` (or beat);
        web processes do not run timers."""

    def shutdown(self, cancel_waiting: bool = False) -> None:
        self.celery.close()
