"""The demo's sales outcomes: each rep's win rate in the month after each closed round.

The figures follow the scores the rounds issued, so the owner's "Does it predict here?"
has something true to find: a rep's win rate is drawn around a line through the
discovery score others gave them in the round before the period (the manager's and
buyers' combined score, read from the issued snapshot), with seeded noise, and nothing
else about the rep moves it. Whatever else goes with win rate on the page — knowing the
offer does not — follows from the answers, not from a claim made here.

They are stored as an import is (`assess.core.outcome_entries` checks every entry as a
CSV line would be; `assess.services.outcomes.save_outcomes` links each period to the
round that preceded it).
"""

from __future__ import annotations

import calendar
import random
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.core.outcome_entries import outcome_entries
from assess.models import Rep, Round, ScoreSnapshot
from assess.services.outcomes import save_outcomes

#: The competency win rate follows, and how: percent won at a score of 0, and per point.
DRIVER = "discovery"
WIN_RATE_AT_ZERO = 8.0
WIN_RATE_PER_POINT = 0.4
#: The spread of everything else that decides a deal (territory, luck, the quarter).
WIN_RATE_NOISE = 8.0


def month_after(moment: datetime) -> tuple[date, date]:
    """The first whole calendar month after `moment`: the period a round's scores are
    compared with."""
    first = (moment.date().replace(day=1) + timedelta(days=32)).replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return first, last


def rep_outcome(payload: dict, email: str, period: tuple[date, date]) -> dict | None:
    """One rep's entry for `period` from the payload the round issued them (None when
    the round gave no discovery score: nothing to derive a figure from)."""
    score = next(
        (
            (entry.get("combined") or {}).get("score")
            for entry in payload.get("competencies", [])
            if entry.get("id") == DRIVER
        ),
        None,
    )
    if score is None:
        return None
    rng = random.Random(f"outcomes/{period[0].isoformat()}/{email}")  # noqa: S311 - seeded
    win_rate = WIN_RATE_AT_ZERO + WIN_RATE_PER_POINT * score + rng.gauss(0, WIN_RATE_NOISE)
    win_rate = round(min(95.0, max(2.0, win_rate)), 1)
    return {
        "email": email,
        "period_start": period[0].isoformat(),
        "period_end": period[1].isoformat(),
        "win_rate": win_rate,
    }


def save_demo_outcomes(
    session: Session, organization_id: int, seasons: Sequence[Sequence[Round]]
) -> int:
    """Store the outcomes of every rep the rounds of each season scored (the teams'
    spring rounds, their autumn rounds: closed and scored), for the month after the
    season's last round closed; returns how many were stored."""
    reps = {
        rep.id: rep
        for rep in session.scalars(select(Rep).where(Rep.organization_id == organization_id))
    }
    entries = []
    for rounds in seasons:
        period = month_after(max(assessment_round.closed_at for assessment_round in rounds))
        issued = session.execute(
            select(ScoreSnapshot.rep_id, ScoreSnapshot.payload)
            .where(
                ScoreSnapshot.round_id.in_([assessment_round.id for assessment_round in rounds]),
                ScoreSnapshot.scope == "rep",
            )
            .order_by(ScoreSnapshot.rep_id)
        )
        for rep_id, payload in issued:
            entry = rep_outcome(payload, reps[rep_id].email, period)
            if entry is not None:
                entries.append(entry)
    found, problems = outcome_entries(entries, {rep.email.lower(): rep.id for rep in reps.values()})
    if problems:
        raise ValueError(f"the demo's outcomes do not import: {problems[0]['message']}")
    save_outcomes(session, organization_id, found)
    return len(entries)
