"""Sign-in support: one-time password links and the failed-login throttle."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assess.models.base import Base, UTCDateTime, check_in, utcnow
from assess.models.organization import User

PASSWORD_LINK_PURPOSES = ("reset", "welcome")


class PasswordLink(Base):
    """A one-time link to set a password: a reset, or a new manager's welcome.

    Only the token's hash is stored; using the link stamps `used_at`, so it works once.
    """

    __tablename__ = "password_links"
    __table_args__ = (CheckConstraint(check_in("purpose", PASSWORD_LINK_PURPOSES), name="purpose"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(10))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()


class FailedLogin(Base):
    """One failed sign-in, kept for an hour to throttle guessing per account and per IP.

    Keyed by the email typed (whether or not such a user exists, so the throttle itself
    reveals nothing) and by the client address.
    """

    __tablename__ = "failed_logins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    ip_address: Mapped[str] = mapped_column(String(45), index=True)
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
