"""The one-page pulse report: how a coaching plan's competencies moved since the round
the plan came from.

Pure: `ReportInputs` of kind "pulse" in (its `coaching` part made by
`services.coaching_progress`), a plain dict for `templates/pulse_report.html` out.
The comparing, and the rules for when a change may be called, are
`core.coaching.progress`'s; this module only lays them out. Who answered is said as
the rep report says it (`rep_raters.raters_line`), so a buyer group below the minimum
is "fewer than 3 buyer surveys" here too.
"""

from __future__ import annotations

from typing import Any

from assess.core.coaching.progress import (
    REGRESSION_NOTE,
    focus_from,
    plan_progress,
)
from assess.core.i18n import N_
from assess.core.i18n import gettext as _
from assess.core.reports.inputs import ReportInputs
from assess.core.reports.plan_section import measurements, plan_line
from assess.core.reports.rep_raters import raters_line
from assess.core.reports.rep_voice import COPY_LABELS, check_reader
from assess.core.reports.wording import meta, number, shown_name

HOW_TO_READ = N_(
    "A pulse asks a few questions about the plan's competencies only, so its margin of "
    "error is wider than a full round's. A change is called reliable only when it is "
    "larger than both measurements' margins of error together (%(level)s), and only when "
    "buyers' views are in both scores: where buyers were too few to show (or are not "
    "asked about a competency), the manager's ratings are compared alone and no verdict "
    "is given — the manager agreed the plan."
)
OWN_RATING_NOTE = N_(
    "The rep's own rating is shown beside the others' and never counts in the score."
)


def how_to_read() -> str:
    """The reading note, in the language in force."""
    return " ".join((_(HOW_TO_READ, level="90 %"), _(REGRESSION_NOTE), _(OWN_RATING_NOTE)))


def column_labels(coaching) -> list[str]:
    """ "30-day pulse" for each pulse measured, the round's name for a round."""
    return [
        _("%(days)s-day pulse", days=entry["kind"]) if entry.get("kind") else entry["label"]
        for entry in coaching.get("measurements", [])
    ]


def pulse_view(inputs: ReportInputs) -> dict[str, Any]:
    """The pulse report's view-model."""
    reader = check_reader(inputs.reader)
    coaching = inputs.coaching or {}
    payload = inputs.rep_payload or {}
    baseline_payload = coaching.get("baseline_payload") or {}
    rep_name = shown_name(payload.get("rep_name") or baseline_payload.get("rep_name") or "")
    focuses = [
        focus_from(raw, baseline_payload, inputs.locale) for raw in coaching.get("focuses", [])
    ]
    rows = plan_progress(focuses, baseline_payload, measurements(coaching))
    kind = coaching.get("pulse_kind")
    title = _("%(days)s-day pulse", days=kind) if kind else _("Pulse")
    latest = [row["points"][-1] for row in rows if row["points"]]
    for row in rows:  # the table's words in the language in force
        for point in row["points"]:
            point["short"] = _(point["short"]) if point.get("short") else ""
    return {
        "meta": meta(inputs, f"{title}, {_(COPY_LABELS[reader]).lower()}", rep_name),
        "rep": {"name": rep_name},
        "title": title,
        "copy": {"reader": reader, "label": _(COPY_LABELS[reader])},
        "plan": {
            "round_name": coaching.get("round_name", ""),
            "confirmed_on": coaching.get("confirmed_on", ""),
            "confirmed_by": coaching.get("confirmed_by", ""),
        },
        "columns": column_labels(coaching) if rows else [],
        "rows": rows,
        "lines": [plan_line(point, reader) for point in latest],
        "raters_line": raters_line(payload.get("rater_counts", {}), payload.get("buyers")),
        "next_pulses": coaching.get("pulses_due", []),
        "how_to_read": how_to_read(),
        "num": number,
    }
