"""What a typed text may hold: the one input rule for every text field.

Names, addresses and comments end up in PostgreSQL (which refuses NUL), in email
headers (where a line break ends the header — or starts a new one), in CSV exports and
in PDFs. So every field takes printable text only: no NUL, no other control character,
no lone surrogate (what invalid UTF-8 becomes when the form parser keeps its bytes)
and no U+FFFD (what it becomes when a decoder replaced them),
and — in a one-line field such as a name or an address — no line break and no
direction override that would make a name read differently from how it is stored.
Comments keep their line breaks and tabs.

Numbers typed by people are ASCII digits only: ``int()`` also reads "٣" and "５",
which no form of ours shows, and a value nobody meant is not one to store.
"""

from __future__ import annotations

import re
import unicodedata

from assess.core.i18n import N_, gettext

#: Line breaks a multi-line field keeps.
LINE_BREAKS = frozenset("\r\n")
#: Explicit bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069), and the
#: invisible direction marks (LRM U+200E, RLM U+200F, ALM U+061C), which reorder digits
#: around them just as well ("2\u200f5" can print as "52").
DIRECTION_MARKS = frozenset(
    chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)
)
ASCII_INTEGER = re.compile(r"[+-]?[0-9]+", re.ASCII)
#: What cannot be shown back on a page as typed: lone surrogates (a page is UTF-8) and
#: control characters other than line breaks and tabs.
UNSHOWABLE = re.compile(r"[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def text_problem(value: str, *, one_line: bool = True) -> str | None:
    """What is wrong with `value` as typed text ("contains a NUL character"), or None.

    The words fit after a field's name: "Name contains a line break".
    """
    found = problem_kind(value, one_line=one_line)
    if found is None:
        return None
    kind, code = found
    return PROBLEM_WORDS[kind].format(code=code)


#: `problem_kind`'s kinds as the words `text_problem` puts after a field's name.
PROBLEM_WORDS = {
    "nul": "contains a NUL character",
    "bytes": "contains bytes that are not valid text (UTF-8)",
    "line_break": "contains a line break; it must be on one line",
    "control": "contains a control character (U+{code})",
    "direction": "contains a text-direction override (U+{code})",
}


def problem_kind(value: str, *, one_line: bool = True) -> tuple[str, str] | None:
    """(kind, code point as "001B") of the first character `value` may not hold, or None.

    The kinds are "nul", "bytes" (a lone surrogate, or U+FFFD), "line_break",
    "control" and "direction": a caller words a whole sentence for each (a sentence
    is translated whole, never glued from pieces)."""
    for character in value:
        code = ord(character)
        if character == "\x00":
            return "nul", f"{code:04X}"
        if 0xD800 <= code <= 0xDFFF or character == "\ufffd":
            # a lone surrogate, or the mark a decoder leaves where bytes were not UTF-8
            return "bytes", f"{code:04X}"
        if character in LINE_BREAKS or unicodedata.category(character) in ("Zl", "Zp"):
            if one_line:
                return "line_break", f"{code:04X}"
            continue
        if character == "\t" and not one_line:
            continue
        if unicodedata.category(character) == "Cc":
            return "control", f"{code:04X}"
        if one_line and character in DIRECTION_MARKS:
            return "direction", f"{code:04X}"
    return None


SURROGATES = re.compile(r"[\ud800-\udfff]")


def without_surrogates(value: str) -> str:
    """`value` with each lone surrogate (a byte that was not UTF-8) as U+FFFD: text a
    page can encode again, which the rule still refuses."""
    return SURROGATES.sub("\ufffd", value)


def displayable(value: str) -> str:
    """`value` as a refused field shows it again: each character that cannot be shown
    becomes U+FFFD (�), so the person sees where the problem was."""
    return UNSHOWABLE.sub("\ufffd", value)


def field_message(label: str, value: str, *, one_line: bool = True) -> str | None:
    """A whole message naming the field and saying how to fix it, or None when fine
    (in the language in force: `label` is given already translated)."""
    found = problem_kind(value, one_line=one_line)
    if found is None:
        return None
    kind, code = found
    return gettext(FIELD_MESSAGES[kind], label=label, code=code)


#: `field_message` for each kind of `problem_kind`, whole sentences.
FIELD_MESSAGES = {
    "nul": N_(
        "%(label)s contains a NUL character. Retype it without that character and send it again."
    ),
    "bytes": N_(
        "%(label)s contains bytes that are not valid text (UTF-8). Retype it without that "
        "character and send it again."
    ),
    "line_break": N_(
        "%(label)s contains a line break; it must be on one line. Retype it without that "
        "character and send it again."
    ),
    "control": N_(
        "%(label)s contains a control character (U+%(code)s). Retype it without that "
        "character and send it again."
    ),
    "direction": N_(
        "%(label)s contains a text-direction override (U+%(code)s). Retype it without that "
        "character and send it again."
    ),
}


def ascii_int(value: object) -> int:
    """`value` as an int when it is written in ASCII digits; ValueError otherwise (so it
    serves as a WTForms ``coerce``)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and ASCII_INTEGER.fullmatch(value.strip()):
        return int(value)
    raise ValueError(f"{value!r} is not a whole number written in digits 0-9")


def grouped(count: int) -> str:
    """A count as every page prints it, thousands separated: "1,000", never "1000".

    >>> grouped(1000), grouped(12)
    ('1,000', '12')
    """
    return f"{count:,}"


def plural(count: int, one: str, many: str | None = None) -> str:
    """ "1 rep", "3 reps", "1,200 answers": the count with its noun."""
    return f"{grouped(count)} {one if count == 1 else (many or one + 's')}"


def minutes_text(value: float) -> str:
    """ "3", "3½": a time estimate in minutes as a reader reads it (to the half).

    >>> minutes_text(3.5), minutes_text(6), minutes_text(0.4)
    ('3½', '6', '½')
    """
    whole, half = divmod(round(float(value) * 2), 2)
    return f"{whole}½" if half and whole else ("½" if half else str(whole))
