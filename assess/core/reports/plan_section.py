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
    NOT_SCORED,
    REGRESSION_NOTE,
    Measurement,
    focus_from,
    plan_progress,
)
from assess.core.i18n import N_, gettext
from assess.core.reports.wording import number

_ = gettext

#: The like-for-like rule for the manager's view alone, in each copy's voice, said after
#: why a rise alone proves little and when a change is called (`REGRESSION_NOTE`).
HOW_TO_READ = {
    "rep": N_(
        "Where buyers were too few to show (or are not asked about a "
        "competency), your manager's ratings are compared on their own and no verdict is "
        "given, since your manager agreed the plan with you. Your own rating is not in "
        "these scores."
    ),
    "manager": N_(
        "Where buyers were too few to show (or are not asked about a "
        "competency), the manager's ratings are compared alone and no verdict is given: "
        "the manager agreed the plan. The rep's own rating is not in these scores."
    ),
}
#: What a pulse's number is, when no verdict may be given on it.
PULSE_NOTES = {
    "rep": {"manager": N_("your manager's view alone"), "other": N_("not compared")},
    "manager": {"manager": N_("the manager's view alone"), "other": N_("not compared")},
}


def how_to_read(reader: str) -> str:
    """Why a rise alone proves little, then the like-for-like rule in `reader`'s voice."""
    return _(REGRESSION_NOTE) + " " + _(HOW_TO_READ[reader])


def measurements(coaching) -> list[Measurement]:
    """The plan's later measurements (pulses, the next round) from the report's inputs."""
    return [
        Measurement(entry["label"], entry["closed_on"], entry.get("payload"))
        for entry in coaching.get("measurements", [])
    ]


def spoken(words: str, reader: str) -> str:
    """`words` (`core.coaching.progress`'s, in English) as the reader's copy says them,
    in the language in force: the rep's copy says "your manager"."""
    if reader == "rep" and words == MANAGER_ONLY:
        return _("your manager's view alone (no buyers' view to compare): no verdict")
    return _(words)


def plan_line(point: Mapping[str, Any], reader: str) -> str:
    """ "Listening: 48 → 61, a reliable improvement" — `core.coaching.progress`'s line,
    worded for the copy and in the language in force."""
    words = spoken(point["words"], reader)
    if point["now"] is None and point["words"] == NOT_SCORED:
        return _(
            "%(name)s: %(before)s → %(words)s",
            name=point["name"],
            before=number(point["before"]),
            words=words,
        )
    return _(
        "%(name)s: %(before)s → %(now)s, %(words)s",
        name=point["name"],
        before=number(point["before"]),
        now=number(point["now"]),
        words=words,
    )


def pulse_point(label: str, point: Mapping[str, Any], reader: str) -> str:
    """One pulse in the compact row: "30-day 52, within the noise" where a verdict is
    allowed, the number and whose view it is where not ("30-day 50 (the manager's view
    alone)"), and "not enough answers" where the pulse scored nothing."""
    if point["now"] is None:
        return _("%(label)s: not enough answers", label=label)
    values = {"label": label, "score": number(point["now"])}
    if point["moved"] in CHANGE_WORDS:
        return _("%(label)s %(score)s, %(words)s", words=_(CHANGE_WORDS[point["moved"]]), **values)
    if point["basis"] == "the manager":
        return _("%(label)s %(score)s (%(note)s)", note=_(PULSE_NOTES[reader]["manager"]), **values)
    if point["words"].startswith("seen by other people"):
        return _("%(label)s %(score)s (%(note)s)", note=_(PULSE_NOTES[reader]["other"]), **values)
    return _("%(label)s %(score)s", **values)  # a baseline without a margin of error


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
    labels = [_("%(days)s-day", days=entry["kind"]) for entry in entries[:-1]]
    rows = []
    for row in progress:
        *pulses, now = row["points"]
        rows.append(
            {
                "name": row["name"],
                "line": plan_line(now, reader),
                "moved": now["moved"],
                "pulses": [
                    pulse_point(label, point, reader)
                    for label, point in zip(labels, pulses, strict=True)
                ],
            }
        )
    source, agreed = coaching.get("round_name", ""), coaching.get("confirmed_on", "")
    values = {"round": source, "agreed": agreed, "now": round_name, "rep": rep_name}
    if reader == "rep":
        heading = _("Your coaching plan from %(round)s", **values)
        if labels:
            lede = _(
                "You agreed it on %(agreed)s. Each competency in it: the score you were shown "
                "then, and your score in %(now)s, with the pulses in between.",
                **values,
            )
        else:
            lede = _(
                "You agreed it on %(agreed)s. Each competency in it: the score you were shown "
                "then, and your score in %(now)s (no pulse closed in between).",
                **values,
            )
    else:
        heading = _("%(rep)s's coaching plan from %(round)s", **values)
        by = coaching.get("confirmed_by")
        if by and labels:
            lede = _(
                "Agreed on %(agreed)s by %(by)s. Each competency of the plan: its baseline, "
                "and %(rep)s's score in %(now)s, with the pulses in between.",
                by=by,
                **values,
            )
        elif by:
            lede = _(
                "Agreed on %(agreed)s by %(by)s. Each competency of the plan: its baseline, "
                "and %(rep)s's score in %(now)s (no pulse closed in between).",
                by=by,
                **values,
            )
        elif labels:
            lede = _(
                "Agreed on %(agreed)s. Each competency of the plan: its baseline, and "
                "%(rep)s's score in %(now)s, with the pulses in between.",
                **values,
            )
        else:
            lede = _(
                "Agreed on %(agreed)s. Each competency of the plan: its baseline, and "
                "%(rep)s's score in %(now)s (no pulse closed in between).",
                **values,
            )
    return {
        "heading": heading,
        "lede": lede,
        "rows": rows,
        "how_to_read": how_to_read(reader),
    }
