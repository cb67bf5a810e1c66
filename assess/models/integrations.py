"""What connects an organization to other systems: API tokens, the POST answers kept
for `Idempotency-Key`, webhook endpoints and their delivery log, and single sign-on.

A token is shown once and only its SHA-256 is kept, like a password link. A webhook
endpoint's signing secret and the identity provider's client secret must be read back
to sign and to sign in, so they are kept as given (docs/integrations.md says so).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assess.models.base import Base, JSONValue, UTCDateTime, check_in, utcnow

TOKEN_SCOPES = ("read", "write")
WEBHOOK_EVENTS = ("round.launched", "response.finished", "round.closed", "report.ready")
#: What a delivery is waiting for: its first try, a retry, or nothing more.
DELIVERY_STATUSES = ("pending", "retrying", "delivered", "failed")


class ApiToken(Base):
    """A credential for `/api/v1`, made by the owner: named, scoped, revocable."""

    __tablename__ = "api_tokens"
    __table_args__ = (
        UniqueConstraint("organization_id", "id"),
        CheckConstraint(check_in("scope", TOKEN_SCOPES), name="scope"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    scope: Mapped[str] = mapped_column(String(8))
    #: The token's first characters, shown in the list so the owner can tell them apart.
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class IdempotentAnswer(Base):
    """The answer a POST gave, kept a day under its `Idempotency-Key`, so a client that
    retries after a timeout gets the same answer instead of a second round or a second
    import. `fingerprint` (method, path, body) tells a reused key from a retry."""

    __tablename__ = "idempotent_answers"
    __table_args__ = (UniqueConstraint("token_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_id: Mapped[int] = mapped_column(ForeignKey("api_tokens.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    headers: Mapped[dict] = mapped_column(JSONValue, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class WebhookEndpoint(Base):
    """A URL the owner wants told of events, with the secret its messages are signed
    with (Standard Webhooks: `whsec_` and base64)."""

    __tablename__ = "webhook_endpoints"
    __table_args__ = (UniqueConstraint("organization_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str] = mapped_column(String(200), default="")
    secret: Mapped[str] = mapped_column(String(100))
    #: The event types sent here; empty means every one.
    events: Mapped[list] = mapped_column(JSONValue, default=list)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    deliveries: Mapped[list[WebhookDelivery]] = relationship(
        back_populates="endpoint",
        cascade="all, delete-orphan",
        primaryjoin="and_(WebhookEndpoint.organization_id == WebhookDelivery.organization_id, "
        "WebhookEndpoint.id == WebhookDelivery.endpoint_id)",
        foreign_keys="[WebhookDelivery.organization_id, WebhookDelivery.endpoint_id]",
    )


class WebhookDelivery(Base):
    """One message to one endpoint and what became of it: the delivery log."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        ForeignKeyConstraint(
            ["organization_id", "endpoint_id"],
            ["webhook_endpoints.organization_id", "webhook_endpoints.id"],
            ondelete="CASCADE",
        ),
        CheckConstraint(check_in("status", DELIVERY_STATUSES), name="status"),
        Index("ix_webhook_deliveries_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organization_id: Mapped[int] = mapped_column(Integer, index=True)
    endpoint_id: Mapped[int] = mapped_column(Integer, index=True)
    #: The Standard Webhooks `webhook-id`: the same on every retry of this message.
    message_id: Mapped[str] = mapped_column(String(40), unique=True)
    event_type: Mapped[str] = mapped_column(String(40))
    payload: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    endpoint: Mapped[WebhookEndpoint] = relationship(
        back_populates="deliveries",
        primaryjoin="and_(WebhookEndpoint.organization_id == WebhookDelivery.organization_id, "
        "WebhookEndpoint.id == WebhookDelivery.endpoint_id)",
        foreign_keys="[WebhookDelivery.organization_id, WebhookDelivery.endpoint_id]",
    )


class SsoSettings(Base):
    """An organization's OpenID Connect provider. With `sso_only`, its owners and
    managers sign in through it and their passwords stop working."""

    __tablename__ = "sso_settings"

    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    issuer: Mapped[str] = mapped_column(String(500))
    client_id: Mapped[str] = mapped_column(String(255))
    client_secret: Mapped[str] = mapped_column(String(500))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    sso_only: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class SsoIdentity(Base):
    """The provider's subject a user signed in as, bound at the first sign-in (found by
    verified email then), so a later change of address at the provider cannot move the
    sign-in to someone else's account."""

    __tablename__ = "sso_identities"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    issuer: Mapped[str] = mapped_column(String(500))
    subject: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
