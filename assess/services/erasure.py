"""Erasing what one respondent answered, on their request."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.core.banks import BUYER_ROLES
from assess.models import Invitation, Response
from assess.services.reports import score_after_commit


def erase_respondent(session: Session, invitation: Invitation) -> None:
    """Delete the respondent's answers and revoke their link so it cannot be refilled.

    A buyer's name and address go too. When the round is closed, its scores and
    reports are made again after the commit, so nothing keeps what was erased.
    """
    response = session.scalar(select(Response).where(Response.invitation_id == invitation.id))
    if response is not None:
        session.delete(response)
    invitation.status = "revoked"
    invitation.note = "Answers deleted at the respondent's request."
    if invitation.rater_role in BUYER_ROLES:
        invitation.rater_name = None
        invitation.rater_email = None
    if invitation.round.status == "closed":
        score_after_commit(session, invitation.round)
