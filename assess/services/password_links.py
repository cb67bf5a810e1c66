"""One-time password links: the welcome link of an invited manager and a reset link.

A link's token is derived from a stored nonce (see `assess.platform.security`); the
email carries it, the outbox row only names it (`link_ref`), and no page but the
owner's copy of a manager's welcome link ever shows it. Using a link, or changing the
password any other way, ends the user's other links and every session.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from assess.models import OutboxMessage, PasswordLink, User, utcnow
from assess.platform.security import derived_token, hash_password, hash_token, new_nonce
from assess.platform.settings import ServiceSettings
from assess.services.message_links import link_ref, password_link_url
from assess.services.outbox import compose
from assess.services.sso import password_refused

LIFETIMES = {"reset": timedelta(hours=2), "welcome": timedelta(days=7)}
#: The job that looks the address up and emails a reset link (the request only queues it).
RESET_TASK = "password_reset"


def new_password_link(
    session: Session, settings: ServiceSettings, user: User, purpose: str
) -> PasswordLink:
    """A fresh one-time link for `user` (flushed); its URL is `password_link_url`."""
    nonce = new_nonce()
    link = PasswordLink(
        user_id=user.id,
        purpose=purpose,
        token_nonce=nonce,
        token_hash=hash_token(derived_token(settings.secret_key, "password", nonce)),
        expires_at=utcnow() + LIFETIMES[purpose],
    )
    session.add(link)
    session.flush()
    return link


def welcome_subject(organization) -> str:
    """The subject of a welcome email — also of a held invitation's, which must read the
    same in the outbox (`held_invitations`)."""
    return f"{organization.name} invited you to Candor"


def send_password_link(
    session: Session, settings: ServiceSettings, user: User, purpose: str
) -> OutboxMessage:
    """Create a one-time link for `user` and compose its email (the caller commits)."""
    link = new_password_link(session, settings, user, purpose)
    subject = (
        "Choose a new Candor password" if purpose == "reset" else welcome_subject(user.organization)
    )
    return compose(
        session,
        settings,
        f"password_{purpose}",
        to=user.email,
        subject=subject,
        organization_id=user.organization_id,
        link_ref=link_ref(link),
        user=user,
        lifetime=LIFETIMES[purpose],
    )


def find_usable_link(session: Session, token: str) -> PasswordLink | None:
    """The unused, unexpired link carrying `token`, or None."""
    link = session.scalar(select(PasswordLink).where(PasswordLink.token_hash == hash_token(token)))
    if link is None or link.used_at is not None or link.expires_at <= utcnow():
        return None
    return link


def set_password(session: Session, user: User, password: str) -> None:
    """Give `user` a new password: every outstanding link of theirs stops working and
    every session of theirs ends (the caller signs nobody in)."""
    user.password_hash = hash_password(password)
    user.end_sessions()
    session.execute(
        update(PasswordLink)
        .where(PasswordLink.user_id == user.id, PasswordLink.used_at.is_(None))
        .values(used_at=utcnow())
    )


def welcome_link_url(session: Session, settings: ServiceSettings, user: User) -> str | None:
    """The working welcome link of a manager who has not chosen a password yet (the
    owner copies it when no mail server is configured), or None."""
    link = session.scalar(
        select(PasswordLink)
        .where(PasswordLink.user_id == user.id, PasswordLink.purpose == "welcome")
        .order_by(PasswordLink.id.desc())
        .limit(1)
    )
    return password_link_url(settings, link) if link is not None else None


def reset_requested(session: Session, settings: ServiceSettings, email: str) -> bool:
    """Compose a reset link when ``email`` belongs to an active account; True if so.

    An organization that signs in through its provider only gets a note saying so
    instead: a password it cannot use would be no help, and a link no way around it."""
    user = session.scalar(select(User).where(User.email == email, User.is_active))
    if user is None:
        return False
    if password_refused(session, user):
        compose(
            session,
            settings,
            "sso_only",
            to=user.email,
            subject="Sign in to Candor with single sign-on",
            organization_id=user.organization_id,
            user=user,
            sso_url=settings.absolute_url("/sso"),
        )
        return False
    send_password_link(session, settings, user, "reset")
    return True
