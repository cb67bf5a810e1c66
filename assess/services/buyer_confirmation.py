"""Buyers a manager adds wait for the rep's yes before anyone writes to them.

Buyers answer anonymously only when the people in their group are real buyers: a
manager who added two addresses of their own next to one real buyer could read that
buyer's answers out of the group's average. So every buyer is vouched for by both
people who read the report. A rep's suggestions wait for the manager's approval
(`nominations`); a buyer the manager adds ("Ask a buyer", the buyers CSV) waits for the
rep to say they dealt with them ("awaiting_rep"). A buyer the rep has never dealt with
is never asked ("declined_by_rep").

The rep answers on a page of their own survey link, which with a mail server only they
hold (`invitations.shown_link`). Operations flush only; the caller commits.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.core.banks import BUYER_ROLES
from assess.core.i18n import gettext as _
from assess.core.i18n import speaking_locale
from assess.models import (
    AWAITING_STATUSES,
    NOT_SENT_STATUSES,
    Invitation,
    OutboxMessage,
    Rep,
    Round,
    utcnow,
)
from assess.platform.settings import ServiceSettings
from assess.services.invitation_wording import reading_language
from assess.services.journeys import own_surveys
from assess.services.message_links import link_ref
from assess.services.outbox import compose
from assess.services.rounds import add_invitation, compose_invitation

ROLE_WORDS = {
    "prospect": "a prospect",
    "referral": "a referral",
    "customer": "a customer",
}


def named(buyer: Invitation) -> str:
    return buyer.rater_name or buyer.rater_key


def _buyers(round_id: int, rep_id: int):
    return (
        select(Invitation)
        .where(
            Invitation.round_id == round_id,
            Invitation.rep_id == rep_id,
            Invitation.rater_role.in_(BUYER_ROLES),
        )
        .order_by(Invitation.id)
    )


def waiting(session: Session, round_id: int, rep_id: int) -> list[Invitation]:
    """The buyers the manager added that wait for the rep's answer, oldest first."""
    query = _buyers(round_id, rep_id).where(Invitation.status == "awaiting_rep")
    return list(session.scalars(query))


def awaiting_yes(session: Session, assessment_round: Round) -> list[Invitation]:
    """Every buyer of the round still waiting for someone's yes: the rep's for a buyer
    the manager added, the manager's for one the rep suggested."""
    query = select(Invitation).where(
        Invitation.round_id == assessment_round.id,
        Invitation.status.in_(AWAITING_STATUSES),
    )
    return list(session.scalars(query))


def asked_names(session: Session, round_id: int, rep_id: int) -> list[str]:
    """The names of the buyers asked about the rep (their links are out), by name."""
    query = _buyers(round_id, rep_id).where(Invitation.status.not_in(NOT_SENT_STATUSES))
    return sorted((named(buyer) for buyer in session.scalars(query)), key=str.casefold)


def declined(session: Session, round_id: int, rep_id: int) -> list[Invitation]:
    """The buyers the rep said they never dealt with."""
    query = _buyers(round_id, rep_id).where(Invitation.status == "declined_by_rep")
    return list(session.scalars(query))


def carrier(session: Session, assessment_round: Round, rep: Rep) -> Invitation | None:
    """The rep's link that carries the question: the first of their own surveys in the
    round (the one their invitation email holds), or None when they have none."""
    first = session.scalar(
        select(Invitation)
        .where(
            Invitation.round_id == assessment_round.id,
            Invitation.rep_id == rep.id,
            Invitation.rater_role == "self",
            Invitation.status != "revoked",
        )
        .order_by(Invitation.id)
        .limit(1)
    )
    if first is None:
        return None
    surveys = own_surveys(session, first)
    return surveys[0] if surveys else first


def ask_rep(
    session: Session, settings: ServiceSettings, assessment_round: Round, rep: Rep
) -> OutboxMessage | None:
    """Email the rep that buyers wait for their answer (at most one an hour). None when
    nothing waits or the rep has no link of their own in the round.

    The email neither names nor counts the buyers: a stored message outlives a buyer's
    erasure, and the rep's page (behind their link) lists whoever waits when they open it."""
    buyers = waiting(session, assessment_round.id, rep.id)
    link = carrier(session, assessment_round, rep)
    if not buyers or link is None:
        return None
    organization = assessment_round.organization
    with speaking_locale(settings.catalogs, reading_language(settings, rep)):  # the rep's
        return compose(
            session,
            settings,
            "buyers_to_confirm",
            link_ref=link_ref(link),
            team_id=assessment_round.team_id,
            # the address the rep's own invitation went to, fixed at launch: editing the
            # rep's address later must not hand the rep's link to someone else
            to=link.rater_email or rep.email,
            subject=_("%(org)s: buyers to confirm before we ask", org=organization.name),
            organization_id=assessment_round.organization_id,
            # one email an hour at most: a manager adding buyers one by one sends one
            # email, and the rep's page lists them all (the email names no buyer and no
            # count)
            dedupe_key=f"confirm-buyers:{assessment_round.id}:{rep.id}:{utcnow():%Y%m%d%H}",
            rep=rep,
            organization=organization,
            closes_at=assessment_round.closes_at,
        )


def add_buyers(
    session: Session,
    settings: ServiceSettings,
    assessment_round: Round,
    bank_version_id: int,
    rows: list[tuple],
) -> list[Invitation]:
    """Add the manager's buyers — (rep, name, email, role[, language]) each; no language:
    the team's — as waiting for their rep's answer, and email each rep once about their
    new ones."""
    added = [
        add_invitation(
            session,
            settings,
            assessment_round,
            bank_version_id,
            role,
            email,
            rep=rep,
            rater_name=name,
            rater_email=email,
            status="awaiting_rep",
            language=language[0] if language else None,
        )  # fmt: skip
        for rep, name, email, role, *language in rows
    ]
    session.flush()
    reps = {rep.id: rep for rep, *_ in rows}
    for rep in reps.values():
        ask_rep(session, settings, assessment_round, rep)
    return added


def decide(
    session: Session,
    settings: ServiceSettings,
    buyers: list[Invitation],
    asked: set[int],
) -> tuple[list[str], list[str]]:
    """Ask the buyers whose id is in `asked` (their email goes to the outbox) and mark
    the rest as never dealt with. Returns (names asked, names declined)."""
    yes, no = [], []
    for buyer in buyers:
        name = named(buyer)
        if buyer.id in asked:
            buyer.status = "pending"
            session.flush()
            compose_invitation(session, settings, buyer)
            yes.append(name)
        else:
            buyer.status = "declined_by_rep"
            no.append(name)
    session.flush()
    return yes, no
