"""Which rounds are assessments and which are a coaching plan's pulses.

A pulse is run as a small round of its own (`services.pulses`), so that links,
reminders, the buyers' confirmation and the anonymity rules hold for it unchanged. But a
pulse asks a few items about a few competencies of one rep: it is no assessment. Every
query that means "the rounds a rep or a team was assessed in" — the percentile
reference, the round before, the latest closed round, the rounds outcomes follow, the
answers an item analysis reads — leaves pulse rounds out with `assessment_rounds()`.

This module imports models only, so any service may use it without an import cycle.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.models import CoachingPlan, Pulse, Round


def pulse_round_ids():
    """A select of the ids of rounds run as pulses."""
    return select(Pulse.round_id).where(Pulse.round_id.is_not(None))


def assessment_rounds():
    """The condition keeping a query over `Round` to assessment rounds."""
    return Round.id.not_in(pulse_round_ids())


def pulse_of(session: Session, round_id: int) -> Pulse | None:
    """The pulse run as round `round_id`, or None for an assessment round."""
    return session.scalar(select(Pulse).where(Pulse.round_id == round_id))


def is_pulse(session: Session, round_id: int) -> bool:
    return pulse_of(session, round_id) is not None


def pulse_rep_id(session: Session, round_id: int) -> int | None:
    """The rep a pulse round is about (its plan's rep); None for an assessment round.
    Nobody else belongs in it: no buyers of another rep, no report about another rep."""
    return session.scalar(
        select(CoachingPlan.rep_id)
        .join(
            Pulse,
            (Pulse.organization_id == CoachingPlan.organization_id)
            & (Pulse.plan_id == CoachingPlan.id),
        )
        .where(Pulse.round_id == round_id)
    )
