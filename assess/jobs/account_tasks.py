"""Task: a password reset someone asked for on the sign-in page.

The request only queues this job, whatever address was typed, so how long the answer
takes says nothing about whether the address has an account; the lookup, the one-time
link and the email happen here.
"""

from __future__ import annotations

from assess.platform.db import db_session
from assess.platform.queue import task
from assess.platform.settings import get_settings
from assess.platform.transaction import commit
from assess.services.password_links import RESET_TASK, reset_requested


@task(RESET_TASK)
def password_reset(app, email: str) -> bool:
    """Email a reset link when ``email`` belongs to an active account; True if sent."""
    database = db_session()
    sent = reset_requested(database, get_settings(app), email)
    commit(database)
    return sent
