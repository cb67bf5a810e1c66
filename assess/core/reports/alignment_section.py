"""The team report's sales-and-marketing section: where the two sides disagree.

One section per org-wide survey in the round (its rubric compares rater groups). The
survey is about nobody in particular, so its texts are filled with the team's name,
and a side with too few answers is hidden — its scores and its count — as buyers'
answers are in a rep's report.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.core.banks import Bank
from assess.core.reports import charts
from assess.core.reports.inputs import ReportInputs
from assess.core.reports.rubrics import Rubrics
from assess.core.reports.wording import change_between, names_list, text_of
from assess.core.text import plural

SIDE_COLORS = ("#2f6fd0", "#d9822b")  # the first two sides: sales, then marketing
MIN_RATERS = 3  # when a result does not say how many answers a side needs


def _area_rows(
    result: Mapping[str, Any], sides: list[str], bank: Bank | None, rubrics: Rubrics
) -> list[dict[str, Any]]:
    """Each area with every side's score and the gap between the first two sides."""
    areas = []
    for area in result.get("areas", []):
        scores = area.get("sides", {})
        areas.append(
            {
                "id": area["id"],
                "name": text_of(area.get("name"), rubrics.locale),
                "scores": [scores.get(side, {}).get("score") for side in sides],
                "gap": area.get("gap"),
                "shown_gap": change_between(
                    scores.get(sides[1], {}).get("score") if len(sides) > 1 else None,
                    scores.get(sides[0], {}).get("score") if sides else None,
                ),
                "disagreement": bool(area.get("disagreement")),
                "combined": area.get("combined"),
                "band": area.get("band"),
                "band_label": rubrics.band_label_in(bank, area.get("band"), "No score"),
                "waiting": names_list(
                    [side for side in sides if scores.get(side, {}).get("score") is None]
                ),
            }
        )
    return areas


def _too_few_note(result: Mapping[str, Any], sides: list[str]) -> str:
    """Why a side's scores are missing: it answered, but fewer times than needed."""
    raters = result.get("raters", {})
    minimum = result.get("min_raters", MIN_RATERS)
    short = [side for side in sides if 0 < raters.get(side, 0) < minimum]
    if not short:
        return ""
    return (
        f"Too few answers from {names_list([s.capitalize() for s in short])} "
        f"(at least {minimum} are needed): their scores are not shown."
    )


def side_answers(result: Mapping[str, Any], sides: list[str]) -> str:
    """How many answered on each side: "5 answers from sales, fewer than 3 answers from
    marketing" — a side below the minimum gets no count (docs/anonymity.md)."""
    raters = result.get("raters", {})
    minimum = result.get("min_raters", MIN_RATERS)
    parts = []
    for side in sides:
        count = raters.get(side, 0)
        if 0 < count < minimum:
            parts.append(f"fewer than {minimum} answers from {side}")
        else:
            parts.append(f"{plural(count, 'answer')} from {side}")
    return ", ".join(parts)


def alignment_sections(inputs: ReportInputs, rubrics: Rubrics, tone: str) -> list[dict[str, Any]]:
    """One section per alignment survey result in the team payload, by bank id."""
    sections = []
    alignment = (inputs.team_payload or {}).get("alignment") or {}
    for bank_id, result in sorted(alignment.items()):
        bank = inputs.banks.get(bank_id)
        sides = list(result.get("sides", []))
        side_labels = [side.capitalize() for side in sides]
        areas = _area_rows(result, sides, bank, rubrics)
        chart_svg = charts.gap_chart(
            [(area["name"], dict(zip(sides, area["scores"], strict=False))) for area in areas],
            title="Sales and marketing, area by area",
            groups=[
                (side, label, color)
                for side, label, color in zip(sides, side_labels, SIDE_COLORS, strict=False)
            ],
            connect=(sides[0], sides[1]) if len(sides) == 2 else ("", ""),
        )
        disagreements = [area for area in areas if area["disagreement"]]
        sentence = ""
        if disagreements:
            worst = disagreements[0]
            team = inputs.team_name
            sentence = rubrics.owner_sentence_in(
                bank, worst["id"], worst["band"], tone, rep=team, team=team
            )
        sections.append(
            {
                "title": rubrics.bank_title(bank_id),
                "sides": side_labels,
                "raters": side_answers(result, sides),
                "areas": areas,
                "chart": chart_svg,
                "disagreements": disagreements,
                "threshold": result.get("gap_threshold"),
                "sentence": sentence,
                "comments": list(result.get("comments", [])),
                "comments_withdrawn": bool(result.get("comments_withdrawn")),
                "note": _too_few_note(result, sides),
            }
        )
    return sections
