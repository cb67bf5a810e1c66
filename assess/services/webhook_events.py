"""What each webhook event says, and when a finished survey may be told at all.

Events are emitted by the services where the thing happens — launching a round
(`round_launch`), closing one (`rounds`), finishing a survey (`survey`), a report's PDF
written (`reports`) — inside the same transaction, so an event is sent only for what
was saved. They carry ids and what the owner's pages show, never answers or scores.

A finished survey is where the anonymity contract (docs/anonymity.md) bites. A
self-assessment of a rep and a manager's review of a rep are not anonymous: their
event names the round, the rep and the role. Buyers, and everyone answering an
organization-wide survey (the alignment survey), are anonymous, and outputs show
them only as a group of at least the minimum, never counted below it. So their
finish produces an event only once the group's finished surveys have reached the
minimum, and then it says the group and how many finished — never who, which role
(a referral), nor anything per rater. Below the minimum nothing is sent, so a
listener cannot count buyers one by one nor tell from an event's time which buyer
has just finished.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assess.core.banks import BUYER_ROLES
from assess.models import Invitation, Report, Round
from assess.models.results import REP_KINDS
from assess.services.bank_versions import bank_for_version
from assess.services.round_scoring import round_banks
from assess.services.survey_staff import group_of
from assess.services.webhooks import emit, has_endpoints

#: The group every buyer of a rep is counted in (as the export names it).
BUYERS = "buyers"


def round_launched(session: Session, assessment_round: Round, invitations: int) -> None:
    """The round is open and its first invitations are made (buyers come later)."""
    emit(
        session,
        assessment_round.organization_id,
        "round.launched",
        {
            "round_id": assessment_round.id,
            "team_id": assessment_round.team_id,
            "name": assessment_round.name,
            "opens_on": assessment_round.opens_at.date().isoformat(),
            "closes_on": assessment_round.closes_at.date().isoformat(),
            "invitations": invitations,
        },
    )


def round_closed(session: Session, assessment_round: Round) -> None:
    """The round takes no more answers; its scoring and reports follow."""
    emit(
        session,
        assessment_round.organization_id,
        "round.closed",
        {"round_id": assessment_round.id, "team_id": assessment_round.team_id},
    )


def report_ready(session: Session, report: Report) -> None:
    """A report's PDF is written (again, after "Render again" or an erasure)."""
    data = {
        "report_id": report.id,
        "round_id": report.round_id,
        "kind": report.kind,
        "reader": report.reader or "rep",
    }
    if report.kind in REP_KINDS:
        data["rep_id"] = report.rep_id
    emit(session, report.organization_id, "report.ready", data)


def response_finished(session: Session, invitation: Invitation) -> None:
    """A survey was sent in: told as the module docstring says, or not at all."""
    if not has_endpoints(session, invitation.organization_id):
        return  # nobody listens: spare the counting
    data = finished_survey(session, invitation)
    if data is not None:
        emit(session, invitation.organization_id, "response.finished", data)


def finished_survey(session: Session, invitation: Invitation) -> dict | None:
    """The event's data for a finished invitation, or None while its anonymous group
    is below the minimum."""
    bank = bank_for_version(invitation.bank_version)
    said = {"round_id": invitation.round_id, "survey": bank.id}
    if not bank.is_org_wide and invitation.rater_role not in BUYER_ROLES:
        return {**said, "rep_id": invitation.rep_id, "role": invitation.rater_role}
    finished = select(func.count(Invitation.id)).where(
        Invitation.round_id == invitation.round_id, Invitation.status == "completed"
    )
    if bank.is_org_wide:
        group = group_of(bank, invitation.rater_role)
        roles = dict(bank.rubric.compare_groups).get(group, (invitation.rater_role,))
        count = session.scalar(
            finished.where(
                Invitation.bank_version_id == invitation.bank_version_id,
                Invitation.rater_role.in_(roles),
            )
        )
        shown = {**said, "group": group}
    else:
        count = session.scalar(
            finished.where(
                Invitation.rep_id == invitation.rep_id, Invitation.rater_role.in_(BUYER_ROLES)
            )
        )
        shown = {**said, "rep_id": invitation.rep_id, "group": BUYERS}
    if count < anonymity_minimum(invitation.round):
        return None
    return {**shown, "finished": count}


def anonymity_minimum(assessment_round: Round) -> int:
    """The strictest ``min_raters_per_group`` of the round's banks (and the banks they
    mirror): the same minimum scoring the round applies (`round_scoring`)."""
    banks = round_banks(assessment_round).values()
    return max((bank.rubric.min_raters_per_group for bank in banks), default=3)
