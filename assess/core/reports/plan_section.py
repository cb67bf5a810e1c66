"""The next round's look back at the rep's coaching plan: "Your coaching plan from
Spring 2026 round" in a rep report.

Pure: the `coaching` part of a rep report's inputs (`services.coaching_progress`: the
rep's latest plan from an earlier round, its closed pulses, then this round as the last
measurement) in, a plain dict for `templates/rep_report.html` out. The comparing and
the rule for when a change may be called are `core.coaching.progress`'s, and its lines
are printed word for word, so this section, the pulse PDF and the rep's history page
say the same thing. The rep's copy is spoken to the rep, like the rest of that copy:
"your manager's view alone" where the manager's copy says "the manager's".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.core.coaching.progress import (
    CHANGE_WORDS,
    MANAGER_ONLY,
    REGRESSION_NOTE,
    focus_from,
    plan_progress,
)
from assess.core.reports.pulse_report import measurements
from assess.core.reports.wording import number

#: Why a rise alone proves little and when a change is called (`REGRESSION_NOTE`), then
#: the like-for-like rule for the manager's view alone, in each copy's voice.
HOW_TO_READ = {
    "rep": (
        REGRESSION_NOTE + " Where buyers were too few to show (or are not asked about a "
        "competency), your manager's ratings are compared on their own and no verdict is "
        "given, since your manager agreed the plan with you. Your own rating is not in "
        "these scores."
    ),
    "manager": (
        REGRESSION_NOTE + " Where buyers were too few to show (or are not asked about a "
        "competency), the manager's ratings are compared alone and no verdict is given: "
        "the manager agreed the plan. The rep's own rating is not in these scores."
    ),
}
#: What a pulse's number is, when no verdict may be given on it.
PULSE_NOTES = {
    "rep": {"manager": "your manager's view alone", "other": "not compared"},
    "manager": {"manager": "the manager's view alone", "other": "not compared"},
}


def spoken(words: str, reader: str) -> str:
    """`words` as the reader's copy says them: the rep's copy says "your manager"."""
    if reader == "rep" and words == MANAGER_ONLY:
        return "your " + MANAGER_ONLY.removeprefix("the ")
    return words


def pulse_point(label: str, point: Mapping[str, Any], reader: str) -> str:
    """One pulse in the compact row: "30-day 52, within the noise" where a verdict is
    allowed, the number and whose view it is where not ("30-day 50 (the manager's view
    alone)"), and "not enough answers" where the pulse scored nothing."""
    if point["now"] is None:
        return f"{label}: not enough answers"
    text = f"{label} {number(point['now'])}"
    if point["moved"] in CHANGE_WORDS:
        return f"{text}, {CHANGE_WORDS[point['moved']]}"
    if point["basis"] == "the manager":
        return f"{text} ({PULSE_NOTES[reader]['manager']})"
    if point["words"].startswith("seen by other people"):
        return f"{text} ({PULSE_NOTES[reader]['other']})"
    return text  # a baseline without a margin of error: no verdict, nothing to qualify


def plan_section(
    coaching: Mapping[str, Any] | None,
    reader: str,
    rep_name: str,
    round_name: str,
    locale: str = "en",
) -> dict[str, Any] | None:
    """The section's view-model; None when the report carries no plan (or no
    measurement of this round to compare with).

    Shape::

        heading   "Your coaching plan from Spring 2026 round" | "<Name>'s coaching plan …"
        lede      when it was agreed, and what the lines compare
        rows      [{name, line, moved, pulses[str]}]   # one per competency of the plan
        how_to_read  the like-for-like rule in the copy's words
    """
    if not coaching or not coaching.get("focuses"):
        return None
    entries = list(coaching.get("measurements", []))
    if not entries or entries[-1].get("kind") is not None:
        return None  # a rep report's last measurement is its own round
    baseline_payload = coaching.get("baseline_payload") or {}
    focuses = [focus_from(raw, baseline_payload, locale) for raw in coaching["focuses"]]
    progress = plan_progress(focuses, baseline_payload, measurements(coaching))
    labels = [f"{entry['kind']}-day" for entry in entries[:-1]]
    rows = []
    for row in progress:
        *pulses, now = row["points"]
        rows.append(
            {
                "name": row["name"],
                "line": now["line"].removesuffix(now["words"]) + spoken(now["words"], reader),
                "moved": now["moved"],
                "pulses": [
                    pulse_point(label, point, reader)
                    for label, point in zip(labels, pulses, strict=True)
                ],
            }
        )
    source, agreed = coaching.get("round_name", ""), coaching.get("confirmed_on", "")
    if reader == "rep":
        heading = f"Your coaching plan from {source}"
        lede = (
            f"You agreed it on {agreed}. Each competency in it: the score you were shown "
            f"then, and your score in {round_name}"
        )
    else:
        heading = f"{rep_name}'s coaching plan from {source}"
        by = coaching.get("confirmed_by")
        lede = (
            f"Agreed on {agreed}{f' by {by}' if by else ''}. Each competency of the plan: "
            f"its baseline, and {rep_name}'s score in {round_name}"
        )
    lede += ", with the pulses in between." if labels else " (no pulse closed in between)."
    return {
        "heading": heading,
        "lede": lede,
        "rows": rows,
        "how_to_read": HOW_TO_READ[reader],
    }
