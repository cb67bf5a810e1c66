"""Round operations: launch, add buyers, send, remind, revoke, extend, close.

Operations take the session and the settings, and flush; the route (or the reminder
job) commits with `assess.platform.transaction.commit`, which then delivers the mail.
Which invitations a bank gets follows from what the bank declares:
- a bank a rep answers about themself (rater role `self`) → one invitation per rep;
- a bank the manager answers about a rep (`mirrors` + rater role `manager`) → one per
  rep for the team's manager;
- a bank buyers answer (`prospect`/`referral`/`customer`) → none at launch; the manager
  adds buyers per rep, and reps may nominate some (approved before anything is sent);
- an organization-wide bank (its rubric compares rater groups, like the alignment
  survey) → reps answer it as themselves, and the manager, each marketer and each person
  in delivery listed at launch answer it once, about nobody in particular.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.core.i18n import gettext as _
from assess.core.i18n import speaking_locale
from assess.models import (
    NOT_SENT_STATUSES,
    UNFINISHED_STATUSES,
    Invitation,
    OutboxMessage,
    Rep,
    Round,
    Team,
    utcnow,
)
from assess.platform.settings import ServiceSettings
from assess.services import message_links
from assess.services.bank_versions import bank_for_version
from assess.services.buyer_addresses import asked_mailbox
from assess.services.invitation_wording import (  # noqa: F401 - invitation_wording: its home
    invitation_language,
    invitation_wording,
    minutes_wording,
    pulse_wording,
)
from assess.services.invitations import new_invitation
from assess.services.journeys import own_surveys, waiting_first
from assess.services.outbox import compose
from assess.services.outcomes import relink_outcomes, round_rep_ids
from assess.services.reminders import plan_reminders
from assess.services.reports import score_after_commit
from assess.services.round_kinds import pulse_of
from assess.services.webhook_events import round_closed

#: The periodic job that sends every reminder due.
REMINDERS_TASK = "send_due_reminders"


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def day_end(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC)


def manager_invitation(
    session: Session,
    settings: ServiceSettings,
    assessment_round: Round,
    bank_version_id: int,
    team: Team,
    rep=None,
):
    manager = team.manager
    return add_invitation(
        session, settings, assessment_round, bank_version_id, "manager", f"user:{manager.id}",
        rep=rep, rater_name=manager.name, rater_email=manager.email, rater_user_id=manager.id,
    )  # fmt: skip


def add_invitation(
    session: Session,
    settings: ServiceSettings,
    assessment_round: Round,
    bank_version_id: int,
    rater_role: str,
    rater_key: str,
    rep: Rep | None = None,
    **fields,
) -> Invitation:
    if fields.get("language") is None:  # the rep's own language, else the team's
        fields["language"] = (
            rep.reading_language
            if rater_role == "self" and rep is not None
            else assessment_round.team.language
        )
    invitation = new_invitation(
        settings.secret_key,
        organization_id=assessment_round.organization_id,
        round_id=assessment_round.id,
        rep_id=rep.id if rep else None,
        bank_version_id=bank_version_id,
        rater_role=rater_role,
        rater_key=rater_key,
        expires_at=assessment_round.closes_at,
        **fields,
    )
    if rater_role == "self" and rep is not None:
        invitation.rater_name, invitation.rater_email = rep.name, rep.email
    session.add(invitation)
    return invitation


def buyer_bank_version_id(assessment_round: Round) -> int | None:
    for round_bank in assessment_round.banks:
        if bank_for_version(round_bank.bank_version).is_buyer_survey:
            return round_bank.bank_version_id
    return None


def existing_rater(
    session: Session, assessment_round: Round, rep_id: int, bank_version_id: int, key: str
):
    same_rep = select(Invitation).where(
        Invitation.round_id == assessment_round.id,
        Invitation.rep_id == rep_id,
        Invitation.bank_version_id == bank_version_id,
    )
    return asked_mailbox(session, same_rep, key)


def compose_invitation(
    session: Session,
    settings: ServiceSettings,
    invitation: Invitation,
    *,
    reminder: bool = False,
    fresh: bool = False,
) -> OutboxMessage | None:
    """The email carrying `invitation`'s link (None for links that cannot be sent), in
    the invitation's language (`invitation_language`)."""
    if not invitation.rater_email or invitation.status in NOT_SENT_STATUSES:
        return None
    # what this rater is asked: delivery staff get the delivery pages, and their time
    bank = bank_for_version(invitation.bank_version).for_role(invitation.rater_role)
    organization = invitation.round.organization
    journey_banks = [
        bank_for_version(entry.bank_version) for entry in own_surveys(session, invitation)
    ]
    language = invitation_language(settings, invitation, bank)
    journey = [own.text(own.title, language) for own in journey_banks]
    pulse = pulse_of(session, invitation.round_id)
    if reminder:
        invitation.reminder_count += 1
        invitation.last_reminded_at = utcnow()
        dedupe = f"invitation:{invitation.id}:reminder:{invitation.reminder_count}"
    elif fresh:
        dedupe = f"invitation:{invitation.id}:link:{invitation.token_nonce}"
    else:
        dedupe = f"invitation:{invitation.id}:first"
        invitation.sent_at = invitation.sent_at or utcnow()
    with speaking_locale(settings.catalogs, language):
        subject, purpose = invitation_wording(
            invitation, bank, journey, pulse.kind if pulse else 0, language
        )
        if reminder:
            subject = _("Reminder — %(subject)s", subject=subject)
        elif fresh:
            subject = _("A new link — %(subject)s", subject=subject)
        # a rep's one email covers all their surveys: the time is theirs together
        minutes, minute_count = minutes_wording(
            sum(own.expected_minutes for own in journey_banks) or bank.expected_minutes
        )
        return compose(
            session,
            settings,
            "invitation",
            link_ref=message_links.link_ref(invitation),
            team_id=invitation.round.team_id,
            to=invitation.rater_email,
            subject=subject,
            organization_id=invitation.organization_id,
            dedupe_key=dedupe,
            invitation=invitation,
            bank=bank,
            organization=organization,
            minutes=minutes,
            minute_count=minute_count,
            reminder=reminder,
            purpose=purpose,
        )


def unfinished(session: Session, assessment_round: Round) -> list[Invitation]:
    return list(
        session.scalars(
            select(Invitation).where(
                Invitation.round_id == assessment_round.id,
                Invitation.status.in_(UNFINISHED_STATUSES),
            )
        )
    )


def extend_round(session: Session, assessment_round: Round, closes_on: date) -> None:
    assessment_round.closes_at = day_end(closes_on)
    for invitation in session.scalars(
        select(Invitation).where(Invitation.round_id == assessment_round.id)
    ):
        invitation.expires_at = assessment_round.closes_at


def reopen_round(session: Session, assessment_round: Round, closes_on: date) -> None:
    """Open a closed round again until `closes_on`: unfinished links work again, and its
    scores are computed anew when it closes. (Only the organization's latest closed
    round: a later one's percentile reference was fixed from this one's scores.)"""
    assessment_round.status = "open"
    assessment_round.closed_at = None
    extend_round(session, assessment_round, closes_on)
    session.flush()
    # its scores no longer count until it closes again: outcomes follow the round before
    relink_outcomes(
        session,
        assessment_round.organization_id,
        round_rep_ids(session, assessment_round.id),
    )


def close_round(session: Session, assessment_round: Round) -> None:
    """Close the round; once that is committed, it is scored and its reports rendered."""
    assessment_round.status = "closed"
    assessment_round.closed_at = utcnow()
    score_after_commit(session, assessment_round)
    round_closed(session, assessment_round)


def due_reminders(session: Session, now: datetime, every: timedelta) -> list[Invitation]:
    """Unfinished, sent invitations of open rounds whose reminder is due."""
    candidates = session.scalars(
        select(Invitation)
        .join(Round, Round.id == Invitation.round_id)
        .where(
            Round.status == "open",
            Invitation.status.in_(UNFINISHED_STATUSES),
            Invitation.sent_at.isnot(None),
            Invitation.expires_at > now,
        )
    )
    due = [
        invitation
        for invitation in candidates
        if reminder_due(invitation, now, every) and waiting_first(session, invitation)
    ]  # a rep is reminded of the survey waiting first, not once per survey
    # and, as a manager's reminders, at most one email a day to one address
    return plan_reminders(session, [i for i in due if i.rater_email], now).due


def reminder_due(invitation: Invitation, now: datetime, every: timedelta) -> bool:
    """A scheduled reminder goes to an unfinished, sent invitation at most every `every`,
    three times at most."""
    last = invitation.last_reminded_at or invitation.sent_at
    return (
        invitation.status in UNFINISHED_STATUSES
        and invitation.sent_at is not None
        and invitation.reminder_count < 3
        and last is not None
        and now - last >= every
    )
