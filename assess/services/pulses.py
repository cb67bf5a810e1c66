"""Sending a coaching plan's pulses: each due pulse becomes a small round of its own.

A pulse is run as a round so that everything a round promises holds unchanged: the
survey pages and links, reminders, the buyers' confirmation by the rep, the anonymity
rules and the scoring. Its banks are the plan round's banks cut down to the plan's
competencies (`core.coaching.pulse_bank`, stored as bank versions like any other); the
rep answers about themself, the team's manager about the rep, and the buyers who
answered about the rep in the plan's round are asked again — added as the board adds
buyers, so each waits for the rep's yes (`buyer_confirmation`) and an address that has
since become a colleague's is refused (`buyer_addresses`).

Operations flush; the job commits. Sending twice sends once: a pulse is claimed by
moving it from `scheduled` to `sent` in one guarded update before its round is made.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from assess.core.banks import BUYER_ROLES
from assess.core.coaching.pulse_bank import pulse_banks
from assess.models import (
    CoachingPlan,
    Invitation,
    Pulse,
    Rep,
    Round,
    RoundBank,
    utcnow,
)
from assess.platform.settings import ServiceSettings
from assess.services.bank_versions import bank_for_version, ensure_version
from assess.services.buyer_addresses import buyer_rule
from assess.services.buyer_confirmation import add_buyers
from assess.services.journeys import journey_start
from assess.services.rounds import add_invitation, compose_invitation, day_end, manager_invitation

#: The periodic job that sends every pulse due.
PULSES_TASK = "send_due_pulses"
#: A source round's buyers who were sent their survey (never one the rep declined, one
#: still waiting for a yes, or a revoked link).
ASKED = ("pending", "opened", "in_progress", "completed")
#: How long a pulse round stays open.
PULSE_OPEN_DAYS = 14


def due_pulses(session: Session, today: date) -> list[Pulse]:
    """Scheduled pulses of active plans due on or before `today`, oldest first."""
    return list(
        session.scalars(
            select(Pulse)
            .join(
                CoachingPlan,
                (CoachingPlan.organization_id == Pulse.organization_id)
                & (CoachingPlan.id == Pulse.plan_id),
            )
            .where(
                Pulse.status == "scheduled",
                Pulse.due_on <= today,
                Pulse.round_id.is_(None),
                CoachingPlan.status == "active",
            )
            .order_by(Pulse.due_on, Pulse.id)
        )
    )


def _claim(session: Session, pulse: Pulse) -> bool:
    """Move `pulse` from scheduled to sent; False when another run got there first."""
    claimed = session.execute(
        update(Pulse)
        .where(Pulse.id == pulse.id, Pulse.status == "scheduled", Pulse.round_id.is_(None))
        .values(status="sent")
        .execution_options(synchronize_session=False)
    )
    session.refresh(pulse)
    return claimed.rowcount == 1


def send_pulse(
    session: Session, settings: ServiceSettings, pulse: Pulse, now: datetime | None = None
) -> Round | None:
    """Create the pulse's round and its invitations, and email the rep and the manager
    (after the commit). None when another run sent it, or when there is nobody to ask
    (the rep was archived: the pulse is closed instead)."""
    if not _claim(session, pulse):
        return None
    now = now or utcnow()
    plan = session.scalar(
        select(CoachingPlan).where(
            CoachingPlan.organization_id == pulse.organization_id,
            CoachingPlan.id == pulse.plan_id,
        )
    )
    rep = session.get(Rep, plan.rep_id)
    source = session.get(Round, plan.round_id)
    if rep is None or rep.archived_at is not None or rep.team_id != source.team_id:
        # archived, or moved to another team: the plan was agreed with the old team's
        # manager on that team's round, so its pulses stop (the new manager makes a plan
        # of their own from the next round), and no other team sees the old results
        pulse.status = "closed"
        session.flush()
        return None
    banks = pulse_banks(
        [bank_for_version(entry.bank_version) for entry in source.banks],
        [focus.competency_id for focus in plan.focuses],
    )
    pulse_round = Round(
        organization_id=rep.organization_id,
        team_id=rep.team_id,
        name=f"{rep.name}: {pulse.kind}-day pulse ({source.name})",
        status="open",
        opens_at=now,
        closes_at=day_end(now.date() + timedelta(days=PULSE_OPEN_DAYS)),
    )
    session.add(pulse_round)
    session.flush()
    pulse.round_id = pulse_round.id
    versions = [ensure_version(session, bank) for bank in banks]
    for version in versions:
        session.add(RoundBank(round_id=pulse_round.id, bank_version_id=version.id))
    session.flush()
    session.expire(pulse_round, ["banks"])
    invitations = _ask_rep_and_manager(session, settings, pulse_round, rep, versions)
    session.flush()
    for invitation in invitations:
        if journey_start(session, invitation):  # the rep: one email for their surveys
            compose_invitation(session, settings, invitation)
    buyer_version = next(
        (version for version, bank in zip(versions, banks, strict=True) if bank.is_buyer_survey),
        None,
    )
    if buyer_version is not None:
        _ask_buyers_again(session, settings, pulse_round, source, rep, buyer_version.id)
    session.flush()
    return pulse_round


def _ask_rep_and_manager(session, settings, pulse_round, rep, versions) -> list[Invitation]:
    manager = rep.team.manager
    invitations = []
    for version in sorted(versions, key=lambda v: v.id):
        roles = bank_for_version(version).rater_roles
        if "self" in roles:
            invitations.append(
                add_invitation(session, settings, pulse_round, version.id, "self", "self", rep=rep)
            )
        if "manager" in roles and manager is not None:
            invitations.append(
                manager_invitation(session, settings, pulse_round, version.id, rep.team, rep=rep)
            )
    return invitations


def _ask_buyers_again(session, settings, pulse_round, source, rep, bank_version_id) -> None:
    """The buyers who were asked about `rep` in `source` (whether they answered or not:
    asking only those who answered would tell the rep who did), added as waiting for the
    rep's yes (one per address; an address the buyer rule now refuses is left out)."""
    answered = session.scalars(
        select(Invitation)
        .where(
            Invitation.round_id == source.id,
            Invitation.rep_id == rep.id,
            Invitation.rater_role.in_(BUYER_ROLES),
            Invitation.status.in_(ASKED),
            Invitation.rater_email.is_not(None),
        )
        .order_by(Invitation.id)
    )
    rule, rows, seen = buyer_rule(session, rep), [], set()
    for buyer in answered:
        address = buyer.rater_email.strip().lower()
        if address in seen or rule.refusal(buyer.rater_email) is not None:
            continue
        seen.add(address)
        rows.append(  # in the language they were written to (or chose) last time
            (
                rep,
                buyer.rater_name or buyer.rater_email,
                buyer.rater_email,
                buyer.rater_role,
                buyer.language,
            )
        )
    if rows:
        add_buyers(session, settings, pulse_round, bank_version_id, rows)


def send_due_pulses(
    session: Session, settings: ServiceSettings, now: datetime | None = None
) -> list[Round]:
    """Send every pulse due by `now`; the rounds created (the caller commits)."""
    now = now or utcnow()
    sent = [send_pulse(session, settings, pulse, now) for pulse in due_pulses(session, now.date())]
    return [pulse_round for pulse_round in sent if pulse_round is not None]
