"""Message catalogues: compiled ``.mo`` files per language, and the language in force.

The ``.po`` sources are kept in git; ``make`` compiles them (``pybabel compile``) so no
binary is committed. A language whose catalogue was never compiled is refused with the
command that fixes it, rather than silently shown in English.

The language in force is a context variable, so a report rendered by a worker, an email
composed by a job and a page shown to a respondent each translate in their own language
even when they run side by side in one process.
"""

from __future__ import annotations

import gettext as gettext_module
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.support import NullTranslations, Translations

from assess.core.i18n.languages import DEFAULT_LANGUAGE

DOMAIN = "messages"
#: The shipped catalogues (``assess/translations/<language>/LC_MESSAGES/messages.po``).
SHIPPED_DIR = Path(__file__).resolve().parent.parent.parent / "translations"

#: English, the source language: the messages as written.
ENGLISH = NullTranslations()
_current: ContextVar[gettext_module.NullTranslations] = ContextVar(
    "candor_translations", default=ENGLISH
)
_current_locale: ContextVar[str] = ContextVar("candor_locale", default=DEFAULT_LANGUAGE)


FOLDER_PATTERN = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def translation_problem(translations: gettext_module.NullTranslations) -> str | None:
    """The first translation of a compiled catalogue that would break a page, or None —
    checked on what is served (the .mo), not on the .po beside it: a value the message
    does not have (a KeyError at run time; ``num`` only in a plural), a lone percent sign
    (every message is a ``%`` format: write ``%%``), or a ``<``, ``>`` or ``"`` its
    message does not have (translations are trusted as their message is: a catalogue
    adds no markup and cannot leave an attribute)."""
    for key, text in getattr(translations, "_catalog", {}).items():
        plural = isinstance(key, tuple)
        message = key[0] if plural else key
        if not message or not isinstance(text, str):
            continue  # the header
        english = message  # a plural's forms are checked against its singular, with `num`
        names = set(PLACEHOLDER.findall(english)) | ({"num"} if plural else set())
        said = f"the translation of {message[:60]!r}"
        if set(PLACEHOLDER.findall(text)) - names:
            return f"{said} fills in a value its message does not have"
        if "%" in PLACEHOLDER.sub("", text).replace("%%", ""):
            return f"{said} has a lone % — write %% for a percent sign"
        for sign in '<>"':
            if text.count(sign) > english.count(sign):
                return f"{said} adds a {sign} its message does not have"
    return None


@cache
def _checked(directory: Path, folder: str, modified: float) -> str | None:
    """`translation_problem` of a compiled catalogue, once per version of it (every app
    a process makes checks its catalogues; a test run makes hundreds)."""
    return translation_problem(_load(directory, folder))


class CatalogNotCompiled(RuntimeError):
    """A language's ``.po`` is there but its ``.mo`` is not (or is older)."""


class Catalogs:
    """The catalogues in one folder: which languages they offer, and each one's
    translations (loaded once)."""

    def __init__(self, directory: Path = SHIPPED_DIR) -> None:
        self.directory = Path(directory)
        self._languages: tuple[str, ...] | None = None

    def languages(self) -> tuple[str, ...]:
        """English, then every language with a catalogue here, sorted (the folder is read
        once: every survey request asks, and the catalogues are fixed at the start)."""
        if self._languages is None:
            self._languages = self._found()
        return self._languages

    def _found(self) -> tuple[str, ...]:
        found = sorted(
            entry.name.replace("_", "-")
            for entry in self.directory.glob("*")
            if (entry / "LC_MESSAGES" / f"{DOMAIN}.po").is_file()
        )
        return (DEFAULT_LANGUAGE, *[code for code in found if code != DEFAULT_LANGUAGE])

    def problem(self) -> str | None:
        """Why these catalogues cannot be used, or None: a folder that is not a language
        code, a catalogue not compiled or unreadable, or a translation that would break
        its pages (`translation_problem`)."""
        for entry in sorted(self.directory.glob("*/LC_MESSAGES/messages.po")):
            folder = entry.parent.parent.name
            if not FOLDER_PATTERN.match(folder):
                return (
                    f"the catalogue folder '{folder}' is not a language code — name it like "
                    "es, de or pt_BR"
                )
        for language in self.languages()[1:]:
            folder = language.replace("-", "_")
            try:
                Locale.parse(folder)
            except (UnknownLocaleError, ValueError):
                return (
                    f"'{folder}' is not a language Babel knows — name the folder like es or pt_BR"
                )
            try:
                self.translations(language)
            except CatalogNotCompiled as error:
                return str(error)
            except Exception as error:  # noqa: BLE001 - any broken .mo: one line, no traceback
                return (
                    f"the '{folder}' catalogue cannot be read ({type(error).__name__}: "
                    f"{error}) — run `make translations`"
                )
            compiled = self.directory / folder / "LC_MESSAGES" / f"{DOMAIN}.mo"
            found = _checked(self.directory, folder, compiled.stat().st_mtime)
            if found is not None:
                return f"the '{folder}' catalogue: {found}"
        return None

    def translations(self, language: str) -> gettext_module.NullTranslations:
        """`language`'s translations; English (the source) needs none."""
        if language == DEFAULT_LANGUAGE or language not in self.languages():
            return ENGLISH
        return _load(self.directory, language.replace("-", "_"))


def _load(directory: Path, folder: str) -> Translations:
    messages = directory / folder / "LC_MESSAGES"
    source, compiled = messages / f"{DOMAIN}.po", messages / f"{DOMAIN}.mo"
    if not compiled.is_file() or compiled.stat().st_mtime < source.stat().st_mtime:
        raise CatalogNotCompiled(
            f"the '{folder}' message catalogue is not compiled (or is older than its .po): "
            f"run `make translations` (pybabel compile -d {directory})"
        )
    return _read(compiled, compiled.stat().st_mtime)


@cache
def _read(compiled: Path, modified: float) -> Translations:
    """A compiled catalogue, read once per version of the file."""
    with compiled.open("rb") as handle:
        return Translations(handle, domain=DOMAIN)


def begin_speaking(translations: gettext_module.NullTranslations, locale: str) -> None:
    """Translate with `translations` from here on, in this context (a web request sets
    its language once it knows the link; the next request starts in English again)."""
    _current.set(translations)
    _current_locale.set(locale)


@contextmanager
def speaking(translations: gettext_module.NullTranslations, locale: str) -> Iterator[None]:
    """Translate with `translations` (and format for `locale`) inside the block."""
    token, locale_token = _current.set(translations), _current_locale.set(locale)
    try:
        yield
    finally:
        _current.reset(token)
        _current_locale.reset(locale_token)


@contextmanager
def speaking_locale(catalogs: Catalogs, language: str) -> Iterator[None]:
    """`speaking` in `language` out of `catalogs`."""
    with speaking(catalogs.translations(language), language):
        yield


def current_locale() -> str:
    """The locale the block in force formats dates and numbers for."""
    return _current_locale.get()


def install(environment) -> None:
    """Give a Jinja2 environment ``_``, ``gettext``, ``ngettext`` and ``{% trans %}`` in
    the language in force (Jinja's i18n extension, new style: autoescaped, and every
    message a ``%(name)s`` format, so a literal percent sign is written ``%%``)."""
    environment.add_extension("jinja2.ext.i18n")
    # a {% trans %} block's message is its words, not the template's line breaks and
    # indentation (babel.cfg extracts with the same setting)
    environment.policies["ext.i18n.trimmed"] = True
    environment.install_gettext_callables(
        gettext=lambda message: _current.get().gettext(message),
        ngettext=lambda singular, plural, count: _current.get().ngettext(singular, plural, count),
        newstyle=True,
    )


def N_(message: str) -> str:  # noqa: N802 - the name pybabel looks for
    """Mark a message kept in a constant for translation; translate it where it is
    used (``gettext(CONSTANT)``), since a module-level value is made before any request
    or report chooses its language."""
    return message


def gettext(message: str, **variables) -> str:
    """`message` in the language in force, ``%(name)s`` placeholders filled in."""
    # always a format, as in the templates (Jinja's new-style gettext): "%%" is a percent
    return _current.get().gettext(message) % variables


def ngettext(singular: str, plural: str, count: int, **variables) -> str:
    """The singular or plural of a message in the language in force; ``%(num)s`` is
    `count` unless given."""
    text = _current.get().ngettext(singular, plural, count)
    variables.setdefault("num", count)
    return text % variables
