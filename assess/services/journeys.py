"""A rep's own surveys in a round, as one journey: one email with one link, and each
survey's thank-you page leads to the next ("1 of 3 done — next: Trust and
reliability"). The invitations stay one per survey (each is its own response, bound to
its browser); only what the rep is sent and shown joins them.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.models import BankVersion, Invitation


def own_surveys(session: Session, invitation: Invitation) -> list[Invitation]:
    """The rep's own (self) invitations of `invitation`'s round, not revoked, in survey
    order (by bank id: the same order every time). Empty for anyone but a rep."""
    if invitation.rater_role != "self" or invitation.rep_id is None:
        return []
    return list(
        session.scalars(
            select(Invitation)
            .join(BankVersion, BankVersion.id == Invitation.bank_version_id)
            .where(
                Invitation.round_id == invitation.round_id,
                Invitation.rep_id == invitation.rep_id,
                Invitation.rater_role == "self",
                Invitation.status != "revoked",
            )
            .order_by(BankVersion.bank_key, Invitation.id)
        )
    )


def journey_start(session: Session, invitation: Invitation) -> bool:
    """Whether `invitation` is the one the rep is emailed: the first of their surveys
    (anyone else's invitation is its own journey)."""
    surveys = own_surveys(session, invitation)
    return not surveys or surveys[0].id == invitation.id


def waiting_first(session: Session, invitation: Invitation) -> bool:
    """Whether `invitation` is the rep's first unfinished survey (the one a reminder
    names); True for anyone else's invitation."""
    unfinished = [i for i in own_surveys(session, invitation) if i.status != "completed"]
    return not unfinished or unfinished[0].id == invitation.id


def next_survey(session: Session, invitation: Invitation) -> tuple[Invitation | None, int, int]:
    """(the rep's next unfinished survey, how many are finished, how many in all)."""
    surveys = own_surveys(session, invitation)
    finished = sum(1 for entry in surveys if entry.status == "completed")
    following = next(
        (entry for entry in surveys if entry.status != "completed" and entry.id != invitation.id),
        None,
    )
    return following, finished, len(surveys)


def journey_place(session: Session, invitation: Invitation) -> tuple[int, int, int] | None:
    """(which of the rep's surveys `invitation` is, counting from 1; how many in all; how
    many are finished), so every page can say "Survey 2 of 3"; None when the journey is
    a single survey or the invitation is not a rep's own."""
    surveys = own_surveys(session, invitation)
    if len(surveys) < 2:
        return None
    place = next((n for n, entry in enumerate(surveys, 1) if entry.id == invitation.id), None)
    if place is None:
        return None
    finished = sum(1 for entry in surveys if entry.status == "completed")
    return place, len(surveys), finished


def journey_places(invitations) -> dict[int, dict[str, int | bool]]:
    """Invitation id → where a rep's own survey sits in their one journey: its number,
    how many there are, and whether it still waits for an earlier one — so the board
    says "survey 2 of 3, after survey 1" instead of "not opened" with a Send button."""
    own = sorted(
        (i for i in invitations if i.rater_role == "self" and i.status != "revoked"),
        key=lambda i: (i.bank_version.bank_key, i.id),
    )
    places = {}
    waiting = False
    for number, invitation in enumerate(own, start=1):
        places[invitation.id] = {
            "number": number,
            "of": len(own),
            "waits": waiting and invitation.status == "pending",
        }
        waiting = waiting or invitation.status != "completed"
    return places
