"""Sending email from a request: render, queue in the outbox, deliver after commit.

The handler calls `compose` (which only flushes), commits, then `dispatch`: so a message
is only ever delivered for a transaction that really happened.
"""

from __future__ import annotations

from flask import current_app, render_template

from assess import mail
from assess.db import db_session
from assess.jobs import enqueue
from assess.models import OutboxMessage


def compose(
    template: str,
    *,
    to: str,
    subject: str,
    organization_id: int | None = None,
    dedupe_key: str | None = None,
    **context,
) -> OutboxMessage:
    """Render `templates/email/<template>.txt` (and `.html`) and add it to the outbox."""
    text = render_template(f"email/{template}.txt", **context)
    html = render_template(f"email/{template}.html", **context)
    return mail.queue_message(
        db_session(),
        current_app.extensions["candor.mail"],
        to=to,
        subject=subject,
        text=text,
        html=html,
        dedupe_key=dedupe_key,
        organization_id=organization_id,
    )


def dispatch(*messages: OutboxMessage) -> None:
    """Deliver queued messages in the background (kept ones stay in the outbox)."""
    for message in messages:
        if message.status == "queued":
            enqueue("deliver_mail", message.id)


def absolute_url(path: str) -> str:
    """A link for an email: CANDOR_BASE_URL plus `path`."""
    return current_app.config["CANDOR_BASE_URL"] + path
