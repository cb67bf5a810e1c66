"""What each rep of a round has so far towards a verdict: the manager's finished review
and the number of finished buyer surveys. The close confirmation uses it to name the
reps who would get no verdict, apart from those merely missing an answer or two.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assess.core.banks import BUYER_ROLES
from assess.models import Invitation, Rep, Round


def evidence_by_rep(session: Session, assessment_round: Round) -> dict[str, tuple[bool, int]]:
    """Rep name -> (a finished manager's review, finished buyer surveys), for every rep
    with a link in the round."""
    finished = Invitation.status == "completed"
    rows = session.execute(
        select(
            Rep.name,
            func.count().filter(finished, Invitation.rater_role == "manager"),
            func.count().filter(finished, Invitation.rater_role.in_(BUYER_ROLES)),
        )
        .join(Invitation, Invitation.rep_id == Rep.id)
        .where(Invitation.round_id == assessment_round.id)
        .group_by(Rep.id, Rep.name)
        .order_by(Rep.name)
    )
    return {name: (reviews > 0, buyers) for name, reviews, buyers in rows}


def short_of_a_verdict(
    evidence: dict[str, tuple[bool, int]], buyers_needed: int | None
) -> list[str]:
    """The reps who would get no verdict now: no manager's review, or fewer finished
    buyer surveys than a verdict needs (None: no bank of the round gives verdicts)."""
    if buyers_needed is None:
        return []
    return [
        name
        for name, (reviewed, buyers) in evidence.items()
        if not reviewed or buyers < buyers_needed
    ]
