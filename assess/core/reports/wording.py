"""The words both reports share: labels, numbers, names, lists and the running header.

Everything here is pure. Texts come back as plain ``str`` — never ``Markup`` — so the
templates' autoescaping handles every name and comment a user typed, including names
filled into the rubric's ``{rep}`` placeholders. What the banks say (band labels,
coaching) is looked up in ``rubrics``; a verdict's evidence is worded in ``evidence``.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

from assess.core.reports.inputs import ReportInputs

TONES = ("blunt", "diplomatic")

VERDICT_LABELS = {
    "ready": "Ready",
    "coach": "Worth coaching",
    "trust_risk": "Trust risk",
    "not_a_fit": "Not a fit",
    "borderline": "Borderline",
    None: "Not enough evidence yet",
}


def verdict_label(verdict: Mapping[str, Any]) -> str:
    """A rep's verdict as a label: what was decided, or why nothing was.

    ``None`` with evidence missing is "not enough evidence", ``None`` with verdicts
    still open within the margin of error is "borderline". The same words on every page
    and report, so a rep is never "not assessed" in one place and "not enough evidence"
    in another.
    """
    final = verdict.get("verdict")
    if final is None and verdict.get("missing"):
        return VERDICT_LABELS[None]
    if final is None and verdict.get("between"):
        return VERDICT_LABELS["borderline"]
    return VERDICT_LABELS.get(final, VERDICT_LABELS[None])


GROUP_LABELS = {
    "self": "Self",
    "manager": "Manager",
    "buyers": "Buyers",
    "prospect": "Prospects",
    "referral": "Referrals",
    "customer": "Customers",
    "combined": "Combined",
}
ROLE_NOUNS = {
    "prospect": ("prospect", "prospects"),
    "referral": ("referred buyer", "referred buyers"),
    "customer": ("customer", "customers"),
    "manager": ("manager", "managers"),
    "self": ("self-assessment", "self-assessments"),
    "marketing": ("marketer", "marketers"),
}
QUALITY_NOTES = {
    "straight_lining": "gave the same answer to almost every statement",
    "too_fast": "answered much faster than the survey can be read",
    "inconsistent": "gave contradictory answers to two questions that ask the same thing",
    "social_desirability": "agreed with statements almost nobody can honestly agree with",
    "acquiescence": "agreed with statements and with their opposites alike (yes-saying)",
    "implausibly_perfect": "gave the best possible answer to nearly every question",
}


def text_of(value: Mapping[str, str] | None, locale: str = "en") -> str:
    """A ``{locale: text}`` mapping from a score snapshot, in `locale` if present."""
    if not value:
        return ""
    if locale in value:
        return value[locale]
    language = locale.split("-", 1)[0]
    if language in value:
        return value[language]
    return value.get("en") or next(iter(value.values()))


def fill(template: str, **values: Any) -> str:
    """Fill the rubric placeholders ({rep} {team} {competency} {score}).

    Only those names are filled; anything else is left as written, so a bank text that
    slipped past validation cannot raise here. Values are inserted as plain text (the
    template escapes them later).
    """
    pieces = []
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return template
    for literal, field_name, _, _ in parsed:
        pieces.append(literal)
        if field_name is None:
            continue
        if field_name in values:
            pieces.append(str(values[field_name]))
        else:
            pieces.append("{" + field_name + "}")
    return "".join(pieces)


def number(value: float | None, empty: str = "–") -> str:
    """A score as a whole number ("–" when there is none)."""
    return empty if value is None else f"{value:.0f}"


def signed(value: float | None, empty: str = "–") -> str:
    """A change with its sign: +7, −3, ±0."""
    if value is None:
        return empty
    whole = round(value)
    if whole == 0:
        return "±0"
    return f"+{whole}" if whole > 0 else f"−{abs(whole)}"


def change_between(before: float | None, now: float | None) -> int | None:
    """The change a reader computes from the two whole numbers shown."""
    if before is None or now is None:
        return None
    return round(now) - round(before)


def names_list(names: list[str], limit: int = 8) -> str:
    """ "A, B and C"; past `limit` names: "A, B, … and 12 others"."""
    if not names:
        return ""
    if len(names) > limit:
        shown = names[:limit]
        rest = len(names) - limit
        return ", ".join(shown) + f" and {rest} {'other' if rest == 1 else 'others'}"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def check_tone(tone: str) -> str:
    """`tone`, checked: an unknown tone would silently fall back to one wording."""
    if tone not in TONES:
        raise ValueError(f"tone must be one of {', '.join(TONES)}, got {tone!r}")
    return tone


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with an ellipsis (for running headers)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


NAME_LIMIT = 80


def shown_name(name: str) -> str:
    """A person's name as the reports print it: clipped at ``NAME_LIMIT`` characters.

    Names are typed by users; a 5,000-character one must not fill twenty pages. The
    clipped name is still escaped by the templates like any other text.
    """
    return clip(" ".join(str(name).split()), NAME_LIMIT)


def meta(inputs: ReportInputs, title: str, subject: str) -> dict[str, str]:
    """What every page's running header and the cover say.

    The running header is clipped: page margins hold one line, and an organization
    or rep name can be as long as its owner likes.
    """
    running = " · ".join((clip(inputs.organization_name, 48), title, clip(inputs.round_name, 40)))
    return {
        "organization": inputs.organization_name,
        "team": inputs.team_name,
        "round": inputs.round_name,
        "closed_on": inputs.round_closed_on,
        "title": title,
        "subject": subject,
        "running": running,
        "subject_short": clip(subject, 60),
        "previous_round": inputs.previous_round_name or "",
        "tone": inputs.tone,
    }


def ordinal(value: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 100th."""
    teens = 10 <= value % 100 <= 20
    suffix = "th" if teens else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"


def percentile_words(entry, plain: bool = False) -> str | None:
    """ "62nd percentile of 40 earlier scores in the organization", or of the bank's
    norm group; None when there is no percentile (too small a reference).

    `plain` says it without the statistics, for the rep's own copy: "higher than about
    62 % of the 40 earlier scores of other reps here".
    """
    value = entry.get("percentile")
    if value is None:
        return None
    whole = round(value)
    norm = entry.get("percentile_source") == "norm"
    size = entry.get("percentile_reference")
    if norm:
        group = (
            "the reference group that comes with this assessment"
            if plain
            else "the bank's norm group"
        )
    else:
        group = f"{size} earlier scores of other reps here" if size else "earlier scores here"
    if whole <= 0:
        return f"below all of {group}"
    if whole >= 100:
        return f"above all of {group}"
    if plain:
        return f"higher than about {whole} % of {'the ' if size and not norm else ''}{group}"
    return f"{ordinal(whole)} percentile of {group}"


def distinct_comments(comments: list[str]) -> list[str]:
    """Each comment once, as first written: the same words typed by several raters
    (give or take case, spacing and a closing full stop) are printed once, with no
    count — three copies of "Pushy." would tell how many raters wrote it.

    >>> distinct_comments(["Pushy.", "pushy", " Pushy. ", "Clear and honest."])
    ['Pushy.', 'Clear and honest.']
    """
    seen: dict[str, str] = {}
    for comment in comments:
        key = " ".join(str(comment).split()).casefold().rstrip(".!… ")
        if key:
            seen.setdefault(key, comment)
    return list(seen.values())
