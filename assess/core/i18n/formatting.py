"""Dates and numbers as a reader of a locale writes them ("3 de diciembre de 2026",
"3,5"), through Babel's CLDR data. A locale Babel does not know formats as English."""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import numbers as babel_numbers

from assess.core.i18n.catalogs import current_locale
from assess.core.i18n.languages import DEFAULT_LANGUAGE
from assess.core.text import minutes_text

#: English as Candor writes it ("5 December 2026"), not the US month-first order.
ENGLISH_FORMATS = "en_GB"


def _locale(locale: str | None) -> Locale:
    code = (locale or current_locale()).replace("-", "_")
    try:
        return Locale.parse(ENGLISH_FORMATS if code == DEFAULT_LANGUAGE else code)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT_LANGUAGE)


def format_date(value: date | datetime, style: str = "long", locale: str | None = None) -> str:
    """ "3 December 2026" / "3 de diciembre de 2026" (``long``); ``medium`` abbreviates."""
    day = value.date() if isinstance(value, datetime) else value
    return babel_dates.format_date(day, format=style, locale=_locale(locale))


def format_decimal(value: float, digits: int = 1, locale: str | None = None) -> str:
    """A number to at most `digits` decimals ("3.5", "3,5"), whole numbers without."""
    pattern = "#,##0" + ("." + "#" * digits if digits > 0 else "")
    return babel_numbers.format_decimal(value, format=pattern, locale=_locale(locale))


def format_percent(value: float, locale: str | None = None) -> str:
    """A share 0–1 as a whole percentage ("42 %", "42 %")."""
    return babel_numbers.format_percent(value, locale=_locale(locale))


def format_minutes(value: float, locale: str | None = None) -> str:
    """A time estimate in minutes to the half, as the language writes it: "3½" in
    English, "3,5" in Spanish."""
    code = locale or current_locale()
    if code == DEFAULT_LANGUAGE:
        return minutes_text(value)
    return format_decimal(round(float(value) * 2) / 2, 1, locale=code)
