"""Launching a round: what stops it, what to know first, and the invitations it makes.

The page creates and launches a round in one step. The API can also create a draft
first (its banks and days fixed, nobody asked yet) and launch it later, when the HRIS
sync has brought the team up to date: both go through `launch_draft`, so a round
launched either way asks exactly the same people.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.models import Invitation, Rep, Round, RoundBank, Team, User
from assess.platform.settings import ServiceSettings
from assess.services.bank_versions import bank_for_version, ensure_version, shipped_banks
from assess.services.rounds import add_invitation, day_end, day_start, manager_invitation
from assess.services.survey_staff import STAFF_ROLES, missing_staff
from assess.services.webhook_events import round_launched


@dataclass
class LaunchOutcome:
    round: Round
    invitations: list[Invitation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def launch_check(
    team: Team, bank_ids: list[str], staff: Mapping[str, Sequence]
) -> tuple[list[str], list[str]]:
    """(what stops a launch, what the manager should know first) — checked before a
    single invitation is created, so nothing goes out to be called back."""
    banks = shipped_banks()
    chosen = [banks[bank_id] for bank_id in bank_ids if bank_id in banks]
    active = [rep for rep in team.reps if rep.archived_at is None]
    blocking, warnings = [], []
    if not active:
        blocking.append(f"{team.name} has no active reps: add reps to the team, then launch.")
    roles = {role for bank in chosen for role in bank.rater_roles}
    rated = [bank for bank in chosen if not bank.is_org_wide and "self" in bank.rater_roles]
    if "manager" in roles and team.manager is None:
        warnings.append(
            f"{team.name} has no manager: nobody will answer the manager's review, and "
            "without it no rep gets a verdict. Set the team's manager first, or launch "
            "anyway and add the review later."
        )
    if rated and not any(bank.is_buyer_survey for bank in chosen):
        warnings.append(
            "No buyer survey is in the round: no rep can get a verdict, which needs "
            "buyers' answers."
        )
    if rated and "manager" not in roles:
        warnings.append(
            "No manager's review is in the round: no rep can get a verdict, which needs it."
        )
    warnings.extend(missing_staff(roles, staff))
    return blocking, warnings


def default_bank_ids() -> list[str]:
    """What the page ticks: the self-assessments, the buyers' survey, the manager's
    review — everything a verdict needs."""
    return [
        bank_id
        for bank_id, bank in sorted(shipped_banks().items())
        if bank.is_buyer_survey
        or bank.rater_roles == ("manager",)
        or ("self" in bank.rater_roles and not bank.is_org_wide)
    ]


def draft_round(
    session: Session,
    *,
    team: Team,
    name: str,
    bank_ids: list[str],
    opens_on: date,
    closes_on: date,
    created_by: User | None,
) -> Round:
    """A round with its banks and days, nobody asked yet (flushed)."""
    assessment_round = Round(
        organization_id=team.organization_id,
        team_id=team.id,
        name=name,
        status="draft",
        opens_at=day_start(opens_on),
        closes_at=day_end(closes_on),
        created_by_id=created_by.id if created_by is not None else None,
    )
    session.add(assessment_round)
    session.flush()
    banks = shipped_banks()
    for bank_id in bank_ids:
        version = ensure_version(session, banks[bank_id])
        session.add(RoundBank(round_id=assessment_round.id, bank_version_id=version.id))
        session.flush()
    return assessment_round


def launch_draft(
    session: Session,
    settings: ServiceSettings,
    assessment_round: Round,
    staff: Mapping[str, Sequence[tuple[str, str]]],
) -> LaunchOutcome:
    """Open a draft round and create every invitation launching implies (flushes)."""
    team = assessment_round.team
    assessment_round.status = "open"
    outcome = LaunchOutcome(round=assessment_round)
    reps = list(
        session.scalars(
            select(Rep).where(Rep.team_id == team.id, Rep.archived_at.is_(None)).order_by(Rep.name)
        )
    )
    if not reps:
        outcome.warnings.append(f"{team.name} has no active reps: add reps, then launch.")
    round_banks = session.scalars(
        select(RoundBank).where(RoundBank.round_id == assessment_round.id)
    ).all()
    versions = sorted((entry.bank_version for entry in round_banks), key=lambda v: v.id)
    for version in versions:
        bank = bank_for_version(version)
        roles = set(bank.rater_roles)
        if "self" in roles:
            for rep in reps:
                outcome.invitations.append(
                    add_invitation(
                        session, settings, assessment_round, version.id, "self", "self", rep=rep
                    )
                )
        if "manager" in roles:
            if team.manager is None:
                outcome.warnings.append(
                    f"{team.name} has no manager, so nobody was asked to answer "
                    f"“{bank.text(bank.title)}” — set the team's manager and relaunch."
                )
            elif bank.is_org_wide:
                outcome.invitations.append(
                    manager_invitation(session, settings, assessment_round, version.id, team)
                )
            else:
                for rep in reps:
                    outcome.invitations.append(
                        manager_invitation(
                            session, settings, assessment_round, version.id, team, rep=rep
                        )
                    )
        for role in (entry.role for entry in STAFF_ROLES if entry.role in roles):
            for person, email in staff.get(role, ()):  # marketers, delivery staff
                outcome.invitations.append(
                    add_invitation(
                        session, settings, assessment_round, version.id, role, email,
                        rater_name=person, rater_email=email,
                    )
                )  # fmt: skip
    session.flush()
    round_launched(session, assessment_round, len(outcome.invitations))
    return outcome


def launch_round(
    session: Session,
    settings: ServiceSettings,
    *,
    team: Team,
    name: str,
    bank_ids: list[str],
    opens_on: date,
    closes_on: date,
    created_by: User,
    staff: Mapping[str, Sequence[tuple[str, str]]],
) -> LaunchOutcome:
    """Create the round, its bank versions and every invitation launch implies."""
    draft = draft_round(
        session, team=team, name=name, bank_ids=bank_ids, opens_on=opens_on,
        closes_on=closes_on, created_by=created_by,
    )  # fmt: skip
    return launch_draft(session, settings, draft, staff)
