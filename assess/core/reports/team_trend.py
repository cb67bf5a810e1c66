"""The team report's "since the previous round" section.

Every change it prints is over the reps scored in both rounds (before and now are
their means, so the reader's subtraction is the change shown), and each says whether
it is beyond the noise of the measurement (``scoring.team_change``): the team moving
a point is not news unless it clears that bar.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.core.reports.inputs import ReportInputs
from assess.core.reports.wording import VERDICT_LABELS, change_between, shown_name

MOVERS = 5  # most improved and slipped most, each
VERDICT_MOVES = 30  # verdicts that changed, listed by name
MANAGER_ONLY_WORDS = "only the manager's ratings moved, not the buyers' — no change to speak of"
MOVED_WORDS = {
    "improved": "improved beyond noise",
    "slipped": "slipped beyond noise",
    "steady": "within noise",
    None: "",
}


def previous_round_name(inputs: ReportInputs) -> str:
    """What the report calls the round it compares against."""
    return (
        inputs.previous_round_name
        or ((inputs.team_payload or {}).get("previous_round") or {}).get("name")
        or "the previous round"
    )


def matched_row(entry: Mapping[str, Any], mean_key: str = "mean") -> dict[str, Any]:
    """Before, now, change and its verdict from a score's ``matched_change`` (older
    snapshots without one: the plain means, and no word on noise).

    The change is the difference of the two whole numbers printed (``change_between``),
    never the stored change rounded: 69.49 → 71.99 is "69 → 72, +3", and +2.50 rounded
    would print +2 beside it. Every change of a team score the report prints comes from
    here, so the competency table, the trend section and page one agree."""
    matched = entry.get("matched_change")
    manager_only = bool(matched and matched.get("manager_only"))
    if matched and matched.get("n"):
        before, now, moved = matched["before"], matched["now"], matched.get("moved")
        n = matched["n"]
    else:
        before, now, moved, n = entry.get("previous_mean"), entry.get(mean_key), None, None
    return {
        "n": n,
        "before": before,
        "now": now,
        "change": change_between(before, now),
        "moved": "manager" if manager_only else moved,
        "moved_words": MANAGER_ONLY_WORDS if manager_only else MOVED_WORDS.get(moved, ""),
    }


def team_trend(
    inputs: ReportInputs, team: Mapping[str, Any], names: Mapping[str, str]
) -> dict[str, Any] | None:
    """The team since the previous round: averages, biggest movers, changed verdicts."""
    trends = team.get("trends")
    if trends is None:
        return None
    overall = team["overall"]
    rows = [{"name": names[entry["id"]], **matched_row(entry)} for entry in team["competencies"]]
    moved = [
        {
            "name": shown_name(entry["rep_name"]),
            "change": change_between(entry.get("previous_overall"), entry.get("overall")),
            "before": VERDICT_LABELS.get(entry.get("previous_verdict")),
            "now": VERDICT_LABELS.get(entry.get("verdict")),
            "moved": entry.get("moved"),
        }
        for entry in trends
        if entry.get("previous_overall") is not None
    ]

    def beyond_noise(move: Mapping[str, Any], direction: str, sign: int) -> bool:
        """A reliable change (older snapshots without errors: any change)."""
        if move["moved"] is not None:
            return move["moved"] == direction
        return (move["change"] or 0) * sign > 0

    improvers = sorted(
        (m for m in moved if beyond_noise(m, "improved", 1)),
        key=lambda m: (-m["change"], m["name"]),
    )[:MOVERS]
    decliners = sorted(
        (m for m in moved if beyond_noise(m, "slipped", -1)), key=lambda m: (m["change"], m["name"])
    )[:MOVERS]
    verdict_moves = sorted((m for m in moved if m["before"] != m["now"]), key=lambda m: m["name"])
    return {
        "previous_round": previous_round_name(inputs),
        "overall": matched_row(overall),
        "rows": rows,
        "improvers": improvers,
        "decliners": decliners,
        "verdict_moves": verdict_moves[:VERDICT_MOVES],
        "verdict_moves_more": max(0, len(verdict_moves) - VERDICT_MOVES),
        "compared": len(moved),
    }
