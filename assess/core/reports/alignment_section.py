"""The team report's alignment section: where sales, marketing and delivery disagree.

One section per org-wide survey in the round (its rubric compares rater groups: two,
sales and marketing, or three, with delivery). The survey is about nobody in particular,
so its texts are filled with the team's name, and a group with too few answers is
hidden — its scores and its count — as buyers' answers are in a rep's report.

Areas are shown in one table per set of groups asked about them: the sales–marketing
areas (delivery is not asked those) with their gap, the delivery areas with all three
groups and the widest of their gaps. One sentence names the widest gap in plain words,
and a list names every disagreement between two groups, widest first: a three-group
area can hold two (sales–delivery and marketing–delivery), and the second must not go
unsaid because the table shows one gap per area.

A disagreement is the engine's: a gap above the rubric's threshold *and* beyond its own
margin of error. A gap above the threshold but within its margin is said as what it
is — "apart by 35 points, but with 3 people a side that could be chance" — on its
area's row, never called a disagreement. Older results (two groups, before every pair
had its gap; or before gaps had a margin) read as they were issued, and a band stored
under an id since renamed (``misaligned``) reads as the band it became.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.core.banks import Bank
from assess.core.reports import charts
from assess.core.reports.inputs import ReportInputs
from assess.core.reports.rubrics import Rubrics
from assess.core.reports.wording import (
    change_between,
    distinct_comments,
    names_list,
    number,
    text_of,
)
from assess.core.text import plural

#: One colour per group, in the rubric's order: sales, marketing, delivery.
SIDE_COLORS = ("#2f6fd0", "#d9822b", "#2a9d8f")
MIN_RATERS = 3  # when a result does not say how many answers a group needs
NOT_ASKED = "not_asked"
#: The shipped alignment survey's band ids renamed since results were issued, with the
#: new band's label for a bank version that predates it. Until version 2.3 the low band
#: was "misaligned", which called areas where every group agreed the practice was weak
#: "misaligned"; until 2.4 the top band was "aligned", a word about agreement used for
#: how well a practice works (an area the groups disagree on could carry it).
RENAMED_BANDS = {
    "misaligned": ("weak", "Weak practice"),
    "aligned": ("strong", "Strong practice"),
}
#: The bank whose bands were renamed: another bank's band of the same id is its own.
RENAMED_IN = "sales_marketing_alignment"


def group_names(sides: list[str]) -> str:
    """ "Sales and marketing", "Sales, marketing and delivery"."""
    return names_list(sides).capitalize()


def _pairs(area: Mapping[str, Any], sides: list[str]) -> list[dict[str, Any]]:
    """Every pair of groups asked about the area: the gap a reader computes from the two
    whole numbers shown, and whether the engine counts it as a disagreement."""
    scores = area.get("sides", {})
    listed = area.get("gaps")
    if listed is None:  # a result from before every pair had its gap: two groups
        listed = [
            {"between": sides[:2], "disagreement": bool(area.get("disagreement"))}
        ] if len(sides) >= 2 else []  # fmt: skip
    pairs = []
    for pair in listed:
        first, second = pair["between"]
        pairs.append(
            {
                "between": (first, second),
                "shown_gap": change_between(
                    scores.get(second, {}).get("score"), scores.get(first, {}).get("score")
                ),
                "disagreement": bool(pair.get("disagreement")),
                "could_be_chance": bool(pair.get("could_be_chance")),
                "raters": (
                    scores.get(first, {}).get("raters"),
                    scores.get(second, {}).get("raters"),
                ),
            }
        )
    return pairs


def _widest(area: Mapping[str, Any], pairs: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The pair the engine found furthest apart (its order decides a tie)."""
    between = area.get("gap_between")
    for pair in pairs:
        if pair["shown_gap"] is not None and (between is None or list(pair["between"]) == between):
            return pair
    return None


def _disagreeing(pairs: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The pair furthest apart among those that disagree (the engine's order on a tie)."""
    found = [pair for pair in pairs if pair["disagreement"] and pair["shown_gap"] is not None]
    return max(found, key=lambda pair: abs(pair["shown_gap"]), default=None)


def disagreement_sentence(area: Mapping[str, Any]) -> str:
    """What the widest disagreement means for the owner, taking no group's side.

    The band's owner sentence ("sells what it cannot deliver") would: where the groups
    disagree there is no shared score, and which group is right is the question.
    """
    pair = area["disagreeing"] or area["widest"]
    first, second = pair["between"]
    high, low = sorted((first, second), key=lambda side: -(area["by_side"][side] or 0))
    return (
        f"{high.capitalize()} and {low} do not see “{area['name']}” the same way "
        f"({high} {number(area['by_side'][high])}, {low} {number(area['by_side'][low])}): "
        "before deciding who is right, put them in one room with three recent deals and "
        "walk through what actually happened."
    )


def _people(count: int | None) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


def chance_words(pair: Mapping[str, Any]) -> str:
    """A gap above the threshold but within its margin of error, in plain words: "apart
    by 35 points, but with 3 people a side that could be chance". The counts are of
    groups that are shown, so at least the minimum: saying them singles nobody out."""
    first, second = pair["between"]
    first_count, second_count = pair["raters"]
    if first_count == second_count:
        people = f"{_people(first_count)} a side"
    else:
        people = f"{_people(first_count)} in {first} and {second_count} in {second}"
    apart = plural(abs(pair["shown_gap"] or 0), "point")
    return f"apart by {apart}, but with {people} that could be chance"


def _chance_notes(pairs: list[dict[str, Any]], asked: list[str]) -> list[str]:
    """What an area's row says of each gap that could be chance; with three groups,
    which two."""
    notes = []
    for pair in pairs:
        if pair["could_be_chance"] and pair["shown_gap"] is not None:
            first, second = pair["between"]
            named = f"{first} and {second} " if len(asked) > 2 else ""
            notes.append(named + chance_words(pair))
    return notes


def _band(
    bank: Bank | None, rubrics: Rubrics, stored: str | None, bank_id: str
) -> tuple[str | None, str]:
    """The band an area's stored band id stands for, and its label: a renamed id of the
    shipped survey reads as its new band, labelled by the bank when the bank has it."""
    if stored in RENAMED_BANDS and bank_id == RENAMED_IN:
        band, label = RENAMED_BANDS[stored]
        if bank is not None and any(entry.id == band for entry in bank.rubric.bands):
            label = rubrics.band_label_in(bank, band)
        return band, label
    return stored, rubrics.band_label_in(bank, stored, "No score")


def _area_rows(
    result: Mapping[str, Any], sides: list[str], bank: Bank | None, rubrics: Rubrics
) -> list[dict[str, Any]]:
    """Each area with the groups asked about it, their scores, and the widest gap."""
    areas = []
    for area in result.get("areas", []):
        scores = area.get("sides", {})
        asked = [side for side in sides if scores.get(side, {}).get("status") != NOT_ASKED]
        pairs = _pairs(area, sides)
        band, band_label = _band(bank, rubrics, area.get("band"), result.get("bank_id", ""))
        areas.append(
            {
                "id": area["id"],
                "name": text_of(area.get("name"), rubrics.locale),
                "asked": asked,
                "scores": [scores.get(side, {}).get("score") for side in asked],
                "by_side": {side: scores.get(side, {}).get("score") for side in sides},
                "gap": area.get("gap"),
                "widest": _widest(area, pairs),
                "disagreeing": _disagreeing(pairs),
                "pairs": pairs,
                "disagreement": bool(area.get("disagreement")),
                "chance": _chance_notes(pairs, asked),
                "combined": area.get("combined"),
                "band": band,
                "band_label": band_label,
                "waiting": names_list(
                    [side for side in asked if scores.get(side, {}).get("score") is None]
                ),
            }
        )
    return areas


def _tables(areas: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The areas grouped by who was asked them, in the order they first appear."""
    tables: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for area in areas:
        tables.setdefault(tuple(area["asked"]), []).append(area)
    return [
        {
            "title": group_names(list(asked)),
            "sides": [side.capitalize() for side in asked],
            "pairs": len(asked) > 2,  # the gap column names the pair
            "areas": rows,
        }
        for asked, rows in tables.items()
        if len(asked) >= 2
    ]


def widest_words(areas: list[dict[str, Any]], threshold: float | None) -> str:
    """The widest gap in plain words: which two groups, on what, how far apart."""
    area = next((area for area in areas if area["widest"] is not None), None)
    if area is None:
        return ""
    pair = area["widest"]
    first, second = pair["between"]
    apart = abs(pair["shown_gap"])
    scores = f"{first} {number(area['by_side'][first])}, {second} {number(area['by_side'][second])}"
    if pair["could_be_chance"]:
        sentence = (
            f"The widest gap: {first} and {second} on “{area['name']}” ({scores}) are "
            f"{chance_words(pair)}."
        )
        if not any(row["disagreement"] for row in areas):
            sentence += " No gap is clear of chance, so no area is called a disagreement."
        return sentence
    if not pair["disagreement"]:
        return (
            f"No two groups are further apart than {number(threshold)} points on any area: "
            f"the widest gap is {plural(apart, 'point')}, between {first} and {second} on "
            f"“{area['name']}” ({scores})."
        )
    higher, lower = (first, second) if pair["shown_gap"] > 0 else (second, first)
    return (
        f"The widest gap: {first} and {second} are {plural(apart, 'point')} apart on "
        f"“{area['name']}” ({scores}): {higher} puts it well above where {lower} puts it."
    )


def disagreement_lines(areas: list[dict[str, Any]]) -> list[str]:
    """Every pair of groups that disagrees — further apart than the threshold and than
    its margin of error — on every area, widest first (ties: the report's area order):
    "Marketing and delivery: 47 points apart on “Handover” (marketing 82, delivery
    35)". A gap that could be chance is not one of them."""
    found = []
    for position, area in enumerate(areas):
        for pair in area.get("pairs") or []:
            if pair["disagreement"] and pair["shown_gap"] is not None:
                found.append((-abs(pair["shown_gap"]), position, area, pair))
    lines = []
    for _, _, area, pair in sorted(found, key=lambda entry: entry[:2]):
        first, second = pair["between"]
        scores = (
            f"{first} {number(area['by_side'][first])}, {second} {number(area['by_side'][second])}"
        )
        lines.append(
            f"{first.capitalize()} and {second}: {plural(abs(pair['shown_gap']), 'point')} "
            f"apart on “{area['name']}” ({scores})."
        )
    return lines


def too_few_note(result: Mapping[str, Any], sides: list[str]) -> str:
    """Which groups' scores are missing and how many more answers they need — never
    how many they have below the minimum (docs/anonymity.md): "at most 2 more" is true
    of every count that is too few, so it singles nobody out."""
    raters = result.get("raters", {})
    minimum = result.get("min_raters", MIN_RATERS)
    asked = {
        side
        for area in result.get("areas", [])
        for side, score in (area.get("sides") or {}).items()
        if score.get("status") != NOT_ASKED
    }
    short = [side for side in sides if 0 < raters.get(side, 0) < minimum]
    empty = [side for side in sides if side in asked and raters.get(side, 0) == 0]
    notes = []
    if short:
        each = " each" if len(short) > 1 else ""
        notes.append(
            f"Too few answers from {names_list(short)} to show "
            f"{'their' if len(short) > 1 else 'its'} scores (fewer than {minimum}{each}): "
            f"at most {minimum - 1} more {'are' if minimum > 2 else 'is'} needed"
            f"{' from each' if len(short) > 1 else ''}."
        )
    if empty:
        each = " from each" if len(empty) > 1 else ""
        notes.append(
            f"No answers from {names_list(empty)}: at least {minimum} are needed{each} "
            f"before {'their' if len(empty) > 1 else 'its'} scores show."
        )
    return " ".join(notes)


def side_answers(result: Mapping[str, Any], sides: list[str]) -> str:
    """How many answered in each group: "5 answers from sales, fewer than 3 answers
    from marketing" — a group below the minimum gets no count (docs/anonymity.md)."""
    raters = result.get("raters", {})
    minimum = result.get("min_raters", MIN_RATERS)
    parts = []
    for side in sides:
        count = raters.get(side, 0)
        if 0 < count < minimum:
            parts.append(f"fewer than {minimum} answers from {side}")
        elif count == 0:  # nothing to protect: zero may be said
            parts.append(f"no answers from {side}")
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
            [(area["name"], area["by_side"]) for area in areas],
            title=f"{group_names(sides)}, area by area",
            groups=[
                (side, label, color)
                for side, label, color in zip(sides, side_labels, SIDE_COLORS, strict=False)
            ],
            connect=tuple(sides),
        )
        disagreements = [area for area in areas if area["disagreement"]]
        gaps_beyond = disagreement_lines(areas)
        widest = next((area["widest"] for area in areas if area["widest"] is not None), None)
        sentence = ""
        if disagreements:
            sentence = disagreement_sentence(disagreements[0])
        sections.append(
            {
                "title": rubrics.bank_title(bank_id),
                "heading": f"{group_names(sides)}: where they disagree",
                "sides": side_labels,
                "raters": side_answers(result, sides),
                "areas": areas,
                "tables": _tables(areas),
                "chart": chart_svg,
                "disagreements": disagreements,
                "threshold": result.get("gap_threshold"),
                # a result issued before gaps had a margin called every gap over the
                # threshold a disagreement: its lede says the rule it was issued under
                "margin_rule": not any(
                    "margin" not in pair
                    for area in result.get("areas", [])
                    for pair in area.get("gaps") or [{}]
                ),
                "widest": widest_words(areas, result.get("gap_threshold")),
                "gaps_beyond": gaps_beyond,
                # the list says more than the widest gap's sentence: a second
                # disagreement, or the only one when the widest gap could be chance
                "list_gaps": len(gaps_beyond) > 1
                or (bool(gaps_beyond) and not (widest and widest["disagreement"])),
                "sentence": sentence,
                "comments": distinct_comments(list(result.get("comments", []))),
                "comments_withdrawn": bool(result.get("comments_withdrawn")),
                "comments_held_back": bool(result.get("comments_held_back")),
                "min_raters": result.get("min_raters", 3),
                "note": too_few_note(result, sides),
            }
        )
    return sections
