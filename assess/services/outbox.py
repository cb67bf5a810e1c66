"""The outbox: every message is written to it first, then delivered.

Without SMTP_URL the outbox is where mail stays (the manager reads it in the app and
copies links from it). With SMTP_URL, `deliver` sends one queued message over SMTP.
Writing first and sending second means a message is never lost when the mail server
is down; `dedupe_key` means a retried job never emails anyone twice; and delivery is
asked for with `after_commit`, so only a transaction that happened sends mail.
"""

from __future__ import annotations

import smtplib

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.models import OutboxMessage, utcnow
from assess.platform.mail import MailSettings, build_email, send_smtp
from assess.platform.settings import ServiceSettings
from assess.platform.transaction import after_commit

DELIVER_TASK = "deliver_mail"
MAX_ATTEMPTS = 5


def compose(
    session: Session,
    settings: ServiceSettings,
    template: str,
    *,
    to: str,
    subject: str,
    organization_id: int | None = None,
    dedupe_key: str | None = None,
    **context,
) -> OutboxMessage:
    """Render ``templates/email/<template>.txt`` (and ``.html``) into the outbox; the
    message is delivered after the caller's commit."""
    message = queue_message(
        session,
        settings.mail,
        to=to,
        subject=subject,
        text=settings.emails.get_template(f"{template}.txt").render(**context),
        html=settings.emails.get_template(f"{template}.html").render(**context),
        dedupe_key=dedupe_key,
        organization_id=organization_id,
    )
    if message.status == "queued":
        after_commit(session, DELIVER_TASK, message.id)
    return message


def queue_message(
    session: Session,
    settings: MailSettings,
    *,
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    dedupe_key: str | None = None,
    organization_id: int | None = None,
) -> OutboxMessage:
    """Add a message to the outbox (flushed, not committed) and return it.

    With a `dedupe_key` that is already in the outbox, the existing message is returned
    and nothing new is written.
    """
    if dedupe_key:
        existing = session.scalar(
            select(OutboxMessage).where(OutboxMessage.dedupe_key == dedupe_key)
        )
        if existing is not None:
            return existing
    message = OutboxMessage(
        organization_id=organization_id,
        dedupe_key=dedupe_key,
        to_address=to,
        subject=subject,
        body_text=text,
        body_html=html,
        status="queued" if settings.delivers else "kept",
    )
    session.add(message)
    session.flush()
    return message


def deliver(session: Session, settings: MailSettings, message_id: int) -> str:
    """Send one queued message over SMTP and record the outcome; return its status.

    A message already sent is left alone, so running this twice sends once.
    """
    message = session.get(OutboxMessage, message_id, with_for_update=True)
    if message is None or message.status != "queued" or not settings.delivers:
        return message.status if message else "missing"
    message.attempts += 1
    email = build_email(
        settings.sender,
        to=message.to_address,
        subject=message.subject,
        text=message.body_text,
        html=message.body_html,
    )
    try:
        send_smtp(settings, email)
    except (OSError, smtplib.SMTPException) as error:
        message.last_error = f"{type(error).__name__}: {error}"[:2000]
        if message.attempts >= MAX_ATTEMPTS:
            message.status = "failed"
        return message.status
    message.status = "sent"
    message.sent_at = utcnow()
    message.last_error = None
    return message.status
