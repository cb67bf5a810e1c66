"""The queue adapters and the task registry.

Task bodies live in `assess.jobs` and register themselves here by name; whoever wants
one run (a page, a command, `assess.platform.transaction.commit`) asks by name, so
nothing that queues work imports the code that does it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from flask import Flask, current_app

from assess.platform.celery_queue import CeleryQueue, QueueUnavailable

log = logging.getLogger(__name__)

TASKS: dict[str, Callable] = {}
__all__ = [
    "TASKS",
    "InProcessQueue",
    "QueueUnavailable",
    "enqueue",
    "enqueue_later",
    "start_queue",
    "task",
]


def task(name: str):
    """Register `function(app, *args)` as the task `name`."""

    def register(function: Callable) -> Callable:
        TASKS[name] = function
        return function

    return register


class InProcessQueue:
    """Runs tasks on a thread pool in this process, each in its own app context."""

    def __init__(self, app: Flask, workers: int = 2, eager: bool = False):
        self.app = app
        self.eager = eager
        self._stop = threading.Event()
        self._timers: set[threading.Timer] = set()
        self._timers_lock = threading.Lock()
        self.executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="candor-job")

    def enqueue(self, name: str, *args) -> Future:
        """Run task `name` later on the pool (or now, when eager, as tests ask)."""
        if name not in TASKS:
            raise KeyError(f"unknown task {name!r}")
        if not self.eager:
            try:
                return self.executor.submit(self._run, name, args)
            except RuntimeError:  # the pool is shutting down (the server is stopping)
                if not self._stop.is_set():
                    raise
                # A job queued while the server stops (say, by the startup resume) is
                # dropped like the other waiting ones: its work stays recorded, and
                # `resume_pending` queues it again at the next start.
                dropped: Future = Future()
                dropped.cancel()
                return dropped
        future: Future = Future()
        try:
            future.set_result(self._run(name, args))
        except Exception as error:
            future.set_exception(error)
        return future

    def enqueue_later(self, name: str, delay_seconds: float, *args) -> None:
        """Run task `name` once `delay_seconds` have passed (a retry's wait). Eager (tests)
        runs it now, as if the wait were over. A timer dies with the process; the work
        it stood for is recorded as waiting, and `resume_pending` queues it again."""
        if name not in TASKS:
            raise KeyError(f"unknown task {name!r}")
        if self.eager or delay_seconds <= 0:
            self.enqueue(name, *args)
            return
        timer = threading.Timer(delay_seconds, self._when_due, (name, args))
        timer.daemon = True
        timer.name = f"candor-later-{name}"
        with self._timers_lock:
            if self._stop.is_set():
                return  # the server is stopping: left for the next start's resume
            self._timers.add(timer)
        timer.start()

    def _when_due(self, name: str, args: tuple) -> None:
        with self._timers_lock:
            self._timers.discard(threading.current_thread())
        try:
            self.enqueue(name, *args)
        except Exception:
            log.exception("delayed task %s%r could not be queued", name, args)

    def _run(self, name: str, args: tuple):
        with self.app.app_context():
            try:
                return TASKS[name](self.app, *args)
            except Exception:
                log.exception("task %s%r failed", name, args)
                raise

    def schedule(self, name: str, every_seconds: float) -> None:
        """Run task `name` every `every_seconds` on a daemon thread (the embedded
        default's cron). Several processes may each run it: tasks must be idempotent."""
        stop = self._stop

        def loop():
            while not stop.wait(every_seconds):
                try:
                    self.enqueue(name).result()
                except Exception:
                    log.exception("scheduled task %s failed", name)

        threading.Thread(target=loop, name=f"candor-every-{name}", daemon=True).start()

    def shutdown(self, cancel_waiting: bool = False) -> None:
        """Stop the timers and the pool. With `cancel_waiting`, jobs not yet started are
        dropped (a stopping server must not render every queued report first): what
        they would have done is still recorded as waiting, and `resume_pending` picks
        it up at the next start."""
        with self._timers_lock:
            self._stop.set()
            timers, self._timers = self._timers, set()
        for timer in timers:
            timer.cancel()
        self.executor.shutdown(wait=True, cancel_futures=cancel_waiting)


def start_queue(app: Flask, worker_app: Callable[[], Flask] | None = None):
    """Give `app` its queue: Celery on Redis when REDIS_URL is set, else in-process.

    ``worker_app`` builds the Flask app a Celery worker process runs its tasks in (the
    factory passes it, so this module never imports the factory).
    """
    redis_url = app.config.get("REDIS_URL")
    if redis_url and not app.config.get("JOBS_EAGER"):
        queue = CeleryQueue(app, redis_url, TASKS, worker_app)
    else:
        queue = InProcessQueue(app, eager=app.config.get("JOBS_EAGER", False))
    app.extensions["candor.jobs"] = queue
    return queue


def get_queue(app: Flask | None = None):
    return (app or current_app).extensions["candor.jobs"]


def enqueue(name: str, *args, app: Flask | None = None):
    """Run task `name` in the background; the result has `.result(timeout)`."""
    return get_queue(app).enqueue(name, *args)


def enqueue_later(name: str, delay_seconds: float, *args, app: Flask | None = None) -> None:
    """Run task `name` in the background once `delay_seconds` have passed."""
    get_queue(app).enqueue_later(name, delay_seconds, *args)
