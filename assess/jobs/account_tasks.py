"""Task: a password reset someone asked for on the sign-in page.

The request only queues this job, whatever address was typed, so how long the answer
takes says nothing about whether the address has an account; the lookup, the one-time
link and the email happen here.
"""

from __future__ import annotations

from sqlalchemy import select

from assess.db import db_session
from assess.jobs.queue import task
from assess.models import User


@task("password_reset")
def password_reset(app, email: str) -> bool:
    """Email a reset link when ``email`` belongs to an active account; True if sent."""
    from assess.web.auth.routes import send_password_link
    from assess.web.outbox import dispatch

    database = db_session()
    user = database.scalar(select(User).where(User.email == email, User.is_active))
    if user is None:
        return False
    message = send_password_link(user, "reset")
    database.commit()
    dispatch(message)
    return True
