"""The demo organization that `make run` loads on first start.

Idempotent: the organization's slug is the marker; loading again changes nothing.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.accounts import create_user, get_or_create_organization
from assess.models import Organization, Rep, Team

DEMO_SLUG = "demo"
DEMO_LOGINS = {
    "owner": ("owner@northwind.example.com", "candor-demo-owner"),
    "manager": ("manager@northwind.example.com", "candor-demo-manager"),
}
DEMO_REPS = (
    "Alex Moreno",
    "Priya Natarajan",
    "Jordan Blake",
    "Sam Okafor",
    "Lena Fischer",
    "Marcus Hale",
    "Chloe Dubois",
    "Ravi Menon",
    "Tessa Lindqvist",
    "Diego Alvarez",
    "Hannah Cole",
    "Kenji Watanabe",
)


def load_demo(session: Session) -> bool:
    """Create the demo organization; return False when it already exists."""
    if session.scalar(select(Organization.id).where(Organization.slug == DEMO_SLUG)):
        return False
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
    return True
