"""A coaching plan and its later measurements, as plain values for the reports.

The pulse report (kind "pulse") is about the plan its round's pulse belongs to: the
baselines, and every pulse of the plan closed by then. A rep report of a later
assessment round carries the rep's latest plan from an earlier round, with this
round as its last measurement — so the next round's report can say "Listening: 48 →
61, a reliable improvement". Everything comes from issued snapshots; nothing is
scored again. `assess.core.coaching.progress` does the comparing.

The rep's history page reads the same comparisons per pulse (`pulse_states`), limited
to the pulse rounds and reports its viewer may see (`services.access`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.core.coaching.progress import Measurement, focus_from, plan_progress
from assess.core.i18n import DEFAULT_LANGUAGE, format_date
from assess.core.reports.rep_raters import raters_line
from assess.models import CoachingPlan, Pulse, Report, Round, ScoreSnapshot, User, utcnow
from assess.services.access import visible_to
from assess.services.round_kinds import pulse_of


def issued_payload(session: Session, round_id: int, rep_id: int) -> dict | None:
    return session.scalar(
        select(ScoreSnapshot.payload).where(
            ScoreSnapshot.round_id == round_id,
            ScoreSnapshot.scope == "rep",
            ScoreSnapshot.rep_id == rep_id,
        )
    )


def day(moment: datetime, language: str = DEFAULT_LANGUAGE) -> str:
    """ "23 November 2026" — in `language` for a report written in another ("23 de
    noviembre de 2026")."""
    if language != DEFAULT_LANGUAGE:
        return format_date(moment, locale=language)
    return f"{moment.day} {moment:%B %Y}"


def closed_pulses(
    session: Session, plan: CoachingPlan, until: datetime, language: str = DEFAULT_LANGUAGE
) -> list[dict]:
    """The plan's pulses whose rounds closed by `until`, oldest first, with the rep's
    issued snapshot (None when the pulse scored nobody)."""
    found = []
    for pulse in plan.pulses:
        if pulse.round_id is None:
            continue
        pulse_round = session.get(Round, pulse.round_id)
        if pulse_round.status != "closed" or (pulse_round.closed_at or until) > until:
            continue
        found.append(
            {
                "label": f"{pulse.kind}-day pulse",
                "kind": pulse.kind,
                "closed_on": day(pulse_round.closed_at or pulse_round.closes_at, language),
                "payload": issued_payload(session, pulse_round.id, plan.rep_id),
            }
        )
    return found


def plan_values(
    session: Session,
    plan: CoachingPlan,
    measurements: list[dict],
    pulse: Pulse | None,
    language: str = DEFAULT_LANGUAGE,
) -> dict:
    source = session.get(Round, plan.round_id)
    confirmer = session.get(User, plan.confirmed_by)
    return {
        "round_name": source.name,
        "confirmed_on": day(plan.confirmed_at, language),
        "confirmed_by": confirmer.name if confirmer else "",
        "pulse_kind": pulse.kind if pulse else None,
        "focuses": [
            {
                "competency_id": focus.competency_id,
                "baseline_score": focus.baseline_score,
                "baseline_se": focus.baseline_se,
                "actions": list(focus.actions),
            }
            for focus in plan.focuses
        ],
        "baseline_payload": issued_payload(session, plan.round_id, plan.rep_id) or {},
        "measurements": measurements,
        "pulses_due": [
            {"kind": other.kind, "due_on": day(other.due_on, language)}
            for other in plan.pulses
            if other.round_id is None and other.status == "scheduled"
        ],
    }


def latest_earlier_plan(session: Session, assessment_round: Round, rep_id: int):
    """The rep's most recent plan from a round that closed before this one opened."""
    return session.scalar(
        select(CoachingPlan)
        .join(Round, Round.id == CoachingPlan.round_id)
        .where(
            CoachingPlan.organization_id == assessment_round.organization_id,
            CoachingPlan.rep_id == rep_id,
            CoachingPlan.round_id != assessment_round.id,
            Round.closed_at <= assessment_round.opens_at,
            # a plan from another team's round stays with that team (the rep moved)
            Round.team_id == assessment_round.team_id,
        )
        .order_by(CoachingPlan.confirmed_at.desc(), CoachingPlan.id.desc())
        .limit(1)
    )


def coaching_inputs(
    session: Session,
    report: Report,
    assessment_round: Round,
    language: str = DEFAULT_LANGUAGE,
) -> dict | None:
    """The `coaching` part of a report's inputs: for a pulse report its plan; for a rep
    report the rep's plan from an earlier round with this round as the last
    measurement; None for a team report or a rep without a plan. Dates are written in
    the report's `language`."""
    if report.rep_id is None:
        return None
    until = assessment_round.closed_at or utcnow()
    if report.kind == "pulse":
        pulse = pulse_of(session, assessment_round.id)
        if pulse is None:
            return None
        plan = session.scalar(
            select(CoachingPlan).where(
                CoachingPlan.organization_id == pulse.organization_id,
                CoachingPlan.id == pulse.plan_id,
            )
        )
        return plan_values(
            session, plan, closed_pulses(session, plan, until, language), pulse, language
        )
    plan = latest_earlier_plan(session, assessment_round, report.rep_id)
    if plan is None:
        return None
    this_round = {
        "label": assessment_round.name,
        "kind": None,
        "closed_on": day(until, language),
        "payload": issued_payload(session, assessment_round.id, report.rep_id),
    }
    measured = [*closed_pulses(session, plan, until, language), this_round]
    return plan_values(session, plan, measured, None, language)


def pulse_states(session: Session, plan: CoachingPlan, viewer: User) -> list[dict]:
    """Each pulse of `plan` as the rep's history page shows it, in due order.

    * ``scheduled``: not sent yet (``due_on``);
    * ``waiting``: sent, its round open (``until``: the day it closes);
    * ``closed``: its round closed (``closed_on``), with a line per competency of the
      plan from `core.coaching.progress` — the pulse PDF's words — who answered, in the
      rep report's words (a buyer group below the minimum is "fewer than 3"), and the
      id of its manager's-copy pulse report when that is rendered and `viewer` may see it;
    * ``unseen``: sent as a round `viewer` may not see: no results (a pulse runs in the
      plan round's team, so this guards rather than happens);
    * ``dropped``: closed unsent — a later plan replaced this one (``replaced``), or
      the rep was archived or moved to another team before it was due.
    """
    baseline_payload = issued_payload(session, plan.round_id, plan.rep_id) or {}
    focuses = [
        focus_from(
            {
                "competency_id": focus.competency_id,
                "baseline_score": focus.baseline_score,
                "baseline_se": focus.baseline_se,
            },
            baseline_payload,
        )
        for focus in plan.focuses
    ]
    states = []
    for pulse in plan.pulses:
        state = {"kind": pulse.kind, "due_on": pulse.due_on, "state": "scheduled"}
        states.append(state)
        if pulse.round_id is None:
            if pulse.status != "scheduled":
                state.update(state="dropped", replaced=plan.status == "closed")
            continue
        pulse_round = session.scalar(visible_to(viewer, Round).where(Round.id == pulse.round_id))
        if pulse_round is None:
            state["state"] = "unseen"
            continue
        state["round_id"] = pulse_round.id  # its board: who answered, its report
        if pulse_round.status != "closed":
            state.update(state="waiting", until=day(pulse_round.closes_at))
        else:
            payload = issued_payload(session, pulse_round.id, plan.rep_id)
            measured = Measurement(f"{pulse.kind}-day pulse", "", payload)
            state.update(
                state="closed",
                closed_on=day(pulse_round.closed_at or pulse_round.closes_at),
                lines=[
                    row["points"][0]["line"]
                    for row in plan_progress(focuses, baseline_payload, [measured])
                ],
                raters=raters_line(
                    (payload or {}).get("rater_counts", {}), (payload or {}).get("buyers")
                ),
                report_id=session.scalar(
                    visible_to(viewer, Report)
                    .where(
                        Report.round_id == pulse_round.id,
                        Report.rep_id == plan.rep_id,
                        Report.kind == "pulse",
                        Report.reader == "manager",
                        Report.status == "done",
                    )
                    .with_only_columns(Report.id)
                ),
            )
    return states
