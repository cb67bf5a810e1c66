"""Erasing what one respondent answered, on their request."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from assess.core.banks import BUYER_ROLES
from assess.models import Invitation, OutboxMessage, Response, Round, ScoreSnapshot
from assess.services.frozen_scores import ERASED_AFTER_ISSUE
from assess.services.issued_scores import withdraw_texts
from assess.services.message_links import link_ref
from assess.services.reports import score_after_commit


def _issued_after(session: Session, assessment_round: Round, response: Response) -> bool:
    """Whether a score issued for the round was computed after `response` was finished,
    and so counted it."""
    issued = session.scalar(
        select(func.max(ScoreSnapshot.computed_at)).where(
            ScoreSnapshot.round_id == assessment_round.id
        )
    )
    return (
        issued is not None and response.completed_at is not None and response.completed_at <= issued
    )


def drop_response(session: Session, response: Response) -> None:
    """Delete `response` (every answer) and the move-to-another-browser email that
    names it; shared by erasure and by a fresh link (`fresh_links`)."""
    session.execute(delete(OutboxMessage).where(OutboxMessage.link_ref == link_ref(response)))
    session.delete(response)


def has_answers(session: Session, invitation: Invitation) -> bool:
    """Whether anything was answered through `invitation` (a response is made with the
    first answer saved): a link never answered holds nothing of its respondent to erase."""
    return (
        session.scalar(select(Response.id).where(Response.invitation_id == invitation.id))
        is not None
    )


def erase_respondent(session: Session, invitation: Invitation) -> None:
    """Delete the respondent's answers and revoke their link so it cannot be refilled.

    A buyer's name, address, rater key and outbox copies go too. In an open round
    nothing was issued yet (or, in a reopened one, what was issued is replaced when it
    closes again): the scores made at closing simply never include them. In a
    closed round the scores already issued stay as they are — scoring again without the
    respondent would let the difference give their answers back (docs/anonymity.md) —
    and the free text they may have written is withdrawn from the issued scores, whose
    reports are then rendered again.
    """
    response = session.scalar(select(Response).where(Response.invitation_id == invitation.id))
    counted = response is not None and response.completed_at is not None
    issued = response is not None and _issued_after(session, invitation.round, response)
    if response is not None:
        drop_response(session, response)
    invitation.status = "revoked"
    invitation.note = (
        ERASED_AFTER_ISSUE if issued else "Answers deleted at the respondent's request."
    )
    if invitation.rater_role in BUYER_ROLES:
        # Nothing that names them stays: not their name, address or the key that held
        # it, nor the copies of the emails Candor wrote them.
        invitation.rater_name = None
        invitation.rater_email = None
        invitation.rater_key = f"erased:{invitation.id}"
        session.execute(delete(OutboxMessage).where(OutboxMessage.link_ref == link_ref(invitation)))
    # What they wrote leaves the issued scores — also in a reopened round, whose issued
    # scores now stand (`frozen_scores`) and are rendered again when it closes.
    closed = invitation.round.status == "closed"
    withdrawn = (issued or (closed and counted)) and withdraw_texts(session, invitation)
    if withdrawn and closed:
        score_after_commit(session, invitation.round)
