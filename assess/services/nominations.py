"""Buyers a rep nominates at the end of a self-assessment (operations: flush only).

Each nominee becomes an invitation to the round's buyer-feedback bank with status
"awaiting_approval": no link goes out until the manager approves it on their side.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assess.core.banks import BUYER_ROLES, Bank
from assess.core.i18n import N_
from assess.core.i18n import gettext as _
from assess.core.text import field_message
from assess.models import BankVersion, Invitation, Round, RoundBank, User, utcnow
from assess.platform.settings import ServiceSettings
from assess.services import throttle
from assess.services.accounts import AccountError, normalize_email
from assess.services.bank_versions import bank_for_version
from assess.services.buyer_addresses import BuyerRule, asked_mailbox
from assess.services.invitations import new_invitation
from assess.services.outbox import compose
from assess.services.teams import manager_ids

MAX_NOMINEES = 10
#: Kept in English here (module-level); `buyer_roles` translates them for the page.
ROLE_LABELS = {
    "prospect": N_("Prospect — we talked; they have not bought (yet)"),
    "referral": N_("Referral — someone sent them to me"),
    "customer": N_("Customer — they bought from me"),
}


@dataclass
class Nominee:
    """One filled-in row of the form (already stripped)."""

    name: str
    email: str
    role: str
    #: The language to write to them in; None: the team's.
    language: str | None = None


@dataclass
class NominationOutcome:
    added: list[str] = field(default_factory=list)
    already_asked: list[str] = field(default_factory=list)


def buyer_bank_for(session: Session, assessment_round: Round, self_bank: Bank):
    """(BankVersion, Bank) of the round's buyer-feedback bank, or None without one.

    A buyer bank mirrors self-assessments and is answered by prospects, referrals or
    customers; one mirroring ``self_bank`` is preferred when the round has several.
    """
    versions = session.scalars(
        select(BankVersion)
        .join(RoundBank, RoundBank.bank_version_id == BankVersion.id)
        .where(RoundBank.round_id == assessment_round.id)
        .order_by(BankVersion.id)
    )
    candidates = []
    for version in versions:
        bank = bank_for_version(version)
        if bank.is_buyer_survey:
            candidates.append((version, bank))
    for version, bank in candidates:
        if self_bank.id in bank.mirrors:
            return version, bank
    return candidates[0] if candidates else None


def buyer_roles(bank: Bank) -> list[tuple[str, str]]:
    """(role, label) choices for the nomination form, in the bank's order (the labels
    in the language in force)."""
    return [(role, _(ROLE_LABELS[role])) for role in bank.rater_roles if role in BUYER_ROLES]


#: A suggestion of someone already asked takes a place too (recorded as a throttle hit,
#: since no invitation is made): otherwise the places left would tell the rep which
#: addresses were already asked about them, and they could try addresses for ever.
ALREADY_ASKED_SCOPE = "nominee-asked-before"
ALREADY_ASKED_MEMORY = timedelta(days=400)


def asked_key(invitation: Invitation, buyer_version: BankVersion) -> str:
    """Suggestions are counted per rep, round and buyer survey — as the invitations a
    rep's suggestions make are — whichever of the rep's self-assessment links they came
    through."""
    return f"round:{invitation.round_id}:rep:{invitation.rep_id}:bank:{buyer_version.id}"


def take_a_place(session: Session, invitation: Invitation, buyer_version: BankVersion) -> None:
    """Count a suggestion of someone already asked against the rep's places."""
    key = asked_key(invitation, buyer_version)
    throttle.record(session, ALREADY_ASKED_SCOPE, key, ALREADY_ASKED_MEMORY)


def places_left(session: Session, invitation: Invitation, buyer_version: BankVersion) -> int:
    already = throttle.hits(
        session, ALREADY_ASKED_SCOPE, asked_key(invitation, buyer_version), ALREADY_ASKED_MEMORY
    )
    count = already + session.scalar(
        select(func.count())
        .select_from(Invitation)
        .where(
            Invitation.round_id == invitation.round_id,
            Invitation.rep_id == invitation.rep_id,
            Invitation.bank_version_id == buyer_version.id,
            Invitation.nominated_by_rep.is_(True),
        )
    )
    return max(MAX_NOMINEES - count, 0)


def check_row(
    name: str,
    email: str,
    role: str,
    allowed_roles: set[str],
    rule: BuyerRule,
    language: str | None = None,
    languages: Sequence[str] = (),
):
    """(Nominee, None) for a good row, (None, message) for a bad one, (None, None) blank.

    `rule` (`buyer_addresses.buyer_rule` of the rep) refuses the rep's own mailbox in
    any spelling, a colleague's, and an address at the rep's own company. `language`
    is the one chosen for the buyer among `languages` (the ones offered); None (or no
    choice offered) leaves the team's. The messages are in the language in force."""
    name, email, role = (name or "").strip(), (email or "").strip(), (role or "").strip()
    if not name and not email:
        return None, None
    for label, value in ((_("The name"), name), (_("The email address"), email)):
        message = field_message(label, value)
        if message is not None:
            return None, message
    if not name:
        return None, _("Write the person's name.")
    if len(name) > 200:
        return None, _("Keep the name to %(count)s characters.", count=200)
    if not email:
        return None, _("Write the person's email address.")
    try:
        address = normalize_email(email)
    except AccountError:
        return None, _("This is not an email address — write it as name@example.com.")
    refusal = rule.refusal(address)
    if refusal is not None:
        return None, refusal.for_rep()
    if role not in allowed_roles:
        return None, _("Choose how you know this person.")
    if language is not None and language not in languages:
        return None, _("Choose one of the languages listed.")
    return Nominee(name=name, email=address, role=role, language=language), None


def nominate(
    session: Session,
    settings: ServiceSettings,
    invitation: Invitation,
    assessment_round: Round,
    buyer_version: BankVersion,
    nominees: list[Nominee],
) -> NominationOutcome:
    """Create an awaiting-approval invitation per new nominee; report the ones already asked.

    "Already asked" means an invitation for the same email, rep and buyer bank exists in
    the round (whoever created it), or the email appears twice in ``nominees``. The rep
    is never told which (see `ALREADY_ASKED_SCOPE`); each takes a place all the same.
    """
    outcome = NominationOutcome()
    seen: set[str] = set()
    for nominee in nominees:
        if nominee.email in seen or _invited(session, invitation, buyer_version, nominee.email):
            outcome.already_asked.append(nominee.email)
            seen.add(nominee.email)
            take_a_place(session, invitation, buyer_version)
            continue
        seen.add(nominee.email)
        row = new_invitation(
            settings.secret_key,
            organization_id=invitation.organization_id,
            round_id=invitation.round_id,
            rep_id=invitation.rep_id,
            bank_version_id=buyer_version.id,
            rater_role=nominee.role,
            rater_key=nominee.email,
            expires_at=assessment_round.closes_at,
            rater_name=nominee.name,
            rater_email=nominee.email,
            nominated_by_rep=True,
            status="awaiting_approval",
            language=nominee.language or assessment_round.team.language,
        )
        try:
            with session.begin_nested():
                session.add(row)
        except IntegrityError:  # invited by the manager at this very moment
            outcome.already_asked.append(nominee.email)
            take_a_place(session, invitation, buyer_version)
            continue
        outcome.added.append(nominee.email)
    if outcome.added:
        tell_managers(session, settings, assessment_round, invitation)
    return outcome


def tell_managers(
    session: Session, settings: ServiceSettings, assessment_round: Round, invitation: Invitation
) -> None:
    """Email the team's managers that a rep's suggestions wait for their approval (one
    email a day per rep and round: the board lists whoever waits). Without it a
    suggestion waits unseen until the round closes."""
    team = assessment_round.team
    managers = session.scalars(
        select(User).where(User.id.in_(manager_ids(session, team)), User.is_active)
    )
    rep = invitation.rep
    for manager in managers:
        compose(
            session,
            settings,
            "buyers_to_approve",
            to=manager.email,
            subject=f"{rep.name} suggested buyers to ask: they wait for your approval",
            organization_id=assessment_round.organization_id,
            team_id=team.id,
            dedupe_key=(
                f"approve-buyers:{assessment_round.id}:{rep.id}:{manager.id}:{utcnow():%Y%m%d}"
            ),
            manager=manager,
            rep=rep,
            round=assessment_round,
            board=settings.absolute_url(f"/manage/rounds/{assessment_round.id}"),
        )


def _invited(session: Session, invitation: Invitation, buyer_version: BankVersion, email: str):
    same_rep = select(Invitation).where(
        Invitation.round_id == invitation.round_id,
        Invitation.rep_id == invitation.rep_id,
        Invitation.bank_version_id == buyer_version.id,
    )
    return asked_mailbox(session, same_rep, email) is not None
