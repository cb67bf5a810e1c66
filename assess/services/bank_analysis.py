"""The stored answers to one bank version, as the scoring engine's plain input, for
item analysis. The owner's bank pages (`assess/web/manage/banks.py`, one organization)
and `flask --app app banks analyse` (every organization on the server) read them
through the same functions here, so both analyse the same answers: finished surveys
of closed rounds only, each bank version on its own.

Closed rounds only, and in them the answers the issued scores hold: a closed round's
answers arrive all at once, so the numbers never move with one buyer's answer while a
round is open; a late answer to a reopened round counts only once it joined the
scores, in a group (`late_answers.py`) — else one late buyer's "not seen" would be the
difference between the page before and after. A round whose answers were erased
on request after it closed (`frozen_scores`) is left out whole: the numbers before and
after would otherwise differ by one person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
from assess.services.late_answers import issued_cutoffs
from assess.services.round_kinds import assessment_rounds

#: The `organization_id` that reads every organization's answers (the server's
#: `flask banks analyse`); the owner's pages always pass their own organization.
EVERY_ORGANIZATION = None


@dataclass(frozen=True)
class VersionUse:
    """A bank version that finished surveys answered (in one organization, or in every
    organization when the caller asked for all)."""

    version: BankVersion
    counted: int  # finished surveys in closed rounds: what the analysis uses
    waiting: int  # finished surveys in rounds not closed yet


@dataclass(frozen=True)
class ClosedRoundAnswers:
    """One bank version's finished surveys in closed rounds."""

    use: VersionUse
    bank: Bank
    responses: list[RaterResponse]
    #: the buyers of one rep in one round, per (round, rep): what agreement compares
    buyer_groups: list[list[RaterResponse]]
    #: competency id -> name, from the banks the same rounds used (the owners of the
    #: competencies a mirroring bank rates)
    competency_names: dict[str, str]
    #: whom each of `responses` is about, in the same order: (round id, rep id or None)
    subjects: list[tuple[int, int | None]] = field(default_factory=list)


def in_organization(organization_id: int | None) -> list:
    """The conditions that keep a query of invitations and their rounds to one
    organization; none for every organization (None)."""
    if organization_id is None:
        return []
    return [Invitation.organization_id == organization_id, Round.organization_id == organization_id]


def answered_versions(session: Session, organization_id: int | None) -> list[VersionUse]:
    """Every bank version with a finished survey in the organization (or in any, for
    `EVERY_ORGANIZATION`), by bank and newest version first."""
    closed = case(
        (and_(Round.status == "closed", Round.id.not_in(frozen_rounds()), assessment_rounds()), 1),
        else_=0,
    )
    rows = session.execute(
        select(BankVersion, func.sum(closed), func.count(Response.id))
        .join(Invitation, Invitation.bank_version_id == BankVersion.id)
        .join(Round, Round.id == Invitation.round_id)
        .join(Response, Response.invitation_id == Invitation.id)
        .where(
            *in_organization(organization_id),
            Response.completed_at.isnot(None),
            assessment_rounds(),  # a pulse's few answers are one rep's: never counted
        )
        .group_by(BankVersion.id)
        .order_by(BankVersion.bank_key, BankVersion.created_at.desc(), BankVersion.id.desc())
    ).all()
    return [
        VersionUse(version, int(counted), total - int(counted)) for version, counted, total in rows
    ]


def versions_of(
    session: Session, bank_key: str, content_hash: str | None = None
) -> list[VersionUse]:
    """The versions of `bank_key` (or only those whose hash starts with `content_hash`)
    that finished surveys answered in any organization, the one with the most surveys of
    closed rounds first: the version `flask banks analyse` analyses by default."""
    uses = [
        use
        for use in answered_versions(session, EVERY_ORGANIZATION)
        if use.version.bank_key == bank_key
        and use.version.content_hash.startswith(content_hash or "")
    ]
    return sorted(uses, key=lambda use: -use.counted)  # a tie: the newest first


def closed_round_answers(
    session: Session, organization_id: int | None, version_id: int
) -> ClosedRoundAnswers | None:
    """The version's finished surveys in the closed rounds of the organization (or of
    every one, for `EVERY_ORGANIZATION`); None when no finished survey of it exists
    there at all, in a closed round or not."""
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
            Response.completed_at,
        )
        .join(Invitation, Invitation.id == Response.invitation_id)
        .join(Round, Round.id == Invitation.round_id)
        .join(Answer, Answer.response_id == Response.id)
        .where(
            *in_organization(organization_id),
            Invitation.bank_version_id == version_id,
            Round.status == "closed",
            Round.id.not_in(frozen_rounds()),
            assessment_rounds(),
            Response.completed_at.isnot(None),
        )
    )
    cutoffs: dict[int, dict[int | None, Any]] = {}
    for response_id, role, round_id, rep_id, item_id, value, completed_at in rows:
        if round_id not in cutoffs:
            cutoffs[round_id] = issued_cutoffs(session, session.get(Round, round_id))
        cutoff = cutoffs[round_id].get(rep_id)
        if cutoff is not None and completed_at > cutoff:
            continue  # a late answer the issued scores do not hold yet (late_answers.py)
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
    return ClosedRoundAnswers(
        use=use,
        bank=bank,
        responses=list(responses.values()),
        buyer_groups=list(groups.values()),
        competency_names=competency_names(session, organization_id, use.version, bank),
        subjects=[about[rid][1:] for rid in sorted(answers)],
    )


def competency_names(
    session: Session, organization_id: int | None, version: BankVersion, bank: Bank
) -> dict[str, str]:
    """Competency id -> name: the bank's own, else those of the banks its rounds (of the
    organization, or of any for `EVERY_ORGANIZATION`) used beside it (a buyer survey
    rates competencies the self-assessments define), else the shipped banks'."""
    of_organization = [] if organization_id is None else [Round.organization_id == organization_id]
    siblings = session.scalars(
        select(BankVersion)
        .join(RoundBank, RoundBank.bank_version_id == BankVersion.id)
        .join(Round, Round.id == RoundBank.round_id)
        .where(
            *of_organization,
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
    session: Session,
    organization_id: int | None,
    version_id: int,
    answered: ClosedRoundAnswers | None = None,
) -> tuple[VersionUse, dict[str, Any]] | None:
    """One bank version's item analysis over the closed rounds of the organization
    (the owner's page) or of every one (`EVERY_ORGANIZATION`: `flask banks analyse`)
    and, for a buyer survey, the agreement among each rep's buyers, worded
    (`item_review_view`): the page renders this view and the command prints it, so
    both show the same numbers. None when no finished survey of the version exists there.

    Raises ValueError when a stored answer does not fit the version (its message names
    the answer: the page logs it and never shows it). `answered`: the version's
    `closed_round_answers`, when the caller has read them already (the page reads them
    once for this and for the items' validity).
    """
    answered = answered or closed_round_answers(session, organization_id, version_id)
    if answered is None:
        return None
    bank = answered.bank
    analysis = item_analysis(bank, answered.responses)
    agreement = rater_agreement(bank, answered.buyer_groups) if bank.is_buyer_survey else None
    view = item_review_view(bank, analysis, agreement, answered.competency_names)
    return answered.use, view
