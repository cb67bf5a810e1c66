"""Lists in a sentence ("A, B and C", "A, B o C"), as the language in force writes them.

Spanish changes its conjunction before a sound that would swallow it: "y" becomes "e"
before an i- sound ("Hamid Rahimi e Isabel Sousa", but "y hielo"), "o" becomes "u"
before an o- sound ("Ana u Olga").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assess.core.i18n.catalogs import current_locale, gettext

_SPANISH_AND = re.compile(r"(?<=\S) y (?=(?:[iIíÍ]|[hH][iIíÍ])(?![aeouáéóúAEOU]))")
_SPANISH_OR = re.compile(r"(?<=\S) o (?=[oOóÓ]|[hH][oOóÓ])")


def euphony(text: str) -> str:
    """`text` with Spanish's "e"/"u" where "y"/"o" would run into the next word."""
    if current_locale().split("-", 1)[0] != "es":
        return text
    return _SPANISH_OR.sub(" u ", _SPANISH_AND.sub(" e ", text))


def and_list(names: Sequence[str]) -> str:
    """ "A, B and C" in the language in force ("A, B e Isabel")."""
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return euphony(gettext("%(first)s and %(last)s", first=", ".join(names[:-1]), last=names[-1]))


def or_list(names: Sequence[str]) -> str:
    """ "A, B or C" in the language in force ("A, B u Olga")."""
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return euphony(gettext("%(first)s or %(last)s", first=", ".join(names[:-1]), last=names[-1]))
