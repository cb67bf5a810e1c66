"""The stored answers to one bank version, as the scoring engine's plain input, for
item analysis: `flask --app app banks analyse` (every organization) and the owner's
bank pages (one organization, closed rounds)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from assess.core.banks import BUYER_ROLES, Bank
from assess.core.reports.item_review import item_review_view
from assess.core.scoring import RaterResponse
from assess.core.scoring.agreement import rater_agreement
from assess.core.scoring.reliability import item_analysis
from assess.models import Answer, BankVersion, Invitation, Response, Round, RoundBank
from assess.services.bank_versions import bank_for_version, shipped_banks
from assess.services.frozen_scores import frozen_rounds


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


# The owner's page (assess/web/manage/banks.py): one organization's answers only, and
# only those of closed rounds. A closed round's answers arrive on the page all at once,
# so its numbers never move with one buyer's answer while a round is open. A round
# whose answers were erased on request after it closed (`frozen_scores`) leaves the
# page whole: the page before and after would otherwise differ by one person.


@dataclass(frozen=True)
class VersionUse:
    """A bank version the organization's finished surveys answered."""

    version: BankVersion
    counted: int  # finished surveys in closed rounds: what the analysis uses
    waiting: int  # finished surveys in rounds not closed yet


@dataclass(frozen=True)
class OrganizationAnswers:
    """One bank version's finished surveys in one organization's closed rounds."""

    use: VersionUse
    bank: Bank
    responses: list[RaterResponse]
    #: the buyers of one rep in one round, per (round, rep): what agreement compares
    buyer_groups: list[list[RaterResponse]]
    #: competency id -> name, from the banks the same rounds used (the owners of the
    #: competencies a mirroring bank rates)
    competency_names: dict[str, str]


def answered_versions(session: Session, organization_id: int) -> list[VersionUse]:
    """Every bank version with a finished survey in the organization, by bank and
    newest version first."""
    closed = case((and_(Round.status == "closed", Round.id.not_in(frozen_rounds())), 1), else_=0)
    rows = session.execute(
        select(BankVersion, func.sum(closed), func.count(Response.id))
        .join(Invitation, Invitation.bank_version_id == BankVersion.id)
        .join(Round, Round.id == Invitation.round_id)
        .join(Response, Response.invitation_id == Invitation.id)
        .where(
            Invitation.organization_id == organization_id,
            Round.organization_id == organization_id,
            Response.completed_at.isnot(None),
        )
        .group_by(BankVersion.id)
        .order_by(BankVersion.bank_key, BankVersion.created_at.desc(), BankVersion.id.desc())
    ).all()
    return [
        VersionUse(version, int(counted), total - int(counted)) for version, counted, total in rows
    ]


def organization_answers(
    session: Session, organization_id: int, version_id: int
) -> OrganizationAnswers | None:
    """The version's finished surveys in the organization's closed rounds; None when
    the organization has no finished survey of that version at all."""
    use = next(
        (
            row
            for row in answered_versions(session, organization_id)
            if row.version.id == version_id
        ),
        None,
    )
    if use is None:
        return None
    bank = bank_for_version(use.version)
    answers: dict[int, dict] = {}
    about: dict[int, tuple[str, int, int | None]] = {}
    rows = session.execute(
        select(
            Response.id,
            Invitation.rater_role,
            Invitation.round_id,
            Invitation.rep_id,
            Answer.item_id,
            Answer.value,
        )
        .join(Invitation, Invitation.id == Response.invitation_id)
        .join(Round, Round.id == Invitation.round_id)
        .join(Answer, Answer.response_id == Response.id)
        .where(
            Invitation.organization_id == organization_id,
            Invitation.bank_version_id == version_id,
            Round.status == "closed",
            Round.id.not_in(frozen_rounds()),
            Response.completed_at.isnot(None),
        )
    )
    for response_id, role, round_id, rep_id, item_id, value in rows:
        answers.setdefault(response_id, {})[item_id] = value
        about[response_id] = (role, round_id, rep_id)
    responses: dict[int, RaterResponse] = {
        rid: RaterResponse(f"r{index}", about[rid][0], bank.id, answers[rid])
        for index, rid in enumerate(sorted(answers))
    }
    groups: dict[tuple[int, int], list[RaterResponse]] = {}
    for rid, (role, round_id, rep_id) in sorted(about.items()):
        if role in BUYER_ROLES and rep_id is not None:
            groups.setdefault((round_id, rep_id), []).append(responses[rid])
    return OrganizationAnswers(
        use=use,
        bank=bank,
        responses=list(responses.values()),
        buyer_groups=list(groups.values()),
        competency_names=competency_names(session, organization_id, use.version, bank),
    )


def competency_names(
    session: Session, organization_id: int, version: BankVersion, bank: Bank
) -> dict[str, str]:
    """Competency id -> name: the bank's own, else those of the banks its rounds used
    beside it (a buyer survey rates competencies the self-assessments define), else the
    shipped banks'."""
    siblings = session.scalars(
        select(BankVersion)
        .join(RoundBank, RoundBank.bank_version_id == BankVersion.id)
        .join(Round, Round.id == RoundBank.round_id)
        .where(
            Round.organization_id == organization_id,
            RoundBank.round_id.in_(
                select(RoundBank.round_id).where(RoundBank.bank_version_id == version.id)
            ),
        )
        .distinct()
    )
    sources = [*shipped_banks().values(), *map(bank_for_version, siblings), bank]
    return {
        competency.id: source.text(competency.name)
        for source in sources
        for competency in source.rubric.competencies
    }


def bank_review(
    session: Session, organization_id: int, version_id: int
) -> tuple[VersionUse, dict[str, Any]] | None:
    """The owner's page of one bank version: the item analysis of the organization's
    closed rounds and, for a buyer survey, the agreement among each rep's buyers, worded
    (`item_review_view`). None when the organization has no finished survey of it.

    Raises ValueError when a stored answer does not fit the version (its message names
    the answer: log it, never show it).
    """
    answered = organization_answers(session, organization_id, version_id)
    if answered is None:
        return None
    bank = answered.bank
    analysis = item_analysis(bank, answered.responses)
    agreement = rater_agreement(bank, answered.buyer_groups) if bank.is_buyer_survey else None
    view = item_review_view(bank, analysis, agreement, answered.competency_names)
    return answered.use, view
