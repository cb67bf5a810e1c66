"""The stored answers to one bank version, as the scoring engine's plain input, for
item analysis (`flask --app app banks analyse`)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assess.core.banks import Bank
from assess.core.scoring import RaterResponse
from assess.models import Answer, BankVersion, Invitation, Response
from assess.services.bank_versions import bank_for_version


@dataclass(frozen=True)
class AnsweredVersion:
    """One bank version and every completed response to it."""

    version: BankVersion
    bank: Bank
    total: int
    responses: list[RaterResponse]


def most_answered_version(
    session: Session, bank_id: str, content_hash: str | None = None
) -> AnsweredVersion | None:
    """The version of `bank_id` (or the one whose hash starts with `content_hash`) with
    the most completed responses, and those responses; None when there are none.

    Each version is analysed on its own, so old and new wordings are never mixed.
    """
    counts = session.execute(
        select(BankVersion, func.count(Response.id))
        .join(Invitation, Invitation.bank_version_id == BankVersion.id)
        .join(Response, Response.invitation_id == Invitation.id)
        .where(BankVersion.bank_key == bank_id, Response.completed_at.isnot(None))
        .group_by(BankVersion.id)
        .order_by(func.count(Response.id).desc())
    ).all()
    if content_hash:
        counts = [row for row in counts if row[0].content_hash.startswith(content_hash)]
    if not counts:
        return None
    version, total = counts[0]
    bank = bank_for_version(version)
    answers: dict[int, dict] = {}
    roles = {}
    rows = session.execute(
        select(Response.id, Invitation.rater_role, Answer.item_id, Answer.value)
        .join(Invitation, Invitation.id == Response.invitation_id)
        .join(Answer, Answer.response_id == Response.id)
        .where(Invitation.bank_version_id == version.id, Response.completed_at.isnot(None))
    )
    for response_id, role, item_id, value in rows:
        answers.setdefault(response_id, {})[item_id] = value
        roles[response_id] = role
    responses = [
        RaterResponse(f"r{rid}", roles[rid], bank.id, answers[rid]) for rid in sorted(answers)
    ]
    return AnsweredVersion(version, bank, total, responses)
