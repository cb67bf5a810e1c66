"""Answers that come in after a round first closed join its scores only in groups.

A closed round can be reopened for a few days. If it were simply scored again at the
next close, one buyer who answered in between would be the difference between two
issued group scores — 4 × the new mean − 3 × the old one is that buyer's answers, and
their comment is the one new comment. So an anonymous rater's late answers (buyers;
everyone in the alignment survey) are held back until every group they would join
grows by at least the anonymity minimum at once; until then the scores stay what the
round issued, and the reports say late answers wait.

Each issued payload records ``answers_through``: the moment up to which completed
responses are in it. Operations read only; `round_scoring` applies the cut.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.models import Invitation, Round, ScoreSnapshot
from assess.services.invitations import is_anonymous

#: Key of an issued payload: ISO time up to which completed responses are in it.
ANSWERS_THROUGH = "answers_through"
#: Key of an issued payload: True when late answers wait for more (no count: the board
#: already says who finished late, and the count would say how many groups are short).
LATE_ANSWERS_WAIT = "late_answers_wait"


def issued_cutoffs(session: Session, assessment_round: Round) -> dict[int | None, datetime]:
    """Per rep id (None for the team snapshot), up to when the issued scores hold
    answers; empty for a round never scored."""
    cutoffs = {}
    for snapshot in session.scalars(
        select(ScoreSnapshot).where(ScoreSnapshot.round_id == assessment_round.id)
    ):
        stored = (snapshot.payload or {}).get(ANSWERS_THROUGH)
        cutoffs[snapshot.rep_id] = (
            datetime.fromisoformat(stored) if stored else snapshot.computed_at
        )
    return cutoffs


def held_back(
    late: Iterable[Invitation],
    minimum: int,
    group_of: Mapping[str, str] | None = None,
    languages: Iterable[str | None] = (),
) -> bool:
    """Whether late anonymous answers must wait: some group they join (a buyer role;
    for the alignment survey, the rater's group) would grow by fewer than `minimum` —
    or some survey language would (`languages`, one per late answer): comments are kept
    by language, so one late answer in a language would be the one new comment."""
    groups = Counter((group_of or {}).get(i.rater_role, i.rater_role) for i in late)
    spoken = Counter(languages)
    return (
        any(0 < count < minimum for count in groups.values())
        or any(0 < count < minimum for count in spoken.values())
        or 0 < sum(groups.values()) < minimum
    )


def issued_part(
    entries: list[tuple[Invitation, object, datetime]],
    cutoff: datetime | None,
    minimum: int,
    now: datetime,
    *,
    everyone_anonymous: bool = False,
) -> tuple[list, datetime, bool]:
    """(the responses to score, the new ``answers_through``, whether late answers wait)
    for one rep's or the alignment survey's completed responses (invitation, response,
    completed_at). Before the first issue every response counts. In the alignment
    survey (`everyone_anonymous`) a rep's answers are as anonymous as anyone's: a rep
    answers it through their own link, about nobody."""

    def anonymous(invitation: Invitation) -> bool:
        return everyone_anonymous or is_anonymous(invitation)

    if cutoff is None:
        return [response for _, response, _ in entries], now, False
    late = [(inv, response) for inv, response, done in entries if done > cutoff and anonymous(inv)]
    languages = [getattr(response, "language", None) for _, response in late]
    if not held_back([inv for inv, _ in late], minimum, languages=languages):
        return [response for _, response, _ in entries], now, False
    kept = [response for inv, response, done in entries if not (done > cutoff and anonymous(inv))]
    return kept, cutoff, True
