"""The outbox: every message is written to it first, then delivered.

Without SMTP_URL the outbox is where mail stays (the manager reads it in the app and
copies links from it). With SMTP_URL, `deliver` sends one queued message over SMTP.
Writing first and sending second means a message is never lost when the mail server
is down; `dedupe_key` means a retried job never emails anyone twice; and delivery is
asked for with `after_commit`, so only a transaction that happened sends mail.
"""

from __future__ import annotations

import smtplib
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.models import DEMO_SLUG, LINK_PLACEHOLDER, Organization, OutboxMessage, utcnow
from assess.platform.mail import MailSettings, build_email, send_smtp
from assess.platform.settings import ServiceSettings
from assess.platform.transaction import after_commit
from assess.services import message_links

DELIVER_TASK = "deliver_mail"
MAX_ATTEMPTS = 5
#: A queued message older than this is taken to have lost its delivery job.
STALE_AFTER = timedelta(minutes=5)


def compose(
    session: Session,
    settings: ServiceSettings,
    template: str,
    *,
    to: str,
    subject: str,
    organization_id: int | None = None,
    dedupe_key: str | None = None,
    link_ref: str | None = None,
    team_id: int | None = None,
    **context,
) -> OutboxMessage:
    """Render ``templates/email/<template>.txt`` (and ``.html``) into the outbox; the
    message is delivered after the caller's commit.

    A message with a link names it by `link_ref`; the templates get `LINK_PLACEHOLDER`
    as ``link``, and the live link is derived only when the message goes out.
    """
    if link_ref is not None:
        context["link"] = LINK_PLACEHOLDER
    message = queue_message(
        session,
        settings.mail,
        to=to,
        subject=subject,
        text=settings.emails.get_template(f"{template}.txt").render(**context),
        html=settings.emails.get_template(f"{template}.html").render(**context),
        dedupe_key=dedupe_key,
        organization_id=organization_id,
        link_ref=link_ref,
        team_id=team_id,
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
    link_ref: str | None = None,
    team_id: int | None = None,
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
        link_ref=link_ref,
        team_id=team_id,
        status="queued" if settings.delivers and not _demo(session, organization_id) else "kept",
    )
    session.add(message)
    session.flush()
    return message


def _demo(session: Session, organization_id: int | None) -> bool:
    """Whether the message belongs to the demo organization, whose mail is never sent:
    its addresses are made up, and a mail server set on first start must not send
    the demo's reminders and report notices to them."""
    if organization_id is None:
        return False
    slug = session.scalar(select(Organization.slug).where(Organization.id == organization_id))
    return slug == DEMO_SLUG


def deliver(session: Session, settings: ServiceSettings, message_id: int) -> str:
    """Send one queued message over SMTP, its link derived now; record the outcome and
    return the message's status. A message already sent is left alone, so running this
    twice sends once.
    """
    mail = settings.mail
    message = session.get(OutboxMessage, message_id, with_for_update=True)
    if message is None or message.status != "queued" or not mail.delivers:
        return message.status if message else "missing"
    message.attempts += 1
    text, html = message_links.for_delivery(session, settings, message)
    try:
        email = build_email(
            mail.sender, to=message.to_address, subject=message.subject, text=text, html=html
        )
        send_smtp(mail, email)
    except ValueError as error:  # no mail server can take it: trying again won't help
        message.last_error = f"Cannot be written as an email: {error}"[:2000]
        message.status = "failed"
        return message.status
    except (OSError, smtplib.SMTPException) as error:
        refused = refusal(error)
        message.last_error = (refused or f"{type(error).__name__}: {error}")[:2000]
        if refused or message.attempts >= MAX_ATTEMPTS:
            message.status = "failed"
        return message.status
    message.status = "sent"
    message.sent_at = utcnow()
    message.last_error = None
    return message.status


def refusal(error: Exception) -> str | None:
    """A mail server's permanent "no" (a 5xx reply: unknown address, refused sender,
    rejected content) in words, or None for a failure worth trying again. Retrying a
    refusal only delays telling the manager, who must fix the address."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        replies = list(error.recipients.values())
        code, text = replies[0] if replies else (550, b"")
        if code >= 500:
            return f"The mail server refused the address ({code} {_said(text)})."
        return None
    code = getattr(error, "smtp_code", None)
    if isinstance(error, smtplib.SMTPResponseException) and code and code >= 500:
        if isinstance(error, smtplib.SMTPSenderRefused):
            what = "the sender address (MAIL_FROM)"
        elif isinstance(error, smtplib.SMTPAuthenticationError):
            what = "the login in SMTP_URL"
        else:
            what = "the message"
        return f"The mail server refused {what} ({code} {_said(error.smtp_error)})."
    return None


def _said(text: bytes | str) -> str:
    said = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return " ".join(said.split())[:300]


def waiting_messages(session: Session) -> list[int]:
    """Messages still queued a while after they were written: their delivery job was
    lost (the queue was down, the process stopped) or the mail server failed. Delivering
    them again is safe: `deliver` sends a message once."""
    return list(
        session.scalars(
            select(OutboxMessage.id)
            .where(
                OutboxMessage.status == "queued",
                OutboxMessage.attempts < MAX_ATTEMPTS,
                OutboxMessage.created_at < utcnow() - STALE_AFTER,
            )
            .order_by(OutboxMessage.id)
        )
    )
