"""`flask --app app reminders send` and `flask --app app worker`: the queue's commands."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from assess.platform.celery_queue import CeleryQueue
from assess.platform.queue import enqueue, get_queue
from assess.services.pulses import PULSES_TASK
from assess.services.reports import RESUME_TASK
from assess.services.rounds import REMINDERS_TASK


@click.group("reminders", cls=AppGroup, help="Reminder emails to people who have not finished.")
def reminders_group():
    pass


@reminders_group.command("send")
def reminders_send():
    """Send every reminder and coaching pulse that is due now, and queue again any work
    left waiting (mail, scoring, reports): safe to run from cron at any interval."""
    sent = enqueue(REMINDERS_TASK).result()
    click.echo(f"{sent} reminders sent.")
    pulses = enqueue(PULSES_TASK).result()
    click.echo(f"{pulses} coaching pulses sent.")
    resumed = enqueue(RESUME_TASK).result()
    click.echo(f"{resumed} waiting jobs queued again.")


@click.command("worker")
@click.option("--concurrency", default=2, show_default=True, type=int)
@with_appcontext
def worker_command(concurrency: int):
    """Run a queue worker (needs REDIS_URL). Start as many as you like, on any host."""
    queue = get_queue(current_app)
    if not isinstance(queue, CeleryQueue):
        raise click.ClickException(
            "REDIS_URL is not set — without it jobs run inside the web process and no "
            "worker is needed."
        )
    queue.celery.worker_main(
        ["worker", "--loglevel=INFO", f"--concurrency={concurrency}", "--without-gossip"]
    )
