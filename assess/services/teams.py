"""Teams and who manages them.

A team may have several managers (`team_managers`); `Team.manager_id` names the one
who answers its reps' manager reviews, and is always one of them. Only the owner
changes who manages a team; a manager who creates a team manages it.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from assess.models import Team, TeamManager, User


def manager_ids(session: Session, team: Team) -> set[int]:
    """Everyone who manages `team` (the reviewing manager included)."""
    listed = set(session.scalars(select(TeamManager.user_id).where(TeamManager.team_id == team.id)))
    return listed | ({team.manager_id} if team.manager_id else set())


def set_managers(
    session: Session, team: Team, reviewing_id: int | None, others: set[int] = frozenset()
) -> None:
    """Make `reviewing_id` the team's reviewing manager and it plus `others` its
    managers (flushes). Ids must be users of the team's organization."""
    team.manager_id = reviewing_id or None
    wanted = set(others) | ({reviewing_id} if reviewing_id else set())
    session.execute(delete(TeamManager).where(TeamManager.team_id == team.id))
    for user_id in sorted(wanted):
        session.add(
            TeamManager(organization_id=team.organization_id, team_id=team.id, user_id=user_id)
        )
    session.flush()


def create_team(session: Session, creator: User, name: str, reviewing_id: int | None) -> Team:
    """A new team (flushed). A manager who creates it manages it, whoever reviews."""
    team = Team(organization_id=creator.organization_id, name=name)
    session.add(team)
    session.flush()
    if creator.role == "owner":
        set_managers(session, team, reviewing_id)
    else:
        set_managers(session, team, reviewing_id or creator.id, {creator.id})
    return team
