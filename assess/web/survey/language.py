"""Which language a survey link's pages are in, and which the respondent may switch to.

The invitation says (the rep's language, a buyer's, or the team's; the respondent can
change it on the landing page, and the link remembers). A language is offered only where
both the bank and Candor's catalogues have it, so a page is never half in one language.
A link from before languages (no language on the invitation) follows the browser's
Accept-Language among the bank's locales, and keeps the one its answers started in.
"""

from __future__ import annotations

from flask import request

from assess.core.banks import Bank
from assess.core.i18n import best_language
from assess.models import Invitation
from assess.platform.settings import get_settings


def offered_languages(bank: Bank) -> list[str]:
    """The languages a respondent may read this bank in (the catalogues' order)."""
    return [code for code in get_settings().catalogs.languages() if code in bank.locales]


def link_language(invitation: Invitation, bank: Bank, started_in: str | None) -> str:
    """The language of the link's pages (`started_in`: the saved answers' language)."""
    if invitation.language is None:
        if started_in in bank.locales:
            return started_in
        return request.accept_languages.best_match(bank.locales) or bank.default_locale
    return best_language(invitation.language, offered_languages(bank), bank.default_locale)
