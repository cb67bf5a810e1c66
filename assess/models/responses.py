"""What respondents typed: one response per invitation, one answer row per item.

`UNIQUE(response_id, item_id)` is what turns a double submit or a second tab into an
update of the same answer instead of a duplicate.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assess.models.base import Base, JSONValue, UTCDateTime, utcnow


class Response(Base):
    __tablename__ = "responses"
    __table_args__ = (
        UniqueConstraint("invitation_id"),
        ForeignKeyConstraint(
            ["organization_id", "invitation_id"],
            ["invitations.organization_id", "invitations.id"],
            ondelete="CASCADE",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    invitation_id: Mapped[int] = mapped_column(Integer)
    locale: Mapped[str] = mapped_column(String(12), default="en")
    current_page: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Seconds actually spent on pages (sum of page times), for the too-fast check.
    active_seconds: Mapped[int] = mapped_column(Integer, default=0)
    #: SHA-256 of the key in the cookie of the browser that started the response: its
    #: pages open only there (see `assess.services.respondent_browser`).
    browser_key_hash: Mapped[str | None] = mapped_column(String(64))
    #: A pending one-time link, emailed to the respondent, that moves it to another browser.
    move_nonce: Mapped[str | None] = mapped_column(String(32))
    move_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", passive_deletes=True
    )


class Answer(Base):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("response_id", "item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(80))
    value: Mapped[object] = mapped_column(JSONValue)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    response: Mapped[Response] = relationship(back_populates="answers")
