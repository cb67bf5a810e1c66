"""The language a page is written in: English, unless a respondent's link says otherwise.

Every request starts in English (the manager's pages are English for now); a survey
handler that has read its link calls `speak` with the link's language, and from there on
the page, its flashed messages and its dates are in that language. The words come from
the same catalogues as the emails and reports (`assess.core.i18n`).
"""

from __future__ import annotations

from flask import Flask

from assess.core.i18n import (
    DEFAULT_LANGUAGE,
    ENGLISH,
    begin_speaking,
    current_locale,
    format_date,
    format_decimal,
    install,
    language_name,
)
from assess.core.i18n.lists import and_list
from assess.platform.settings import get_settings


def speak(language: str) -> None:
    """Write the rest of this request in `language` (one of the catalogues')."""
    begin_speaking(get_settings().catalogs.translations(language), language)


def _start_in_english(_error: BaseException | None = None) -> None:
    begin_speaking(ENGLISH, DEFAULT_LANGUAGE)


def init_languages(app: Flask) -> None:
    """``_``/``{% trans %}`` in every template, ``long_date`` and ``decimal`` filters in
    the page's locale, and ``page_lang`` for the ``<html lang>`` of every page."""
    install(app.jinja_env)
    app.before_request(_start_in_english)
    app.teardown_request(_start_in_english)
    app.add_template_filter(format_date, "long_date")
    app.add_template_filter(format_decimal, "decimal")
    app.add_template_global(language_name, "language_name")
    app.add_template_global(and_list, "and_list")
    app.context_processor(lambda: {"page_lang": current_locale()})
