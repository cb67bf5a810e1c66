"""An owner's invitation of an address another organization uses, kept like any other.

An address belongs to one organization, so inviting one that is taken cannot make an
account. If that showed — no one new in the people list, no welcome email in the
outbox, the address free for a buyer — the owner would learn who uses Candor
elsewhere. So the invitation is held: listed as a manager who has not signed in yet,
its email in the outbox under the welcome email's subject (the outbox shows neither
body: both would hold a sign-in link), its address refused as a buyer like a
colleague's, and its welcome link renewable like a real one. The address's mailbox is
the one place that learns why nothing happens.

Without a mail server the owner hands welcome links over; a held invitation's link is
a decoy that opens the page any used or expired link opens. An owner who opens it
themself can tell — the one thing a page cannot hide (docs/anonymity.md).

Operations flush only; the caller commits.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime
from hashlib import sha256

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from assess.models import HeldInvitation, Organization, PasswordLink, User, utcnow
from assess.platform.security import derived_token
from assess.platform.settings import ServiceSettings
from assess.services.message_links import password_link_path
from assess.services.outbox import compose
from assess.services.password_links import LIFETIMES, welcome_link_url, welcome_subject


def hold(
    session: Session, settings: ServiceSettings, organization: Organization, name: str, email: str
) -> HeldInvitation:
    """Keep the invitation of `email` (taken elsewhere) and tell that mailbox why."""
    held = HeldInvitation(organization_id=organization.id, name=name, email=email)
    session.add(held)
    session.flush()
    tell(session, settings, held, organization)
    return held


def tell(
    session: Session, settings: ServiceSettings, held: HeldInvitation, organization: Organization
) -> None:
    """The email to the taken address, in the inviting organization's outbox like a
    welcome email (its `link_ref` marks it, so no page shows its text)."""
    held.sent_at = utcnow()
    compose(
        session,
        settings,
        "address_taken",
        to=held.email,
        subject=welcome_subject(organization),
        organization_id=organization.id,
        link_ref=f"held:{held.id}",
        organization=organization,
    )


def held_invitations(session: Session, organization_id: int) -> list[HeldInvitation]:
    query = select(HeldInvitation).where(HeldInvitation.organization_id == organization_id)
    return list(session.scalars(query))


def awaiting_welcome():
    """SQL: a user invited by the owner who has not chosen a password yet — shown, like
    a held invitation, nowhere but the people list until they sign in."""
    chose = exists().where(
        PasswordLink.user_id == User.id,
        PasswordLink.purpose == "welcome",
        PasswordLink.used_at.is_not(None),
    )
    invited = exists().where(PasswordLink.user_id == User.id, PasswordLink.purpose == "welcome")
    return invited & ~chose & User.last_login_at.is_(None)


@dataclass(frozen=True)
class Person:
    """One row of the people list, whether a user or a held invitation."""

    key: str  # opaque: a held invitation's must not look different from a user's
    name: str
    email: str
    role: str
    last_login_at: datetime | None
    never_signed_in_manager: bool
    welcome_link: str | None  # without a mail server, while it works


def person_key(secret_key: str, kind: str, row_id: int) -> str:
    """The key of a row of the people list in its URLs ("user" or "held", and its id)."""
    digest = hmac.new(secret_key.encode(), f"person:{kind}:{row_id}".encode(), sha256)
    return digest.hexdigest()[:20]


def decoy_link(settings: ServiceSettings, held: HeldInvitation) -> str | None:
    """What stands where a held invitation's welcome link would be: a link that opens
    the used-or-expired page, "expiring" when a real one would."""
    if held.sent_at + LIFETIMES["welcome"] <= utcnow():
        return None
    token = derived_token(settings.secret_key, "held", f"{held.id}:{held.sent_at.isoformat()}")
    return settings.absolute_url(password_link_path(token))


def people(session: Session, settings: ServiceSettings, organization_id: int) -> list[Person]:
    """Everyone who signs in here and every held invitation, in one list: the owner
    first, then by name."""
    rows = []
    for user in session.scalars(select(User).where(User.organization_id == organization_id)):
        waiting = user.role == "manager" and user.last_login_at is None
        link = (
            welcome_link_url(session, settings, user)
            if waiting and not settings.mail.delivers
            else None
        )
        rows.append(
            Person(
                person_key(settings.secret_key, "user", user.id),
                user.name,
                user.email,
                user.role,
                user.last_login_at,
                waiting,
                link,
            )  # fmt: skip
        )
    for held in held_invitations(session, organization_id):
        link = None if settings.mail.delivers else decoy_link(settings, held)
        rows.append(
            Person(
                person_key(settings.secret_key, "held", held.id),
                held.name,
                held.email,
                "manager",
                None,
                True,
                link,
            )  # fmt: skip
        )
    return sorted(rows, key=lambda person: (person.role != "owner", person.name.casefold()))


def find_person(session: Session, settings: ServiceSettings, organization_id: int, key: str):
    """The User or HeldInvitation of the organization behind `key`, or None."""
    if not (key.isascii() and key.isalnum()):  # never a key: compare_digest wants ASCII
        return None
    for user in session.scalars(select(User).where(User.organization_id == organization_id)):
        if hmac.compare_digest(person_key(settings.secret_key, "user", user.id), key):
            return user
    for held in held_invitations(session, organization_id):
        if hmac.compare_digest(person_key(settings.secret_key, "held", held.id), key):
            return held
    return None
