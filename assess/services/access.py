"""Who may see which team: the one rule every page (and later the API) applies.

The owner sees the whole organization. A manager sees only the teams they manage —
the team's reviewing manager (`Team.manager_id`) and everyone listed in
`team_managers` — and so only those teams' reps, rounds, invitations, reports and
mail. A manager who manages no team sees no team data at all.
"""

from __future__ import annotations

from sqlalchemy import Select, or_, select

from assess.models import (
    Invitation,
    OutboxMessage,
    Rep,
    Report,
    Round,
    Team,
    TeamManager,
    User,
)


def managed_team_ids(user: User) -> Select:
    """The ids of the teams `user` manages, as a subquery."""
    listed = select(TeamManager.team_id).where(
        TeamManager.organization_id == user.organization_id, TeamManager.user_id == user.id
    )
    reviewing = select(Team.id).where(
        Team.organization_id == user.organization_id, Team.manager_id == user.id
    )
    return listed.union(reviewing)


def _team_condition(model, teams: Select, user: User):
    """The condition that puts a row of `model` in one of `teams`."""
    if model is Team:
        return Team.id.in_(teams)
    if model in (Rep, Round):
        return model.team_id.in_(teams)
    if model in (Invitation, Report):
        return model.round_id.in_(select(Round.id).where(Round.team_id.in_(teams)))
    if model is OutboxMessage:
        return or_(OutboxMessage.team_id.in_(teams), OutboxMessage.to_address == user.email)
    if model is User:
        return User.id == user.id  # a manager sees only themself among the users
    raise ValueError(f"no team rule for {model.__name__}: add one to assess.services.access")


def visible_to(user: User, model) -> Select:
    """A select of the rows of `model` that `user` may see."""
    query = select(model).where(model.organization_id == user.organization_id)
    if user.role == "owner":
        return query
    return query.where(_team_condition(model, managed_team_ids(user), user))


def in_organization(user: User, model) -> Select:
    """Every row of `model` in `user`'s organization, seen or not: for checks that must
    span it (a team or rep name already taken), never for showing rows."""
    return select(model).where(model.organization_id == user.organization_id)
