"""Creating organizations and users (operations: they flush, the caller commits)."""

from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.core.text import text_problem
from assess.models import USER_ROLES, Organization, User
from assess.platform.security import hash_password

MIN_PASSWORD_LENGTH = 10
SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,78}[a-z0-9]$")


class AccountError(ValueError):
    """Bad input for an account: the message says what and how to fix it."""


def normalize_email(email: str) -> str:
    """Lower-cased, syntax-checked address (no DNS lookups: we may be offline)."""
    typed = (email or "").strip()
    try:
        checked = validate_email(typed, check_deliverability=False)
    except EmailNotValidError:
        raise AccountError(
            f"{typed[:80]!r} is not an email address — write it as name@example.com."
        ) from None
    return checked.normalized.lower()


def get_or_create_organization(session: Session, slug: str, name: str | None) -> Organization:
    if not SLUG_PATTERN.match(slug or ""):
        raise AccountError(
            f"organization slug {slug!r} is not valid — use 3–80 lower-case letters, digits "
            "and dashes, e.g. acme-sales."
        )
    problem = text_problem(name or "")
    if problem is not None:
        raise AccountError(f"the organization name {problem} — retype it without that character.")
    organization = session.scalar(select(Organization).where(Organization.slug == slug))
    if organization is None:
        organization = Organization(slug=slug, name=(name or slug).strip()[:200])
        session.add(organization)
        session.flush()
    return organization


def check_new_user(
    session: Session,
    *,
    email: str,
    name: str,
    role: str,
    password: str,
    leaving_organization_id: int | None = None,
) -> tuple[str, str]:
    """The normalized email and name of a user about to be created, or AccountError
    saying what will not do. An address of `leaving_organization_id` counts as free
    (that organization is about to be deleted)."""
    if role not in USER_ROLES:
        raise AccountError(f"role {role!r} is unknown — use one of {', '.join(USER_ROLES)}.")
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError(
            f"the password is too short — use at least {MIN_PASSWORD_LENGTH} characters."
        )
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise AccountError("the name is empty or longer than 200 characters — give a real name.")
    for label, value in (("the name", name), ("the password", password)):
        problem = text_problem(value)
        if problem is not None:
            raise AccountError(f"{label} {problem} — retype it without that character.")
    email = normalize_email(email)
    taken = select(User.id).where(User.email == email)
    if leaving_organization_id is not None:
        taken = taken.where(User.organization_id != leaving_organization_id)
    if session.scalar(taken) is not None:
        raise AccountError(f"email {email!r} is already taken — choose another address.")
    return email, name


def create_user(
    session: Session,
    *,
    org_slug: str,
    email: str,
    name: str,
    role: str,
    password: str,
    org_name: str | None = None,
) -> User:
    email, name = check_new_user(session, email=email, name=name, role=role, password=password)
    organization = get_or_create_organization(session, org_slug, org_name)
    user = User(
        organization=organization,
        email=email,
        name=name,
        role=role,
        password_hash=hash_password(password),
    )
    session.add(user)
    session.flush()
    return user
