"""Sign-in support: one-time password links, invitations held for an address of another
organization, and the guessing throttle."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assess.models.base import Base, UTCDateTime, check_in, utcnow
from assess.models.organization import User

PASSWORD_LINK_PURPOSES = ("reset", "welcome")


class PasswordLink(Base):
    """A one-time link to set a password: a reset, or a new manager's welcome.

    The token is derived from `token_nonce` and SECRET_KEY when the email is sent or
    shown (see `assess.platform.security.derived_token`), so the database holds no live
    link; only the token's hash is stored for the lookup. Using the link stamps
    `used_at`, so it works once.
    """

    __tablename__ = "password_links"
    __table_args__ = (CheckConstraint(check_in("purpose", PASSWORD_LINK_PURPOSES), name="purpose"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(10))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    token_nonce: Mapped[str | None] = mapped_column(String(32))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()


class HeldInvitation(Base):
    """An owner's invitation of an address that already has an account in another
    organization (an address belongs to one organization).

    It is kept and shown like an invitation nobody has taken up yet — in the people
    list, the outbox, the buyer rule — so the owner cannot learn who uses Candor
    elsewhere; the address's own mailbox is told why nothing happens
    (`services.held_invitations`, docs/anonymity.md).
    """

    __tablename__ = "held_invitations"
    __table_args__ = (UniqueConstraint("organization_id", "email"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    #: When the owner last sent it: its decoy welcome link "expires" like a real one.
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ThrottleHit(Base):
    """One counted event (a failed sign-in, an unknown link token), kept for a while to
    limit guessing. `scope` names the limit ("login-account", "login-ip", "token-ip");
    `key` is the SHA-256 of what it counts per (the email typed — whether or not such a
    user exists, so the throttle itself reveals nothing — the client address, or both),
    so neither a typed address nor a client's address is kept as text.

    Counted in the database so limits hold across every web process and host.
    """

    __tablename__ = "throttle_hits"
    __table_args__ = (Index("ix_throttle_hits_scope_key_hit_at", "scope", "key", "hit_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(254))
    hit_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
