"""Outgoing mail. Every message is first a row here; delivery is a separate step.

Without SMTP_URL the row simply stays in the outbox for the manager to read and copy
links from. A body never holds a live link: it holds `LINK_PLACEHOLDER`, and
`link_ref` ("invitation:12", "password:7") says which link to derive (from the row's
nonce and SECRET_KEY) when the message is delivered or shown — so a copy of the
database opens no survey and sets no password. With SMTP_URL a job delivers it and
records when. `dedupe_key` makes "send the invitation for X" idempotent: a retried job
cannot email anyone twice.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from assess.models.base import Base, UTCDateTime, check_in, utcnow

OUTBOX_STATUSES = ("kept", "queued", "sent", "failed")
#: Stands in a stored body where the message's link goes.
LINK_PLACEHOLDER = "[candor:link]"


class OutboxMessage(Base):
    __tablename__ = "outbox_messages"
    __table_args__ = (CheckConstraint(check_in("status", OUTBOX_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    link_ref: Mapped[str | None] = mapped_column(String(40))
    #: The team a message is about (an invitation): its managers see it in the outbox.
    team_id: Mapped[int | None] = mapped_column(Integer, index=True)
    status: Mapped[str] = mapped_column(String(8), default="kept")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def carries_credential(self) -> bool:
        """A credential (a welcome or reset link, or a respondent's link that moves
        their answers to another browser): shown to nobody but its addressee, who gets
        it by email. A held invitation's email counts as one: it stands where a welcome
        email would (`services.held_invitations`)."""
        return (self.link_ref or "").startswith(("password:", "move:", "held:"))

    @property
    def is_sign_in_mail(self) -> bool:
        """A welcome or reset email, or a held invitation's: the outbox shows none of
        their text, so that a held invitation's reads like a welcome email."""
        return (self.link_ref or "").startswith(("password:", "held:"))
