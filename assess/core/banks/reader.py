"""Typed, problem-collecting access to the plain data of one bank file.

The builders ask a ``Reader`` for "the id at this path" or "this mapping with these
keys". The reader never raises: it records a ``Problem`` at the node's line and returns
``None`` so that checking carries on and the author sees every problem in one run.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from assess.core.banks.errors import Problem
from assess.core.banks.loader import Lines, Path
from assess.core.banks.model import Text

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
LOCALE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")
MAX_TEXT_CHARS = 5000

T = TypeVar("T")


def kind_of(value: Any) -> str:
    """How a YAML author would name the type of ``value``."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def as_number(value: float) -> int | float:
    """Whole numbers become ``int`` so that ``100`` and ``100.0`` hash alike."""
    return int(value) if float(value).is_integer() else float(value)


class Reader:
    """Collects problems for one file; ``lines`` may be empty (data not from YAML)."""

    def __init__(self, file: str, lines: Lines | None = None) -> None:
        self.file = file
        self.lines: Lines = lines or {}
        self.problems: list[Problem] = []
        #: Texts missing a locale the bank declares: not an error when a bank is loaded
        #: (the default locale stands in), but `banks check` reports each one.
        self.untranslated: list[Problem] = []
        self.default_locale = "en"
        self.locales: tuple[str, ...] = ("en",)

    # --- reporting ----------------------------------------------------------------

    def line(self, path: Path) -> int:
        """Line of ``path``, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return 1

    def report(self, path: Path, message: str, fix: str) -> None:
        self.problems.append(Problem(self.file, self.line(path), message, fix))

    # --- structure ----------------------------------------------------------------

    def mapping(
        self,
        value: Any,
        path: Path,
        what: str,
        required: Iterable[str] = (),
        optional: Iterable[str] = (),
    ) -> dict[Any, Any] | None:
        """Check ``value`` is a mapping with the required keys and no unknown ones."""
        if not isinstance(value, dict):
            self.report(
                path, f"{what} must be a mapping, got {kind_of(value)}", "write `key: value` lines"
            )
            return None
        required = tuple(required)
        allowed = (*required, *optional)
        for key in value:
            if key not in allowed:
                self.unknown_key(key, (*path, key), what, allowed)
        for key in required:
            if key not in value:
                self.report(path, f"{what} is missing '{key}'", f"add `{key}: …`")
        return value

    def unknown_key(self, key: Any, path: Path, what: str, allowed: Iterable[str]) -> None:
        allowed = sorted(allowed)
        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        if close:
            fix = f"did you mean '{close[0]}'?"
        else:
            fix = "remove it (valid keys: " + ", ".join(allowed) + ")"
        self.report(path, f"unknown key '{key}' in {what}", fix)

    def list(
        self, value: Any, path: Path, what: str, min_len: int = 0, max_len: int | None = None
    ) -> list[Any] | None:
        if not isinstance(value, list):
            self.report(path, f"{what} must be a list, got {kind_of(value)}", "write `- …` lines")
            return None
        if len(value) < min_len or (max_len is not None and len(value) > max_len):
            span = f"{min_len}–{max_len}" if max_len is not None else f"at least {min_len}"
            self.report(
                path, f"{what} has {len(value)} entries, needs {span}", "add or remove entries"
            )
        return value

    def each_mapping(
        self,
        entries: list[Any],
        path: Path,
        what: str,
        required: Iterable[str] = (),
        optional: Iterable[str] = (),
    ) -> Iterator[tuple[Path, dict[Any, Any]]]:
        """``(entry_path, mapping)`` for each entry of the list at ``path`` that is a mapping.

        Each entry is checked as ``what`` (see ``mapping``) just before it is yielded,
        so problems are reported in file order, interleaved with the caller's own.
        """
        required, optional = tuple(required), tuple(optional)
        for index, entry in enumerate(entries):
            entry_path = (*path, index)
            spec = self.mapping(entry, entry_path, what, required=required, optional=optional)
            if spec is not None:
                yield entry_path, spec

    # --- scalars ------------------------------------------------------------------

    def ident(self, value: Any, path: Path, what: str) -> str | None:
        """An id: lower-case letters, digits and underscores, starting with a letter."""
        if isinstance(value, str) and ID_PATTERN.match(value):
            return value
        if isinstance(value, str):
            fix = "use lower-case letters, digits and _ (start with a letter, ≤ 64 chars)"
            self.report(path, f"{what} '{value}' is not a valid id", fix)
        else:
            self.report(
                path,
                f"{what} must be an id, got {kind_of(value)}",
                "write a word such as `my_id` (quote yes/no/on/off)",
            )
        return None

    def string(self, value: Any, path: Path, what: str, max_len: int = 200) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.report(
                path, f"{what} must be a non-empty string, got {kind_of(value)}", "write some text"
            )
            return None
        if len(value) > max_len:
            self.report(path, f"{what} is {len(value)} characters long", f"keep it under {max_len}")
            return None
        return value

    def boolean(self, value: Any, path: Path, what: str) -> bool | None:
        if isinstance(value, bool):
            return value
        self.report(
            path, f"{what} must be true or false, got {kind_of(value)}", "write true or false"
        )
        return None

    def integer(
        self, value: Any, path: Path, what: str, lo: int | None = None, hi: int | None = None
    ) -> int | None:
        if not isinstance(value, int) or isinstance(value, bool):
            self.report(
                path,
                f"{what} must be a whole number, got {kind_of(value)}",
                "write a number such as 3",
            )
            return None
        return value if self._in_range(value, path, what, lo, hi) else None

    def number(
        self, value: Any, path: Path, what: str, lo: float | None = None, hi: float | None = None
    ) -> int | float | None:
        if (
            not isinstance(value, int | float)
            or isinstance(value, bool)
            or not math.isfinite(value)
        ):
            self.report(
                path, f"{what} must be a number, got {kind_of(value)}", "write a number such as 50"
            )
            return None
        return as_number(value) if self._in_range(value, path, what, lo, hi) else None

    def _in_range(
        self, value: float, path: Path, what: str, lo: float | None, hi: float | None
    ) -> bool:
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            low = "" if lo is None else f"{as_number(lo)}"
            high = "" if hi is None else f"{as_number(hi)}"
            span = (
                f"{low}–{high}"
                if lo is not None and hi is not None
                else (f"≥ {low}" if lo is not None else f"≤ {high}")
            )
            self.report(
                path, f"{what} is {as_number(value)}, outside {span}", f"use a value {span}"
            )
            return False
        return True

    def choice(self, value: Any, path: Path, what: str, allowed: Iterable[str]) -> str | None:
        allowed = tuple(allowed)
        if isinstance(value, str) and value in allowed:
            return value
        close = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.6)
        fix = f"did you mean '{close[0]}'?" if close else "use one of: " + ", ".join(allowed)
        self.report(path, f"{what} '{value}' is not one of {', '.join(allowed)}", fix)
        return None

    # --- texts --------------------------------------------------------------------

    def text(self, value: Any, path: Path, what: str, max_len: int = MAX_TEXT_CHARS) -> Text | None:
        """A plain string (the default locale) or a ``{locale: string}`` mapping."""
        if isinstance(value, str):
            checked = self.string(value, path, what, max_len)
            if checked is None:
                return None
            self.note_untranslated(path, what, {self.default_locale})
            return Text(((self.default_locale, checked),))
        if not isinstance(value, dict):
            self.report(
                path,
                f"{what} must be text or a {{locale: text}} mapping, got {kind_of(value)}",
                _quote_hint(value) or "write the text, or `en: …` lines",
            )
            return None
        translations = []
        for locale, translation in value.items():
            if locale not in self.locales:
                self.report(
                    (*path, locale),
                    f"{what} has text for locale '{locale}', which the bank does not declare",
                    f"add '{locale}' to `locales` or remove it",
                )
                continue
            checked = self.string(translation, (*path, locale), f"{what} ({locale})", max_len)
            if checked is not None:
                translations.append((locale, checked))
        if self.default_locale not in value:
            self.report(
                path,
                f"{what} has no '{self.default_locale}' text (the default locale)",
                f"add `{self.default_locale}: …`",
            )
            return None
        self.note_untranslated(path, what, {locale for locale, _ in translations})
        return Text(tuple(sorted(translations)))

    def note_untranslated(self, path: Path, what: str, present: set[str]) -> None:
        for locale in self.locales:
            if locale not in present:
                self.untranslated.append(
                    Problem(
                        self.file,
                        self.line(path),
                        f"{what} has no '{locale}' text, though the bank declares '{locale}'",
                        f"add `{locale}: …` (respondents reading {locale} would see "
                        f"'{self.default_locale}' here), or remove '{locale}' from `locales`",
                    )
                )

    def locale(self, value: Any, path: Path, what: str) -> str | None:
        if isinstance(value, str) and LOCALE_PATTERN.match(value):
            return value
        self.report(
            path, f"{what} '{value}' is not a locale code", "use a code such as en, de or pt-BR"
        )
        return None


def _quote_hint(value: Any) -> str | None:
    """YAML reads Yes, No, On, Off and numbers as non-text; say how to keep them text."""
    if isinstance(value, bool | int | float):
        return "put it in quotes (YAML reads unquoted Yes/No/On/Off and numbers as values)"
    return None


def check_unique(reader: Reader, entries: Iterable[tuple[Any, Path]], what: str) -> None:
    """Report every id after its first use, pointing at the repeat."""
    first: dict[str, Path] = {}
    for entry_id, path in entries:
        if not isinstance(entry_id, str):
            continue  # a missing or mistyped id is reported where it is read
        if entry_id in first:
            reader.report(
                path,
                f"duplicate {what} id '{entry_id}' (first on line {reader.line(first[entry_id])})",
                "give each one its own id",
            )
        else:
            first[entry_id] = path


def check_unique_ids(reader: Reader, entries: list[Any], path: Path, what: str) -> None:
    """``check_unique`` on the ``id`` of each mapping in the list read at ``path``."""
    check_unique(
        reader,
        (
            (entry.get("id") if isinstance(entry, dict) else None, (*path, index, "id"))
            for index, entry in enumerate(entries)
        ),
        what,
    )


def read_entries(
    reader: Reader,
    value: Any,
    path: Path,
    what: str,
    entry_what: str,
    read_entry: Callable[[Path, dict[Any, Any]], T | None],
    required: tuple[str, ...],
    optional: tuple[str, ...] = (),
    count: tuple[int, int | None] = (1, None),
) -> tuple[T, ...] | None:
    """A list of mappings with unique ids, each read by ``read_entry(path, mapping)``.

    ``count`` is the fewest and most entries allowed. All or nothing: ``None`` when the
    list or any entry has a problem (``read_entry`` returns ``None`` for an entry it
    reported), so a half-read list never reaches the bank.
    """
    low, high = count
    entries = reader.list(value, path, what, min_len=low, max_len=high)
    if entries is None or len(entries) < low or (high is not None and len(entries) > high):
        return None
    found = [
        read_entry(entry_path, spec)
        for entry_path, spec in reader.each_mapping(entries, path, entry_what, required, optional)
    ]
    check_unique_ids(reader, entries, path, entry_what)
    read = tuple(entry for entry in found if entry is not None)
    return read if len(read) == len(entries) else None
