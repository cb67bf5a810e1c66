"""The demo organization's people: owner, manager, and the team of twelve reps."""

from __future__ import annotations

from sqlalchemy.orm import Session

from assess.demo.stories import STORIES
from assess.models import DEMO_SLUG, Rep, Team, User
from assess.services.accounts import create_user, get_or_create_organization

DEMO_LOGINS = {
    "owner": ("owner@northwind.example.com", "candor-demo-owner"),
    "manager": ("manager@northwind.example.com", "candor-demo-manager"),
}
DEMO_REPS = tuple(story.name for story in STORIES)


def create_people(session: Session) -> tuple[Team, User]:
    """The organization, its owner and manager, and the Field Sales team (flushes)."""
    organization = get_or_create_organization(session, DEMO_SLUG, "Northwind Demo Co.")
    owner_email, owner_password = DEMO_LOGINS["owner"]
    create_user(
        session,
        org_slug=DEMO_SLUG,
        email=owner_email,
        name="Olivia Owner",
        role="owner",
        password=owner_password,
    )
    manager_email, manager_password = DEMO_LOGINS["manager"]
    manager = create_user(
        session,
        org_slug=DEMO_SLUG,
        email=manager_email,
        name="Morgan Manager",
        role="manager",
        password=manager_password,
    )
    team = Team(organization=organization, name="Field Sales", manager_id=manager.id)
    session.add(team)
    session.flush()
    for name in DEMO_REPS:
        local = name.lower().replace(" ", ".")
        session.add(
            Rep(
                organization_id=organization.id,
                team_id=team.id,
                name=name,
                email=f"{local}@northwind.example.com",
            )
        )
    session.flush()
    session.refresh(team)
    return team, manager
