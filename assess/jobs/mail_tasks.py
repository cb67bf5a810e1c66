"""Task: deliver one outbox message."""

from __future__ import annotations

from assess import mail
from assess.db import get_database
from assess.jobs.queue import task


@task("deliver_mail")
def deliver_mail(app, message_id: int) -> str:
    with get_database(app).session_scope() as session:
        return mail.deliver(session, app.extensions["candor.mail"], message_id)
