"""Task: send the coaching pulses that are due (run every few minutes by the in-process
scheduler, like the reminders)."""

from __future__ import annotations

from assess.platform.db import db_session
from assess.platform.queue import task
from assess.platform.settings import get_settings
from assess.platform.transaction import commit
from assess.services import pulses


@task(pulses.PULSES_TASK)
def send_due_pulses(app) -> int:
    """Create the round of every due pulse, commit, then deliver; return how many."""
    database, settings = db_session(), get_settings(app)
    sent = pulses.send_due_pulses(database, settings)
    commit(database)
    return len(sent)
