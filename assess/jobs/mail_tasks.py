"""Task: deliver one outbox message."""

from __future__ import annotations

from assess.platform.db import get_database
from assess.platform.queue import task
from assess.platform.settings import get_settings
from assess.services.outbox import DELIVER_TASK, deliver


@task(DELIVER_TASK)
def deliver_mail(app, message_id: int) -> str:
    with get_database(app).session_scope() as session:
        return deliver(session, get_settings(app), message_id)
