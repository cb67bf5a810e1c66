"""Handing a first-start instance over from the demo to its real owner.

`make run` loads a demo organization whose owner password is printed in the README.
Real work must not land in it (its sign-ins are public, its mail is never sent), so its
owner can hand the instance over: the demo organization and everything in it — teams,
reps, rounds, answers, reports and their files, outbox — is deleted, and a new, empty
organization with a new owner account takes its place, in one transaction.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from assess.core.text import text_problem
from assess.models import DEMO_SLUG, Organization, Report, User
from assess.services.accounts import AccountError, check_new_user, create_user

#: A slug from the organization's name: "Acme Sales (EU)" -> "acme-sales-eu".
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def is_demo(organization: Organization) -> bool:
    return organization.slug == DEMO_SLUG


def slug_for(session: Session, name: str) -> str:
    """A free slug made from `name` ("org" when the name has no ASCII letter)."""
    base = _NOT_SLUG.sub("-", name.lower()).strip("-")[:70].strip("-")
    base = base if len(base) >= 3 else f"org-{base}".strip("-")
    base = f"{base}-org" if base == DEMO_SLUG else base  # never the demo's own slug
    slug, number = base, 1
    while session.scalar(select(Organization.id).where(Organization.slug == slug)):
        number += 1
        slug = f"{base}-{number}"
    return slug


def hand_over(
    session: Session, demo: Organization, *, organization_name: str, name: str, email: str,
    password: str,
) -> tuple[User, list[str]]:  # fmt: skip
    """Delete the demo organization and create the real one with its owner (flushes).

    Returns the new owner and the report files to remove once the transaction has
    committed (a file removed before a rollback could not come back).

    Raises
    ------
    ValueError
        When `demo` is not the demo organization.
    AccountError
        When the name, email or password will not do (checked first: nothing is
        changed).
    """
    if not is_demo(demo):
        raise ValueError("only the demo organization is handed over")
    files = list(
        session.scalars(
            select(Report.file_path).where(
                Report.organization_id == demo.id, Report.file_path.is_not(None)
            )
        )
    )
    # Everything that could refuse is checked before anything is deleted.
    check_new_user(
        session, email=email, name=name, role="owner", password=password,
        leaving_organization_id=demo.id,
    )  # fmt: skip
    problem = text_problem(organization_name)
    if problem is not None:
        raise AccountError(f"the organization name {problem} — retype it without that character.")
    demo_id = demo.id
    # The demo's rows go with its organization (ON DELETE CASCADE); none stays in the
    # session, where a reused id (SQLite) would meet its deleted namesake.
    session.expunge_all()
    session.execute(delete(Organization).where(Organization.id == demo_id))
    owner = create_user(
        session,
        org_slug=slug_for(session, organization_name),
        org_name=organization_name,
        email=email,
        name=name,
        role="owner",
        password=password,
    )
    return owner, files


def remove_files(paths: list[str]) -> None:
    """Remove the demo's report files (after the commit); a file already gone is fine."""
    for path in paths:
        Path(path).unlink(missing_ok=True)
