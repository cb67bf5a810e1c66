"""Rounds whose issued scores are never computed again.

When answers a round's issued scores counted are erased on request, scores computed
again without them, beside the ones issued with them, would give those answers back by
subtraction (docs/anonymity.md). Such a round keeps its issued scores for good: it
cannot be reopened, and closing it again (if it was open when the erasure came)
renders the reports from the issued scores, the erased free text withdrawn.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.models import Invitation, Round

#: The note of an invitation whose answers were erased after issued scores counted them.
ERASED_AFTER_ISSUE = (
    "Answers deleted at the respondent's request, after the round's scores included them."
)


def frozen_rounds():
    """A select of the ids of rounds whose scores are frozen (for queries)."""
    return select(Invitation.round_id).where(Invitation.note == ERASED_AFTER_ISSUE)


def scores_frozen(session: Session, assessment_round: Round) -> bool:
    """Whether `assessment_round`'s issued scores are never computed again."""
    return (
        session.scalar(frozen_rounds().where(Invitation.round_id == assessment_round.id).limit(1))
        is not None
    )
