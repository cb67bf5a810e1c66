"""A rep's closed rounds side by side: the web page's view-model and its line charts.

``rep_history_view(rounds)`` takes the rep's stored score snapshots, oldest round
first, and returns a plain dict the page reads. Nothing is scored again: every number
is the snapshot's, every verdict is worded by ``verdict_label``, and a change is
"beyond noise" only when ``rep_sections.moved`` (the reliable-change test on the
stored ``combined.se``, as in the coaching report's trend) says so.

Shape::

    rep_name     str
    rounds       [{round_id, name, closed_on, verdict_label, score, interval, band,
                   change, moved, moved_words, since}]          # oldest first
    overall_chart str (SVG)
    competencies [{id, name, chart, points[{round, score, interval, band, present,
                   change, moved, moved_words}]}]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from assess.core.reports.chart_parts import GRID, INK, MUTED, band_color, svg_document
from assess.core.reports.rep_sections import moved, overall_scores
from assess.core.reports.team_trend import MOVED_WORDS
from assess.core.reports.wording import (
    change_between,
    number,
    shown_name,
    signed,
    text_of,
    verdict_label,
)


@dataclass(frozen=True)
class HistoryRound:
    """One closed round the rep took part in: its name and the rep's snapshot."""

    round_id: int
    name: str
    closed_on: str  # e.g. "23 November 2026"
    payload: Mapping[str, Any]  # RepResult.to_dict(), as stored


def _competency_entries(payload: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {entry["id"]: entry for entry in payload.get("competencies", [])}


def _change(
    before: Mapping[str, Any] | None, now: Mapping[str, Any] | None
) -> tuple[int | None, str | None]:
    """The change between two combined scores as shown (whole numbers), and whether it
    is beyond noise (None when either side is missing)."""
    before, now = before or {}, now or {}
    return change_between(before.get("score"), now.get("score")), moved(before, now)


def round_rows(rounds: Sequence[HistoryRound]) -> list[dict[str, Any]]:
    """Each round's verdict and overall score, with the change since the round before."""
    rows = []
    previous: HistoryRound | None = None
    for entry in rounds:
        combined = overall_scores(entry.payload)["combined"]
        now = entry.payload["overall"].get("combined") if combined["score"] is not None else None
        before = previous.payload["overall"].get("combined") if previous else None
        change, moved_now = _change(before, now)
        rows.append(
            {
                "round_id": entry.round_id,
                "name": entry.name,
                "closed_on": entry.closed_on,
                "verdict_label": verdict_label(entry.payload.get("verdict") or {}),
                "score": combined["score"],
                "interval": combined["interval"],
                "band": combined["band"],
                "seen_by": combined["seen_by"] if combined["score"] is not None else "",
                "change": change,
                "moved": moved_now,
                "moved_words": MOVED_WORDS.get(moved_now, ""),
                "since": previous.name if previous else None,
            }
        )
        previous = entry
    return rows


def competency_rows(rounds: Sequence[HistoryRound], locale: str = "en") -> list[dict[str, Any]]:
    """Per competency, its score in every round (newest round's order and names first,
    then competencies only older rounds measured)."""
    order: list[str] = []
    names: dict[str, str] = {}
    for entry in reversed(rounds):
        for competency in entry.payload.get("competencies", []):
            if competency["id"] not in names:
                order.append(competency["id"])
                names[competency["id"]] = text_of(competency.get("name"), locale)
    by_round = [_competency_entries(entry.payload) for entry in rounds]
    rows = []
    for competency_id in order:
        points = []
        for index, entry in enumerate(rounds):
            found = by_round[index].get(competency_id)
            combined = (found or {}).get("combined") or {}
            score = combined.get("score") if combined.get("status") == "ok" else None
            before = by_round[index - 1].get(competency_id) if index else None
            change, moved_now = _change(
                (before or {}).get("combined") if before else None,
                combined if score is not None else None,
            )
            points.append(
                {
                    "round": entry.name,
                    "present": found is not None,
                    "score": score,
                    "interval": combined.get("interval") if score is not None else None,
                    "band": combined.get("band") if score is not None else None,
                    "change": change,
                    "moved": moved_now,
                    "moved_words": MOVED_WORDS.get(moved_now, ""),
                }
            )
        rows.append({"id": competency_id, "name": names[competency_id], "points": points})
    return rows


def rep_history_view(rounds: Sequence[HistoryRound], locale: str = "en") -> dict[str, Any]:
    """Everything the rep's history page shows, from the snapshots alone (no IO).

    Raises
    ------
    ValueError
        When a round's payload is not a rep snapshot.
    """
    for entry in rounds:
        if "overall" not in entry.payload or "verdict" not in entry.payload:
            raise ValueError(f"round {entry.name!r}: not a rep snapshot (RepResult.to_dict())")
    rep_name = shown_name(rounds[-1].payload.get("rep_name", "")) if rounds else ""
    overall = round_rows(rounds)
    competencies = competency_rows(rounds, locale)
    for row in competencies:
        row["chart"] = score_line(row["points"], title=f"{row['name']}: score by round")
    return {
        "rep_name": rep_name,
        "rounds": overall,
        "overall_chart": score_line(
            [
                {**row, "round": row["name"], "present": True}
                for row in overall  # the same keys the competency points carry
            ],
            title=f"Overall score of {rep_name} by round",
        ),
        "competencies": competencies,
    }


def _point_words(point: Mapping[str, Any]) -> str:
    if point["score"] is None:
        return f"{point['round']}: " + (
            "not enough answers" if point["present"] else "not measured"
        )
    low, high = point["interval"] or (None, None)
    words = f"{point['round']}: {number(point['score'])}"
    if low is not None:
        words += f" (90 % interval {number(low)}–{number(high)})"
    if point["change"] is not None:
        words += f", {signed(point['change'])}"
        if point["moved_words"]:
            words += f" ({point['moved_words']})"
    return words


def _label_place(x: float, y: float, index: int, last: int) -> str:
    """Where a dot's number goes: out of the way of the line — left of the first dot,
    right of the last, above the ones between."""
    if index == 0 and last > 0:
        return f"x='{x - 9:.1f}' y='{y + 4:.1f}' text-anchor='end'"
    if index == last:
        return f"x='{x + 9:.1f}' y='{y + 4:.1f}'"
    return f"x='{x:.1f}' y='{max(11.0, y - 10):.1f}' text-anchor='middle'"


def score_line(
    points: Sequence[Mapping[str, Any]],
    *,
    title: str,
    step: float = 110.0,
    height: float = 128.0,
) -> str:
    """A small line chart of one score over the rounds, on a 0–100 axis.

    Each round is a dot in the colour of its band, with its 90 % interval as a bar
    through it and the whole number beside it; a segment is solid where the change is
    beyond noise and dashed where it is not (or unknown). A round without a score is
    a gap in the line. Points carry ``round, score, interval, band, present, change,
    moved`` (see `competency_rows`).
    """
    gutter, left, right, top, bottom = 22.0, 34.0, 30.0, 10.0, 10.0
    x0 = gutter + left
    width = max(200.0, x0 + right + step * max(0, len(points) - 1))
    plot = height - top - bottom

    def y_of(score: float) -> float:
        return top + plot * (100 - max(0.0, min(100.0, score))) / 100

    if len(points) == 1:
        xs = [(x0 + width - right) / 2]
    else:
        xs = [x0 + index * step for index in range(len(points))]
    grid, ticks = [], []
    for tick in (0, 50, 100):
        grid.append(f"M{gutter:.0f} {y_of(tick):.1f}H{width:.0f}")
        ticks.append(f"<text x='{gutter - 4:.0f}' y='{y_of(tick) + 3:.1f}'>{tick}</text>")
    body = [
        f"<path stroke='{GRID}' stroke-width='1' d='{''.join(grid)}'/>",
        f"<g font-size='9' fill='{MUTED}' text-anchor='end'>{''.join(ticks)}</g>",
    ]
    for index in range(1, len(points)):
        before, now = points[index - 1], points[index]
        if before["score"] is None or now["score"] is None:
            continue
        solid = now["moved"] in ("improved", "slipped")
        dash = "" if solid else " stroke-dasharray='5 4'"
        body.append(
            f"<line x1='{xs[index - 1]:.1f}' y1='{y_of(before['score']):.1f}' "
            f"x2='{xs[index]:.1f}' y2='{y_of(now['score']):.1f}' "
            f"stroke='{INK if solid else MUTED}' stroke-width='{2.5 if solid else 1.5}'{dash}/>"
        )
    last = len(points) - 1
    for index, (x, point) in enumerate(zip(xs, points, strict=True)):
        if point["score"] is None:
            body.append(
                f"<text x='{x:.1f}' y='{y_of(50) + 4:.1f}' font-size='11' fill='{MUTED}' "
                "text-anchor='middle'>–</text>"
            )
            continue
        y = y_of(point["score"])
        color = band_color(point["band"])
        if point["interval"]:
            low, high = point["interval"]
            body.append(
                f"<line x1='{x:.1f}' y1='{y_of(high):.1f}' x2='{x:.1f}' y2='{y_of(low):.1f}' "
                f"stroke='{color}' stroke-width='7' stroke-opacity='0.35' "
                "stroke-linecap='round'/>"
            )
        body.append(
            f"<circle cx='{x:.1f}' cy='{y:.1f}' r='5' fill='{color}' "
            f"stroke='{INK}' stroke-width='1'/>"
            f"<text {_label_place(x, y, index, last)} font-size='11' font-weight='700' "
            f"fill='{INK}' paint-order='stroke' stroke='#ffffff' stroke-width='3'>"
            f"{escape(number(point['score']))}</text>"
        )
    desc = "; ".join(_point_words(point) for point in points) or "No rounds yet."
    return svg_document(width, height, title, desc, body)
