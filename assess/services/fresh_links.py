"""A new link for a respondent locked out of a survey they started.

A started response opens only in the browser that began it (`respondent_browser`).
With a mail server the respondent moves it by email; without one — or when the
browser is gone — the manager gives them a new link. The new link starts the survey
over: the answers saved so far are deleted unread, because whoever holds the new link
(the manager handing it over, say) must not be able to open them. The old link stops
working at once, and the new one is written to the outbox.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.models import Invitation, OutboxMessage, Response
from assess.platform.security import hash_token, new_nonce
from assess.platform.settings import ServiceSettings
from assess.services.erasure import drop_response
from assess.services.invitations import token_for
from assess.services.journeys import journey_start
from assess.services.rounds import compose_invitation

#: The statuses a new link is for: the link was opened, or answers were saved.
STARTED = ("opened", "in_progress")


def saved_answers(session: Session, invitation: Invitation) -> int:
    """How many answers the started response holds (to say what starting over costs)."""
    response = session.scalar(select(Response).where(Response.invitation_id == invitation.id))
    return len(response.answers) if response is not None else 0


def start_over(
    session: Session, settings: ServiceSettings, invitation: Invitation
) -> OutboxMessage | None:
    """Give `invitation` a new link (flushes; the caller commits) and return the email
    that carries it, or None when nobody is emailed (a rep's later survey opens from
    the thank-you page of the one before).

    Raises
    ------
    ValueError
        When the round is closed or the survey was not started (nothing to recover).
    """
    if invitation.round.status == "closed":
        raise ValueError("the round is closed: its links open nothing any more")
    if invitation.status not in STARTED:
        raise ValueError("this survey was not started: its link still opens anywhere")
    response = session.scalar(select(Response).where(Response.invitation_id == invitation.id))
    if response is not None:
        drop_response(session, response)
    invitation.token_nonce = new_nonce()
    invitation.token_hash = hash_token(token_for(settings.secret_key, invitation.token_nonce))
    invitation.status = "pending"
    session.flush()
    if invitation.rater_role == "self" and not journey_start(session, invitation):
        return None
    return compose_invitation(session, settings, invitation, fresh=True)
