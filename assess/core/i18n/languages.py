"""The languages Candor's own words are written in, and how a wish picks one of them.

English is the source language: every message is written in English in the code and
templates, and every other language is a catalogue under ``assess/translations/``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

DEFAULT_LANGUAGE = "en"

#: Each shipped language under its own name, as a reader looks for it in a list.
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "es": "Español"}
#: The same in English, as a manager may write them in a file ("Spanish").
ENGLISH_NAMES: dict[str, str] = {"en": "English", "es": "Spanish"}


def language_name(code: str) -> str:
    """ "Español" for "es"; the code itself for a language without a shipped name."""
    return LANGUAGE_NAMES.get(code) or LANGUAGE_NAMES.get(code.split("-", 1)[0]) or code


def best_language(wanted: str | None, available: Iterable[str], fallback: str) -> str:
    """`wanted` if available, else its language ("es" for "es-MX"), else `fallback`.

    Used where a survey's language is the one the invitation asks for but the bank, or
    the catalogues, may not have it: a page is never half in one language.
    """
    offered = tuple(available)
    if wanted:
        if wanted in offered:
            return wanted
        base = wanted.split("-", 1)[0]
        if base in offered:
            return base
    return fallback


def language_written(written: str, offered: Iterable[str]) -> str | None:
    """The code of the offered language `written` names — its code, its own name or its
    English name, in any case and with or without accents ("ES", "espanol",
    "Spanish" → "es"); None when it names none of them."""

    def bare(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
        return "".join(c for c in decomposed if not unicodedata.combining(c))

    wanted = bare(written)
    for code in offered:
        names = (code, language_name(code), ENGLISH_NAMES.get(code, code))
        if wanted in {bare(name) for name in names}:
            return code
    return None
