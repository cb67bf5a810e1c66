"""Coaching plans: the proposal a manager confirms, the plan saved with its baselines,
and its three pulses scheduled (sending and scoring them come later).

The proposal is read from the report the manager already has: the rep report's
view-model built from the round's issued snapshot (`report_inputs`, `rep_view`), so the
plan starts from exactly the focus areas and actions the report printed. Operations
flush; the caller commits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.core.coaching.plans import FocusChoice, check_plan, propose_plan, pulse_schedule
from assess.core.reports.rep_report import rep_view
from assess.core.reports.wording import text_of
from assess.core.scoring.precision import interval
from assess.models import (
    CoachingPlan,
    PlanFocus,
    Pulse,
    Rep,
    Report,
    Round,
    ScoreSnapshot,
    User,
    utcnow,
)
from assess.services.coaching_progress import pulse_states
from assess.services.reports import report_inputs
from assess.services.round_kinds import is_pulse


def rep_snapshot(session: Session, assessment_round: Round, rep: Rep) -> dict | None:
    """The payload the closed round issued for `rep`, or None (not closed, or the rep
    was not in it)."""
    if assessment_round.status != "closed":
        return None
    return session.scalar(
        select(ScoreSnapshot.payload).where(
            ScoreSnapshot.organization_id == rep.organization_id,
            ScoreSnapshot.round_id == assessment_round.id,
            ScoreSnapshot.scope == "rep",
            ScoreSnapshot.rep_id == rep.id,
        )
    )


def plan_proposal(session: Session, assessment_round: Round, rep: Rep) -> list[FocusChoice]:
    """The report's focus areas (ticked) and the other scored competencies, each with
    its actions, as the manager's copy of the rep report shows them."""
    report = Report(
        organization_id=rep.organization_id,
        round_id=assessment_round.id,
        rep_id=rep.id,
        kind="rep",
        reader="manager",
        tone=assessment_round.organization.report_tone,
    )
    inputs = report_inputs(session, report)
    view = rep_view(inputs)
    return propose_plan(inputs.rep_payload, view["focus"], view["competencies"], inputs.locale)


def existing_plan(session: Session, assessment_round: Round, rep: Rep) -> CoachingPlan | None:
    """The plan already made for `rep` from this round, if any (one per rep and round)."""
    return session.scalar(
        select(CoachingPlan).where(
            CoachingPlan.organization_id == rep.organization_id,
            CoachingPlan.rep_id == rep.id,
            CoachingPlan.round_id == assessment_round.id,
        )
    )


def confirm_plan(
    session: Session,
    assessment_round: Round,
    rep: Rep,
    confirmed_by: User,
    chosen: Sequence[str],
    actions: Mapping[str, str],
    now: datetime | None = None,
) -> CoachingPlan:
    """Save the plan the manager confirmed, with its baselines and three pulses, and
    close the rep's earlier active plan.

    Raises
    ------
    ValueError
        The round issued no scores for the rep, a plan from this round exists, or the
        plan breaks a rule of `assess.core.coaching.plans.check_plan` (nothing saved).
    """
    if is_pulse(session, assessment_round.id):
        raise ValueError("A plan is made from an assessment round, not from a pulse.")
    if rep.archived_at is not None:
        raise ValueError(f"{rep.name} is archived: restore them before making a plan.")
    payload = rep_snapshot(session, assessment_round, rep)
    if payload is None:
        raise ValueError("A plan is made from a closed round that scored the rep.")
    if existing_plan(session, assessment_round, rep) is not None:
        raise ValueError(f"{rep.name} already has a plan from {assessment_round.name}.")
    later = session.scalar(
        select(Round)
        .join(CoachingPlan, CoachingPlan.round_id == Round.id)
        .where(
            CoachingPlan.organization_id == rep.organization_id,
            CoachingPlan.rep_id == rep.id,
            CoachingPlan.status == "active",
            Round.opens_at > assessment_round.opens_at,
        )
        .limit(1)
    )
    if later is not None:  # confirming would close the plan from the later round
        raise ValueError(
            f"{rep.name} has a plan from a later round, {later.name}: a new plan is made "
            "from the latest round."
        )
    focuses = check_plan(payload, chosen, actions)
    confirmed_at = now or utcnow()
    for earlier in session.scalars(
        select(CoachingPlan).where(
            CoachingPlan.organization_id == rep.organization_id,
            CoachingPlan.rep_id == rep.id,
            CoachingPlan.status == "active",
        )
    ):
        earlier.status = "closed"
        for pulse in earlier.pulses:
            if pulse.status == "scheduled":
                pulse.status = "closed"
    plan = CoachingPlan(
        organization_id=rep.organization_id,
        rep_id=rep.id,
        round_id=assessment_round.id,
        confirmed_by=confirmed_by.id,
        confirmed_at=confirmed_at,
        status="active",
    )
    session.add(plan)
    session.flush()
    for position, focus in enumerate(focuses, start=1):
        session.add(
            PlanFocus(
                organization_id=plan.organization_id,
                plan_id=plan.id,
                position=position,
                competency_id=focus.competency_id,
                bank_id=focus.bank_id,
                baseline_score=focus.score,
                baseline_se=focus.se,
                actions=list(focus.actions),
            )
        )
    for days, due_on in pulse_schedule(confirmed_at.date()):
        session.add(
            Pulse(
                organization_id=plan.organization_id,
                plan_id=plan.id,
                kind=days,
                due_on=due_on,
                status="scheduled",
            )
        )
    session.flush()
    session.expire(plan, ["focuses", "pulses"])
    return plan


def rep_plans(session: Session, rep: Rep, round_ids: Sequence[int], viewer: User) -> list[dict]:
    """The rep's plans from the rounds in `round_ids` (those `viewer` may see), newest
    first, as plain values for the history page: each focus with its competency name
    (from the round's snapshot), baseline and actions, and each pulse's state, with a
    closed one's results where `viewer` may see its round (`pulse_states`)."""
    plans = session.scalars(
        select(CoachingPlan)
        .where(
            CoachingPlan.organization_id == rep.organization_id,
            CoachingPlan.rep_id == rep.id,
            CoachingPlan.round_id.in_(list(round_ids)),
        )
        .order_by(CoachingPlan.confirmed_at.desc(), CoachingPlan.id.desc())
    )
    shown = []
    for plan in plans:
        assessment_round = session.get(Round, plan.round_id)
        payload = rep_snapshot(session, assessment_round, rep) or {}
        names = {
            entry["id"]: text_of(entry.get("name")) or entry["id"]
            for entry in payload.get("competencies", [])
        }
        confirmer = session.get(User, plan.confirmed_by)
        shown.append(
            {
                "round": assessment_round.name,
                "round_id": assessment_round.id,
                "status": plan.status,
                "confirmed_on": plan.confirmed_at.date(),
                "confirmed_by": confirmer.name if confirmer else "",
                "focuses": [
                    {
                        "name": names.get(focus.competency_id, focus.competency_id),
                        "score": focus.baseline_score,
                        "interval": None
                        if focus.baseline_se is None
                        else interval(focus.baseline_score, focus.baseline_se),
                        "actions": list(focus.actions),
                    }
                    for focus in plan.focuses
                ],
                "pulses": pulse_states(session, plan, viewer),
            }
        )
    return shown
