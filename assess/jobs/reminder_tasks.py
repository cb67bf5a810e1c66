"""Task: send the scheduled reminders that are due (run every few minutes by the
in-process scheduler, or from cron with `flask --app app reminders send`)."""

from __future__ import annotations

from datetime import timedelta

from assess.models import utcnow
from assess.platform.db import db_session
from assess.platform.queue import task
from assess.platform.settings import get_settings
from assess.platform.transaction import commit
from assess.services import rounds

REMINDER_INTERVAL = timedelta(days=3)


@task(rounds.REMINDERS_TASK)
def send_due_reminders(app) -> int:
    """Compose every due reminder, commit, then deliver; return how many were sent."""
    database, settings = db_session(), get_settings(app)
    every = app.config.get("REMINDER_INTERVAL", REMINDER_INTERVAL)
    messages = [
        rounds.compose_invitation(database, settings, invitation, reminder=True)
        for invitation in rounds.due_reminders(database, utcnow(), every)
    ]
    commit(database)
    return sum(1 for message in messages if message)
