"""A started response belongs to the browser that started it.

Whoever holds a survey link could otherwise open the respondent's saved answers: a
manager hands links over by hand when no mail server is configured, and a rep's own
link is on the manager's board. So the first save binds the response to a random key
kept in a cookie of that browser (the database keeps only the key's SHA-256), and every
later page of the response opens only with that cookie. The respondent moves to another
browser through a one-time link emailed to the address the invitation went to; a link
for that is never shown on any page (`message_links.for_display` treats it as a
credential). Without a mail server, the respondent carries on where they started.

The cookie is given when a browser first opens a link, before anything is saved: tabs
of one browser and a double click then all carry the same key to the first save.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta

from sqlalchemy.orm import Session

from assess.core.i18n import current_locale, speaking_locale
from assess.core.i18n import gettext as _
from assess.models import Invitation, OutboxMessage, Response, utcnow
from assess.platform.security import hash_token, new_nonce
from assess.platform.settings import ServiceSettings
from assess.services import throttle
from assess.services.bank_versions import bank_for_version
from assess.services.invitation_wording import invitation_language
from assess.services.message_links import link_ref, move_token
from assess.services.outbox import compose

COOKIE = "candor_respondent"
#: The key hash of a response no browser holds (started before binding existed, or
#: made up by the demo): it opens only after its respondent moves it by email.
BOUND_TO_NO_BROWSER = "bound-to-no-browser"
MOVE_LIFETIME = timedelta(hours=2)
#: Move links one invitation may be sent per hour: enough to change devices twice.
MAX_MOVE_MAILS = 3
MOVE_WINDOW = timedelta(hours=1)


def opens(key_hash: str | None, browser_key: str | None) -> bool:
    """Whether a browser holding `browser_key` (its cookie, or None) may open a response
    bound to `key_hash`: any browser before the response is bound, its own after."""
    if key_hash is None:
        return True
    return browser_key is not None and hmac.compare_digest(hash_token(browser_key), key_hash)


def new_key() -> str:
    """A browser key: given to a browser when it first opens a link, so that every tab
    and a double click carry the same key by the time the first save binds it."""
    return secrets.token_urlsafe(32)


def bind_to_no_browser(response: Response) -> None:
    """Make `response` open in no browser until its respondent moves it by email."""
    response.browser_key_hash = BOUND_TO_NO_BROWSER


def bind(response: Response, key: str | None = None) -> str:
    """Bind `response` to `key` (a new key when None) and return the key for the
    cookie; any browser bound before no longer opens it."""
    key = key or new_key()
    response.browser_key_hash = hash_token(key)
    response.move_nonce = None
    response.move_expires_at = None
    return key


def may_move(settings: ServiceSettings, invitation: Invitation) -> bool:
    """A respondent can move to another browser only by email: it needs a mail server
    and an address for the invitation."""
    return settings.mail.delivers and bool(invitation.rater_email)


def send_move_link(
    session: Session, settings: ServiceSettings, invitation: Invitation, response: Response
) -> OutboxMessage | None:
    """Email the respondent a one-time link that moves `response` to the browser that
    opens it (the caller commits). None when mail is not possible or this invitation
    has had `MAX_MOVE_MAILS` this hour; the page says the same either way."""
    if not may_move(settings, invitation):
        return None
    key = f"invitation:{invitation.id}"
    if throttle.hits(session, "move-mail", key, MOVE_WINDOW) >= MAX_MOVE_MAILS:
        return None
    throttle.record(session, "move-mail", key, MOVE_WINDOW)
    if move_token(settings, response) is None:  # else the pending link goes again:
        response.move_nonce = new_nonce()  # whoever else asks cannot replace it
        response.move_expires_at = utcnow() + MOVE_LIFETIME
    # in the survey's language; a link from before languages: the page's (its browser's)
    if invitation.language is None:
        language = current_locale()
    else:
        bank = bank_for_version(invitation.bank_version).for_role(invitation.rater_role)
        language = invitation_language(settings, invitation, bank)
    with speaking_locale(settings.catalogs, language):
        return compose(
            session,
            settings,
            "survey_move",
            to=invitation.rater_email,
            subject=_("Continue your survey in another browser"),
            organization_id=invitation.organization_id,
            link_ref=link_ref(response),
            lifetime=MOVE_LIFETIME,
        )


def valid_move(settings: ServiceSettings, response: Response | None, token: str) -> bool:
    """Whether `token` is `response`'s pending, unexpired move link."""
    expected = move_token(settings, response) if response is not None else None
    return expected is not None and hmac.compare_digest(expected, token)
