"""Who a manager's reminder reaches, and when it must wait: one email a day per person.

A person is who reads the email. A rep's own surveys are one journey with one link, so
reminding any of them reminds the rep once, with the link of the survey waiting first,
and an email about any of them counts for all. An address asked about several reps (a
buyer of two, the manager reviewing each) gets at most one reminder a day in all: one
"Remind everyone" reminds it about the first, and says the rest wait. The scheduled
reminders of `rounds.due_reminders` keep their own slower pace and the same rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.models import UNFINISHED_STATUSES, Invitation
from assess.services.buyer_addresses import mailbox
from assess.services.journeys import own_surveys

#: A person gets at most one email about their link per this much time.
REMINDER_GAP = timedelta(hours=24)


def last_emailed(invitation: Invitation) -> datetime | None:
    """When `invitation`'s link was last emailed (first sent or reminded)."""
    return invitation.last_reminded_at or invitation.sent_at


def journey_of(session: Session, invitation: Invitation) -> list[Invitation]:
    """The invitations one email about `invitation` stands for: a rep's own surveys
    (not revoked), or the invitation alone."""
    return own_surveys(session, invitation) or [invitation]


def reminder_target(session: Session, invitation: Invitation) -> Invitation:
    """The invitation a reminder about `invitation` carries: for a rep's own survey, the
    one of their journey waiting first (as "Remind everyone" sends); else itself."""
    waiting = [i for i in journey_of(session, invitation) if i.status in UNFINISHED_STATUSES]
    return waiting[0] if waiting else invitation


def journey_sent(session: Session, invitation: Invitation) -> bool:
    """Whether the person already had the first email (so the next one is a reminder)."""
    return any(i.sent_at is not None for i in journey_of(session, invitation))


def person_emailed_at(session: Session, invitation: Invitation) -> datetime | None:
    """When the person `invitation` reaches was last emailed about it (a rep: about any
    of their own surveys)."""
    times = [last_emailed(i) for i in journey_of(session, invitation)]
    return max((time for time in times if time is not None), default=None)


def address_reminded(
    session: Session, invitation: Invitation, since: datetime | None = None
) -> Invitation | None:
    """The invitation of the organization — any round, about whichever rep — whose
    reminder went last to the mailbox `invitation`'s address reaches ("+tag" aside), or
    None when that mailbox got none: one person, at most one reminder a day."""
    if not invitation.rater_email:
        return None
    box = mailbox(invitation.rater_email)
    query = select(Invitation).where(
        Invitation.organization_id == invitation.organization_id,
        Invitation.rater_email.isnot(None),
        Invitation.last_reminded_at.isnot(None),
    )
    if since is not None:  # only reminders recent enough to matter: a short scan
        query = query.where(Invitation.last_reminded_at > since)
    reminded = session.scalars(query.order_by(Invitation.last_reminded_at.desc()))
    return next((found for found in reminded if mailbox(found.rater_email) == box), None)


def next_allowed(session: Session, invitation: Invitation, now: datetime) -> datetime | None:
    """When a reminder about `invitation` may go at the earliest, if not now: a day
    after the person was emailed about it, or after their address got a reminder."""
    times = [person_emailed_at(session, invitation)]
    reminded = address_reminded(session, invitation, since=now - REMINDER_GAP)
    if reminded is not None:
        times.append(reminded.last_reminded_at)
    latest = max((time for time in times if time is not None), default=None)
    if latest is not None and now - latest < REMINDER_GAP:
        return latest + REMINDER_GAP
    return None


@dataclass
class ReminderPlan:
    """What one "Remind everyone" does: `due` are reminded (one per address);
    `recent` were emailed, or their address reminded, in the last 24 hours; `shared`
    have an address that is reminded about someone else this time."""

    due: list[Invitation] = field(default_factory=list)
    recent: list[Invitation] = field(default_factory=list)
    shared: list[Invitation] = field(default_factory=list)


def plan_reminders(session: Session, candidates: list[Invitation], now: datetime) -> ReminderPlan:
    """Sort `candidates` (unfinished links with an address, a rep's own surveys already
    reduced to the one waiting first) into a `ReminderPlan`, first invitation first."""
    plan, taken = ReminderPlan(), set()
    for invitation in sorted(candidates, key=lambda entry: entry.id):
        address = mailbox(invitation.rater_email)
        if next_allowed(session, invitation, now) is not None:
            plan.recent.append(invitation)
        elif address in taken:
            plan.shared.append(invitation)
        else:
            taken.add(address)
            plan.due.append(invitation)
    return plan
