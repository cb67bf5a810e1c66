"""The link a stored message stands for, derived when the message is sent or shown.

An outbox body holds `LINK_PLACEHOLDER` where its link goes, and `link_ref` names the
row the link belongs to. The link itself is derived here from that row's nonce and
SECRET_KEY, so a copy of the database holds no working link. A sign-in credential
(a welcome or reset link) is put in only for delivery to its addressee, never on a
page someone else reads.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from assess.models import (
    LINK_PLACEHOLDER,
    Invitation,
    OutboxMessage,
    PasswordLink,
    Response,
    utcnow,
)
from assess.platform.security import derived_token
from assess.platform.settings import ServiceSettings
from assess.services.invitations import invitation_link, shown_link

#: What a page shows in place of a credential.
CREDENTIAL_HIDDEN = "(a one-time sign-in link: only the addressee receives it, by email)"
#: What a page shows in place of a sign-in email's text (welcome, reset, held).
SIGN_IN_MAIL_HIDDEN = (
    "(an email with a one-time sign-in link: only the addressee reads it, by email)"
)
#: What a page shows in place of an anonymous respondent's link once it is theirs alone.
RESPONDENTS_ONLY = "(the respondent's own link: it opens their saved answers, so only they have it)"
#: What stands in place of a link that no longer works (used, expired, erased).
LINK_GONE = "(this link no longer works)"


def password_link_path(token: str) -> str:
    """The path of the set-password page for ``token`` (built without a request)."""
    return f"/password/{token}"


def password_link_url(settings: ServiceSettings, link: PasswordLink) -> str | None:
    """The working link for `link`, or None when it is used, expired or was made before
    links were derived (nothing is stored from which to rebuild it)."""
    if link.token_nonce is None or link.used_at is not None or link.expires_at <= utcnow():
        return None
    token = derived_token(settings.secret_key, "password", link.token_nonce)
    return settings.absolute_url(password_link_path(token))


def move_token(settings: ServiceSettings, response: Response) -> str | None:
    """The token of `response`'s pending link to move to another browser (see
    `respondent_browser`), or None when there is none or it has expired."""
    if response.move_nonce is None or response.move_expires_at is None:
        return None
    if response.move_expires_at <= utcnow():
        return None
    return derived_token(settings.secret_key, "move", response.move_nonce)


def move_link_url(session: Session, settings: ServiceSettings, response: Response) -> str | None:
    """The working move link of `response`, or None."""
    token = move_token(settings, response)
    invitation = session.get(Invitation, response.invitation_id)
    if token is None or invitation is None:
        return None
    return f"{invitation_link(settings, invitation)}/move/{token}"


#: The kind of row each `link_ref` prefix names.
REFERENCED = {"invitation": Invitation, "password": PasswordLink, "move": Response}


def link_ref(row: Invitation | PasswordLink | Response) -> str:
    """How an outbox message names the row its link belongs to ("invitation:12")."""
    kind = next(kind for kind, model in REFERENCED.items() if isinstance(row, model))
    return f"{kind}:{row.id}"


def referenced_row(session: Session, ref: str | None):
    """The invitation, password link or response `ref` names, or None."""
    kind, _, row_id = (ref or "").partition(":")
    model = REFERENCED.get(kind)
    if model is None or not row_id.isdigit():
        return None
    return session.get(model, int(row_id))


def resolve(session: Session, settings: ServiceSettings, ref: str | None) -> str | None:
    """The working link `ref` names, or None when there is none now."""
    row = referenced_row(session, ref)
    if isinstance(row, Invitation):
        return None if row.status == "revoked" else invitation_link(settings, row)
    if isinstance(row, PasswordLink):
        return password_link_url(settings, row)
    if isinstance(row, Response):
        return move_link_url(session, settings, row)
    return None


def filled(body: str | None, link: str | None, missing: str = LINK_GONE) -> str | None:
    """`body` with its placeholder replaced by `link` (or by `missing`)."""
    if body is None:
        return None
    return body.replace(LINK_PLACEHOLDER, link or missing)


def for_delivery(session: Session, settings: ServiceSettings, message: OutboxMessage):
    """(text, html) to send to the addressee: the live link in place."""
    link = resolve(session, settings, message.link_ref)
    return filled(message.body_text, link), filled(message.body_html, link)


def for_display(session: Session, settings: ServiceSettings, message: OutboxMessage) -> str:
    """The text body as the outbox page shows it: a credential never, and a survey link
    only where a page may show it (`invitations.shown_link`)."""
    if message.is_sign_in_mail:
        return SIGN_IN_MAIL_HIDDEN
    if message.carries_credential:
        return filled(message.body_text, CREDENTIAL_HIDDEN)
    row = referenced_row(session, message.link_ref)
    if isinstance(row, Invitation):
        return filled(message.body_text, shown_link(settings, row), RESPONDENTS_ONLY)
    return filled(message.body_text, resolve(session, settings, message.link_ref))
