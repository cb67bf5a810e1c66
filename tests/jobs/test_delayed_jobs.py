"""A job queued for later (a webhook's retry) runs once its delay has passed, on the
in-process queue's own timer; a stopping server drops the timer, leaving the work to
`resume_pending` at the next start."""

from __future__ import annotations

import threading
import time

import pytest

from assess.platform.queue import TASKS, InProcessQueue, task

NAME = "test.delayed"


@pytest.fixture
def delayed_task():
    """A task that notes what it was given, registered for this test only."""
    ran, done = [], threading.Event()

    @task(NAME)
    def note(app, value):
        ran.append((value, time.monotonic()))
        done.set()

    yield ran, done
    TASKS.pop(NAME, None)


def test_a_delayed_job_waits_its_delay_then_runs(app, delayed_task):
    ran, done = delayed_task
    queue = InProcessQueue(app, workers=1)
    try:
        queued_at = time.monotonic()
        queue.enqueue_later(NAME, 0.2, "retry")
        assert ran == []  # not yet
        assert done.wait(5)
    finally:
        queue.shutdown()
    ((value, ran_at),) = ran
    assert value == "retry" and ran_at - queued_at >= 0.2


def test_a_stopping_queue_drops_its_timers(app, delayed_task):
    ran, done = delayed_task
    queue = InProcessQueue(app, workers=1)
    queue.enqueue_later(NAME, 30, "after the restart")
    queue.shutdown()
    timers = [t for t in threading.enumerate() if t.name == f"candor-later-{NAME}"]
    for timer in timers:
        timer.join(1)
    assert not any(timer.is_alive() for timer in timers)
    assert ran == []


def test_an_unknown_task_is_refused_at_once(app):
    queue = InProcessQueue(app, workers=1)
    try:
        with pytest.raises(KeyError, match="no.such.task"):
            queue.enqueue_later("no.such.task", 1)
    finally:
        queue.shutdown()
