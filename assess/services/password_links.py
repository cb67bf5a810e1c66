"""One-time password links: the welcome link of an invited manager and a reset link.

The link's token is shown once, in the email; the database keeps only its hash.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.models import OutboxMessage, PasswordLink, User, utcnow
from assess.platform.security import hash_token, new_link_token
from assess.platform.settings import ServiceSettings
from assess.services.outbox import compose

LIFETIMES = {"reset": timedelta(hours=2), "welcome": timedelta(days=7)}


def send_password_link(
    session: Session, settings: ServiceSettings, user: User, purpose: str
) -> OutboxMessage:
    """Create a one-time link for `user` and compose its email (the caller commits)."""
    token, token_hash = new_link_token()
    lifetime = LIFETIMES[purpose]
    session.add(
        PasswordLink(
            user_id=user.id, purpose=purpose, token_hash=token_hash, expires_at=utcnow() + lifetime
        )
    )
    subject = (
        "Choose a new Candor password"
        if purpose == "reset"
        else f"{user.organization.name} invited you to Candor"
    )
    return compose(
        session,
        settings,
        f"password_{purpose}",
        to=user.email,
        subject=subject,
        organization_id=user.organization_id,
        user=user,
        link=settings.absolute_url(password_link_path(token)),
        lifetime=lifetime,
    )


def password_link_path(token: str) -> str:
    """The path of the set-password page for ``token``, built without a request (the
    reset email is written by a background job)."""
    return f"/password/{token}"


def find_usable_link(session: Session, token: str) -> PasswordLink | None:
    """The unused, unexpired link carrying `token`, or None."""
    link = session.scalar(select(PasswordLink).where(PasswordLink.token_hash == hash_token(token)))
    if link is None or link.used_at is not None or link.expires_at <= utcnow():
        return None
    return link


def reset_requested(session: Session, settings: ServiceSettings, email: str) -> bool:
    """Compose a reset link when ``email`` belongs to an active account; True if so."""
    user = session.scalar(select(User).where(User.email == email, User.is_active))
    if user is None:
        return False
    send_password_link(session, settings, user, "reset")
    return True
