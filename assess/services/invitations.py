"""Invitation links: creating them, deriving their token, judging their state.

The token in a link is HMAC-SHA256(SECRET_KEY, "invitation:" + nonce), 256 bits,
URL-safe. The database holds the random nonce and the token's SHA-256 — never the
token — so a copy of the database opens no survey, while the app can show the same
link again (copy link, reminders) without rotating it under the respondent's feet.
Rotating SECRET_KEY therefore invalidates every outstanding link.
"""

from __future__ import annotations

from datetime import datetime

from assess.core.banks import BUYER_ROLES
from assess.models import Invitation, utcnow
from assess.platform.security import derived_token, hash_token, new_nonce
from assess.platform.settings import ServiceSettings


def token_for(secret_key: str, nonce: str) -> str:
    return derived_token(secret_key, "invitation", nonce)


def new_invitation(
    secret_key: str,
    *,
    organization_id: int,
    round_id: int,
    rep_id: int,
    bank_version_id: int,
    rater_role: str,
    rater_key: str,
    expires_at: datetime,
    **fields,
) -> Invitation:
    """An Invitation with a fresh nonce and the matching token hash (not yet added)."""
    nonce = new_nonce()
    return Invitation(
        organization_id=organization_id,
        round_id=round_id,
        rep_id=rep_id,
        bank_version_id=bank_version_id,
        rater_role=rater_role,
        rater_key=rater_key,
        expires_at=expires_at,
        token_nonce=nonce,
        token_hash=hash_token(token_for(secret_key, nonce)),
        **fields,
    )


def invitation_token(secret_key: str, invitation: Invitation) -> str:
    return token_for(secret_key, invitation.token_nonce)


def invitation_link(settings: ServiceSettings, invitation: Invitation) -> str:
    """The respondent's link. Built without url_for so that jobs (scheduled reminders),
    which run without a request, produce the same link as the web pages."""
    return settings.absolute_url(f"/s/{invitation_token(settings.secret_key, invitation)}")


def link_state(invitation: Invitation, round_status: str) -> str:
    """What a respondent opening this link should see: "open", "completed", "revoked",
    "expired", "closed" (round closed) or "awaiting_approval" (a buyer waiting for the
    manager's or the rep's yes; a buyer the rep declined reads as revoked)."""
    if invitation.status == "revoked":
        return "revoked"
    if invitation.status == "completed":
        return "completed"
    if invitation.status in ("awaiting_approval", "awaiting_rep"):
        return "awaiting_approval"
    if invitation.status == "declined_by_rep":
        return "revoked"
    if round_status == "closed":
        return "closed"
    if invitation.expires_at <= utcnow():
        return "expired"
    return "open"


def is_anonymous(invitation: Invitation) -> bool:
    """A rater whose answers are shown only combined with others': a buyer, or anyone
    answering an organization-wide survey (docs/anonymity.md)."""
    return invitation.rater_role in BUYER_ROLES or invitation.rep_id is None


def shown_link(settings: ServiceSettings, invitation: Invitation) -> str | None:
    """The link a manager's page may show for `invitation`, or None.

    An anonymous rater's link opens their saved answers, so a page shows it only while
    someone must hand it over — no mail server is configured — and only until it is
    first opened; with a mail server, only the respondent's email carries it. A rep's
    link shows until it is used up while there is no mail server; with one, only the
    rep's email carries it too, since it is also where the rep confirms the buyers a
    manager adds (`buyer_confirmation`). The manager's own link shows until used up.
    """
    if invitation.status in ("revoked", "completed"):
        return None
    if is_anonymous(invitation) and (settings.mail.delivers or invitation.status != "pending"):
        return None
    if invitation.rater_role == "self" and settings.mail.delivers:
        return None
    return invitation_link(settings, invitation)
