"""Rounds of the shipped buyer survey answered as rows (the factories), for the item
analysis that the owner's bank page and `flask banks analyse` both read."""

from __future__ import annotations

from assess.models import Answer, utcnow
from assess.services.bank_versions import ensure_version, shipped_banks
from tests.factories import (
    InvitationFactory,
    RepFactory,
    ResponseFactory,
    RoundFactory,
    TeamFactory,
)


def buyers_round(session, organization, answers_by_rep, status="closed"):
    """A round of the organization, one rep per entry of `answers_by_rep`, each answered
    by its buyers (one answers dict per buyer) through the shipped buyer survey."""
    version = ensure_version(session, shipped_banks()["buyer_feedback"])
    team = TeamFactory(organization=organization)
    assessment_round = RoundFactory(team=team, bank_versions=[version], status=status)
    number = 0
    for buyers in answers_by_rep:
        rep = RepFactory(team=team)
        for answers in buyers:
            number += 1
            key = f"buyer{number}-round{assessment_round.id}@example.com"
            invitation = InvitationFactory(
                round=assessment_round, rep=rep, bank_version=version, rater_role="customer",
                rater_key=key, rater_email=key, status="completed",
            )  # fmt: skip
            response = ResponseFactory(invitation=invitation, completed_at=utcnow())
            for item_id, value in answers.items():
                session.add(Answer(response_id=response.id, item_id=item_id, value=value))
    session.flush()
    return version


def consistent(level: int, **more) -> dict:
    """A buyer who answers both listening statements alike: agreeing with the first
    means disagreeing with the reverse-keyed second."""
    return {"bf_listened": level, "bf_interrupted": 6 - level, **more}
