"""Sales outcomes: which round each period follows, and saving an import whole.

An outcome is compared with the scores issued before its period: the latest closed
round, closed on or before the period's first day, that scored the rep. A rep who moved
teams keeps the scores of the round they took part in, so the round is found through
the rep's own score snapshots, not through their current team. Operations flush; the
caller commits.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assess.core.outcomes import OutcomeImport
from assess.models import Outcome, Round, ScoreSnapshot
from assess.services.round_kinds import assessment_rounds


@dataclass(frozen=True)
class ScoredRound:
    """A closed round that scored a rep: enough to link and to name it."""

    id: int
    name: str
    closed_at: datetime


@dataclass(frozen=True)
class SavedOutcomes:
    created: int
    replaced: int


def closed_on(closed_at: datetime, day: date) -> bool:
    """Whether a round closed at `closed_at` (UTC) closed on or before
    `day` — any time of that day counts."""
    return closed_at < datetime.combine(day + timedelta(days=1), time(), UTC)


def scored_rounds(
    session: Session, organization_id: int, rep_ids: Iterable[int]
) -> dict[int, list[ScoredRound]]:
    """Rep id → the closed rounds that issued the rep scores, latest first."""
    wanted = set(rep_ids)
    closed_at = func.coalesce(Round.closed_at, Round.closes_at)
    rows = session.execute(
        select(ScoreSnapshot.rep_id, Round.id, Round.name, closed_at)
        .join(Round, Round.id == ScoreSnapshot.round_id)
        .where(
            ScoreSnapshot.organization_id == organization_id,
            ScoreSnapshot.scope == "rep",
            Round.status == "closed",
            assessment_rounds(),
        )
        .order_by(closed_at.desc(), Round.id.desc())
    )
    found: dict[int, list[ScoredRound]] = defaultdict(list)
    for rep_id, round_id, name, closed in rows:
        if rep_id in wanted:
            when = closed if closed.tzinfo else closed.replace(tzinfo=UTC)
            found[rep_id].append(ScoredRound(round_id, name, when))
    return found


def preceding_round(rounds: list[ScoredRound], period_start: date) -> ScoredRound | None:
    """Of a rep's scored rounds (latest first), the one the period follows."""
    return next((entry for entry in rounds if closed_on(entry.closed_at, period_start)), None)


def stored_periods(
    session: Session, organization_id: int, rep_ids: Iterable[int]
) -> dict[tuple[int, date, date], Outcome]:
    """(rep id, period start, period end) → the stored outcome, for the reps given."""
    wanted = set(rep_ids)
    rows = session.scalars(select(Outcome).where(Outcome.organization_id == organization_id))
    return {
        (row.rep_id, row.period_start, row.period_end): row for row in rows if row.rep_id in wanted
    }


def relink_outcomes(session: Session, organization_id: int, rep_ids: Iterable[int]) -> int:
    """Link each stored outcome of the reps to the round it follows now: a round that
    closed (and scored them) or was reopened changes which round precedes a period.
    Returns how many links changed (flushes)."""
    wanted = set(rep_ids)
    if not wanted:
        return 0
    rounds = scored_rounds(session, organization_id, wanted)
    changed = 0
    for outcome in stored_periods(session, organization_id, wanted).values():
        before = preceding_round(rounds.get(outcome.rep_id, []), outcome.period_start)
        linked = before.id if before else None
        if outcome.round_id != linked:
            outcome.round_id, changed = linked, changed + 1
    session.flush()
    return changed


def round_rep_ids(session: Session, round_id: int) -> list[int]:
    """The reps a round issued scores to."""
    return list(
        session.scalars(
            select(ScoreSnapshot.rep_id).where(
                ScoreSnapshot.round_id == round_id, ScoreSnapshot.scope == "rep"
            )
        )
    )


def save_outcomes(session: Session, organization_id: int, found: OutcomeImport) -> SavedOutcomes:
    """Store every row of a fully valid import: a rep and period already stored has the
    figures of the file's columns replaced (an empty cell clears one); columns the file
    does not have keep what is stored. Each row is linked to the round it follows."""
    if not found.ok:
        raise ValueError("only an import whose every row is valid is saved")
    rep_ids = {row.rep_id for row in found.rows if row.rep_id is not None}
    rounds = scored_rounds(session, organization_id, rep_ids)
    stored = stored_periods(session, organization_id, rep_ids)
    created = replaced = 0
    for row in found.rows:
        key = (row.rep_id, row.period_start, row.period_end)
        outcome = stored.get(key)
        if outcome is None:
            outcome = Outcome(
                organization_id=organization_id,
                rep_id=row.rep_id,
                period_start=row.period_start,
                period_end=row.period_end,
            )
            session.add(outcome)
            created += 1
        else:
            replaced += 1
        before = preceding_round(rounds.get(row.rep_id, []), row.period_start)
        outcome.round_id = before.id if before else None
        for column in found.columns:
            setattr(outcome, column, row.values[column])
    session.flush()
    return SavedOutcomes(created, replaced)
