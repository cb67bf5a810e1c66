"""Mail transport: the SMTP settings, a MIME message, and sending it.

What to send and when lives in `assess.services.outbox`; this module only talks SMTP.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import unquote, urlsplit

SMTP_TIMEOUT_SECONDS = 20


class MailSettings:
    """Where mail goes: an SMTP server, or nowhere (it stays in the in-app outbox)."""

    def __init__(self, smtp_url: str | None, sender: str):
        self.smtp_url = smtp_url
        self.sender = sender

    @property
    def delivers(self) -> bool:
        return bool(self.smtp_url)


def build_email(sender: str, *, to: str, subject: str, text: str, html: str | None) -> EmailMessage:
    """A MIME message with a plain-text part and, when given, an HTML alternative, and
    the Date header RFC 5322 requires (mail servers and spam filters penalise its
    absence); it is the moment the message is handed to the server."""
    email = EmailMessage()
    email["Date"] = formatdate(usegmt=True)
    email["From"] = sender
    email["To"] = to
    email["Subject"] = subject
    email["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "candor.local")
    email.set_content(text)
    if html:
        email.add_alternative(html, subtype="html")
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
