"""Task: send the scheduled reminders that are due (run every few minutes by the
in-process scheduler, or from cron with `flask --app app reminders send`)."""

from __future__ import annotations

from datetime import timedelta

from assess.db import db_session
from assess.jobs.queue import task
from assess.models import utcnow

REMINDER_INTERVAL = timedelta(days=3)


@task("send_due_reminders")
def send_due_reminders(app) -> int:
    """Compose every due reminder, commit, then deliver; return how many were sent.

    Runs inside an app context (the queue provides one), so it shares the web layer's
    operations and its session is closed when the context ends.
    """
    from assess.web.manage import round_ops
    from assess.web.outbox import dispatch

    every = app.config.get("REMINDER_INTERVAL", REMINDER_INTERVAL)
    messages = [
        round_ops.compose_invitation(invitation, reminder=True)
        for invitation in round_ops.due_reminders(utcnow(), every)
    ]
    messages = [message for message in messages if message]
    db_session().commit()
    dispatch(*messages)
    return len(messages)
