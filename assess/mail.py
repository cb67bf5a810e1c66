"""Outgoing mail: every message is written to the outbox first, then delivered.

Without SMTP_URL the outbox is where mail stays (the manager reads it in the app and
copies links from it). With SMTP_URL, `deliver` sends one queued message over SMTP.
Writing first and sending second means a message is never lost when the mail server
is down, and `dedupe_key` means a retried job never emails anyone twice.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import unquote, urlsplit

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.models import OutboxMessage, utcnow

SMTP_TIMEOUT_SECONDS = 20


def init_app(app: Flask) -> None:
    app.extensions["candor.mail"] = MailSettings(
        smtp_url=app.config.get("SMTP_URL"), sender=app.config["CANDOR_MAIL_FROM"]
    )


class MailSettings:
    def __init__(self, smtp_url: str | None, sender: str):
        self.smtp_url = smtp_url
        self.sender = sender

    @property
    def delivers(self) -> bool:
        return bool(self.smtp_url)


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
    try:
        send_smtp(settings, build_email(settings.sender, message))
    except (OSError, smtplib.SMTPException) as error:
        message.last_error = f"{type(error).__name__}: {error}"[:2000]
        if message.attempts >= 5:
            message.status = "failed"
        return message.status
    message.status = "sent"
    message.sent_at = utcnow()
    message.last_error = None
    return message.status


def build_email(sender: str, message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "candor.local")
    email.set_content(message.body_text)
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
    return email


def send_smtp(settings: MailSettings, email: EmailMessage) -> None:
    """Send over `smtp://` (STARTTLS when offered) or `smtps://` (TLS from the start)."""
    parts = urlsplit(settings.smtp_url)
    context = ssl.create_default_context()
    if parts.scheme == "smtps":
        client = smtplib.SMTP_SSL(
            parts.hostname, parts.port or 465, timeout=SMTP_TIMEOUT_SECONDS, context=context
        )
    else:
        client = smtplib.SMTP(parts.hostname, parts.port or 587, timeout=SMTP_TIMEOUT_SECONDS)
    with client:
        client.ehlo()
        if parts.scheme == "smtp" and client.has_extn("starttls"):
            client.starttls(context=context)
            client.ehlo()
        if parts.username:
            client.login(unquote(parts.username), unquote(parts.password or ""))
        client.send_message(email)
