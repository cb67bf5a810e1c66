"""The demo organization's people: the owner, Field Sales (its manager and the twelve reps
with stories) and Inside Sales (its manager and fourteen reps)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from assess.demo.inside_sales import INSIDE_SALES
from assess.demo.inside_sales import MANAGER as INSIDE_MANAGER
from assess.demo.inside_sales import TEAM_NAME as INSIDE_TEAM
from assess.demo.stories import STORIES
from assess.models import DEMO_SLUG, Organization, Rep, Team, User
from assess.services.accounts import create_user, get_or_create_organization

DEMO_LOGINS = {
    "owner": ("owner@northwind.example.com", "candor-demo-owner"),
    "manager": ("manager@northwind.example.com", "candor-demo-manager"),
}
#: Field Sales, the team whose stories the reports tell.
DEMO_REPS = tuple(story.name for story in STORIES)
#: Reps who read another language than their team's.
REP_LANGUAGES = {story.name: story.language for story in STORIES if story.language}
INSIDE_REPS = tuple(story.name for story in INSIDE_SALES)
#: The Inside Sales manager's password hash: none that any password matches, so the
#: account cannot sign in (the demo's public sign-ins are the two above).
NO_PASSWORD = "!"  # noqa: S105 - not a password: no hash matches it


@dataclass(frozen=True)
class DemoPeople:
    field_sales: Team
    manager: User  # Field Sales' manager, a demo login
    inside_sales: Team
    inside_manager: User


def create_people(session: Session) -> DemoPeople:
    """The organization, its owner, both teams with their managers and reps (flushes)."""
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
    inside_name, inside_email = INSIDE_MANAGER
    inside_manager = User(
        organization=organization,
        email=inside_email,
        name=inside_name,
        role="manager",
        password_hash=NO_PASSWORD,
    )
    session.add(inside_manager)
    session.flush()
    return DemoPeople(
        create_team(session, organization, "Field Sales", manager, DEMO_REPS),
        manager,
        create_team(session, organization, INSIDE_TEAM, inside_manager, INSIDE_REPS),
        inside_manager,
    )


def create_team(
    session: Session, organization: Organization, name: str, manager: User, reps: tuple[str, ...]
) -> Team:
    team = Team(organization=organization, name=name, manager_id=manager.id)
    session.add(team)
    session.flush()
    for rep_name in reps:
        local = rep_name.lower().replace(" ", ".")
        session.add(
            Rep(
                organization_id=organization.id,
                team_id=team.id,
                name=rep_name,
                email=f"{local}@northwind.example.com",
                language=REP_LANGUAGES.get(rep_name),
            )
        )
    session.flush()
    session.refresh(team)
    return team
