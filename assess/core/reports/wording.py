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

from assess.core.i18n import (
    DEFAULT_LANGUAGE,
    N_,
    current_locale,
    format_decimal,
    gettext,
    ngettext,
)
from assess.core.i18n.lists import and_list, euphony, or_list
from assess.core.reports.inputs import ReportInputs

_ = gettext

TONES = ("blunt", "diplomatic")

#: Kept in English (marked with N_): translate where shown, ``_(VERDICT_LABELS[...])``.
VERDICT_LABELS = {
    "ready": N_("Ready"),
    "coach": N_("Worth coaching"),
    "trust_risk": N_("Trust risk"),
    "not_a_fit": N_("Not a fit"),
    "borderline": N_("Borderline"),
    None: N_("Not enough evidence yet"),
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
        return _(VERDICT_LABELS[None])
    if final is None and verdict.get("between"):
        return _(VERDICT_LABELS["borderline"])
    return _(VERDICT_LABELS.get(final, VERDICT_LABELS[None]))


#: Rater groups as labels (N_: translate where shown).
GROUP_LABELS = {
    "self": N_("Self"),
    "manager": N_("Manager"),
    "buyers": N_("Buyers"),
    "prospect": N_("Prospects"),
    "referral": N_("Referrals"),
    "customer": N_("Customers"),
    "combined": N_("Combined"),
}
ROLE_NOUNS = {
    "prospect": ("prospect", "prospects"),
    "referral": ("referred buyer", "referred buyers"),
    "customer": ("customer", "customers"),
    "manager": ("manager", "managers"),
    "self": ("self-assessment", "self-assessments"),
    "marketing": ("marketer", "marketers"),
}
#: What a careless-looking response did (N_: translate where shown).
QUALITY_NOTES = {
    "straight_lining": N_("gave the same answer to almost every statement"),
    "too_fast": N_("answered much faster than the survey can be read"),
    "inconsistent": N_("gave contradictory answers to two questions that ask the same thing"),
    "social_desirability": N_("agreed with statements almost nobody can honestly agree with"),
    "acquiescence": N_("agreed with statements and with their opposites alike (yes-saying)"),
    "implausibly_perfect": N_("gave the best possible answer to nearly every question"),
}


def role_count(role: str, count: int) -> str:
    """ "4 referred buyers": a count of raters of one role, in the language in force."""
    shown = whole_count(count)
    if role == "prospect":
        return ngettext("%(num)s prospect", "%(num)s prospects", count, num=shown)
    if role == "referral":
        return ngettext("%(num)s referred buyer", "%(num)s referred buyers", count, num=shown)
    if role == "customer":
        return ngettext("%(num)s customer", "%(num)s customers", count, num=shown)
    if role == "manager":
        return ngettext("%(num)s manager", "%(num)s managers", count, num=shown)
    if role == "self":
        return ngettext("%(num)s self-assessment", "%(num)s self-assessments", count, num=shown)
    if role == "marketing":
        return ngettext("%(num)s marketer", "%(num)s marketers", count, num=shown)
    return ngettext("%(num)s rater", "%(num)s raters", count, num=shown)


def whole_count(count: int) -> str:
    """A count as the language in force writes it: "1,200" in English (as
    ``assess.core.text.grouped``), "1200" / "12.000" in Spanish."""
    if in_english():
        return f"{count:,}"
    return format_decimal(count, 0)


def in_english() -> bool:
    return current_locale().split("-", 1)[0] == DEFAULT_LANGUAGE


#: Spanish writes "e" for "y" before an /i/ sound, "u" for "o" before an /o/ one.
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
    for literal, field_name, _spec, _conversion in parsed:
        pieces.append(literal)
        if field_name is None:
            continue
        if field_name in values:
            pieces.append(str(values[field_name]))
        else:
            pieces.append("{" + field_name + "}")
    return "".join(pieces)


def number(value: float | None, empty: str = "–") -> str:
    """A score as a whole number ("–" when there is none), as the language in force
    writes numbers (the same digits in English and Spanish for a score of 0–100)."""
    if value is None:
        return empty
    if in_english():
        return f"{value:.0f}"
    return format_decimal(value, 0)


def decimal(value: float, digits: int = 2, sign: bool = False) -> str:
    """A number with `digits` decimals as the language in force writes it: "+0.35"
    in English, "+0,35" in Spanish (`sign`: always give its sign)."""
    text = f"{value:+.{digits}f}" if sign else f"{value:.{digits}f}"
    if in_english():
        return text
    return text.replace(".", format_decimal(0.5, 1)[1:-1] or ".")


def signed(value: float | None, empty: str = "–") -> str:
    """A change with its sign: +7, −3, ±0."""
    if value is None:
        return empty
    whole = round(value)
    if whole == 0:
        return "±0"
    return f"+{number(whole)}" if whole > 0 else f"−{number(abs(whole))}"


def change_between(before: float | None, now: float | None) -> int | None:
    """The change a reader computes from the two whole numbers shown."""
    if before is None or now is None:
        return None
    return round(now) - round(before)


def names_list(names: list[str], limit: int = 8) -> str:
    """ "A, B and C"; past `limit` names: "A, B, … and 12 others" (in the language in
    force: "A, B y C")."""
    if not names:
        return ""
    if len(names) > limit:
        shown = names[:limit]
        rest = len(names) - limit
        return euphony(
            ngettext(
                "%(names)s and %(num)s other",
                "%(names)s and %(num)s others",
                rest,
                names=", ".join(shown),
            )
        )
    return and_list(names)


def either_list(names: list[str]) -> str:
    """ "A, B or C": alternatives, in the language in force ("A, B o C")."""
    return or_list(names)


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
        "language": inputs.locale,
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
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 100th; in another language
    the number alone ("percentil 62")."""
    if not in_english():
        return str(value)
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
    if norm and plain:
        if whole <= 0:
            return _("below all of the reference group that comes with this assessment")
        if whole >= 100:
            return _("above all of the reference group that comes with this assessment")
        return _(
            "higher than about %(percent)s %% of the reference group that comes with this "
            "assessment",
            percent=number(whole),
        )
    if norm:
        if whole <= 0:
            return _("below all of the bank's norm group")
        if whole >= 100:
            return _("above all of the bank's norm group")
        return _("%(ordinal)s percentile of the bank's norm group", ordinal=ordinal(whole))
    if size:
        values = {"num": number(size), "percent": number(whole), "ordinal": ordinal(whole)}
        if whole <= 0:
            return ngettext(
                "below all of %(num)s earlier score of other reps here",
                "below all of %(num)s earlier scores of other reps here",
                size,
                **values,
            )
        if whole >= 100:
            return ngettext(
                "above all of %(num)s earlier score of other reps here",
                "above all of %(num)s earlier scores of other reps here",
                size,
                **values,
            )
        if plain:
            return ngettext(
                "higher than about %(percent)s %% of the %(num)s earlier score of other reps here",
                "higher than about %(percent)s %% of the %(num)s earlier scores of other reps here",
                size,
                **values,
            )
        return ngettext(
            "%(ordinal)s percentile of %(num)s earlier score of other reps here",
            "%(ordinal)s percentile of %(num)s earlier scores of other reps here",
            size,
            **values,
        )
    if whole <= 0:
        return _("below all of earlier scores here")
    if whole >= 100:
        return _("above all of earlier scores here")
    if plain:
        return _("higher than about %(percent)s %% of earlier scores here", percent=number(whole))
    return _("%(ordinal)s percentile of earlier scores here", ordinal=ordinal(whole))


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
