"""The rep report's focus areas: the few competencies to work on first, and why others
are not among them.

Rule (the psychologist's review): only competencies below the top band whose 90 %
interval stays below it — a score that may well be a strength is no focus area — and
never a score resting on a single answer. Competencies a raised red flag concerns come
first, in a tier of their own (what buyers or the manager flagged is what the rep must
hear about first); then the rest, by the bands their interval spans, lowest and settled
first. When fewer than three remain, the report names what it left out and why, so a
short list never reads as "nothing else matters".

A focus area clearly below the top band is worth working on whichever lower band it is
in, so one whose interval crosses an edge below the top (Gap/Developing) is still
chosen — but it states no band its interval does not settle: its pill says "Gap or
Developing" in a neutral colour (`band_settled` false), never "Gap", and the manager's
guide adds that more answers will settle which. The competency pages name the band the
same way (`band_words`), so no page contradicts another.
"""

from __future__ import annotations

from typing import Any

from assess.core.i18n import gettext
from assess.core.reports.rep_voice import views_sentence
from assess.core.reports.rubrics import Rubrics
from assess.core.reports.wording import either_list, names_list, number

_ = gettext

FOCUS_ITEMS = 3  # the report's promise: at most "three things to work on first"
FOCUS_ACTIONS = 2  # and two actions for each, for the next 30 days


def focus_items(
    competencies: list[dict[str, Any]],
    rubrics: Rubrics,
    verdict_competencies: set[str],
    flagged: set[str] | frozenset[str] = frozenset(),
) -> list[dict[str, Any]]:
    """The (at most) three things to work on first.

    Rule: only competencies below the best band (a Strength is no focus area: a rep told
    to work first on what they do well stops reading), and only those whose 90 %
    interval stays below it (`within_reach_of_top`: a score that may well be a strength,
    such as the manager's two answers on a competency buyers are not asked about, is no
    focus area either), nor a score resting on one answer. Then, in order:

    1. the competencies a raised red flag concerns (`flagged`), ahead of everything
       else, whatever their band;
    2. by the bands the 90 % interval spans (`band_span_orders`), lowest first and a
       settled band before an unsettled one: Gap, then "Gap or Developing", then
       Developing — a band the interval leaves open is weaker evidence than one it
       settles;
    3. inside that, competencies that decided the verdict, then the widest blind spot
       (self above how others see it), then the lowest score.

    An area whose interval crosses a lower band edge names every band it spans
    (`band_words`): "Gap or Developing", never "Gap band".
    """
    uncertain = {entry["id"] for entry in within_reach_of_top(competencies, rubrics)}
    uncertain |= {entry["id"] for entry in on_one_answer(competencies)}
    scored = [
        entry
        for entry in competencies
        if entry["score"] is not None
        and not rubrics.is_top_band(entry["id"], entry["band"])
        and entry["id"] not in uncertain
    ]
    ordered = sorted(
        scored,
        key=lambda entry: (
            entry["id"] not in flagged,
            band_span_orders(entry, rubrics),
            entry["id"] not in verdict_competencies,
            -(entry["blind_spot"] or 0),
            entry["score"],
            entry["id"],
        ),
    )
    focus = []
    for entry in ordered[:FOCUS_ITEMS]:
        band_label, settled = band_words(entry, rubrics)
        if not settled:
            # the pill beside it says "Gap or Developing"; nothing longer fits three areas
            # on a full page one (the competency page says "close to the edge of its band",
            # the manager's guide that more answers will settle which)
            why = _("%(score)s of 100.", score=number(entry["score"]))
        elif entry.get("borderline") and not entry.get("interval"):
            # a settled band; "borderline" only for a snapshot without an interval
            why = _(
                "%(band)s band (borderline), %(score)s of 100.",
                band=band_label,
                score=number(entry["score"]),
            )
        else:
            why = _(
                "%(band)s band, %(score)s of 100.", band=band_label, score=number(entry["score"])
            )
        if entry["blind_spot"] and entry.get("compared"):
            why += " " + views_sentence(entry["compared"])
        if entry["source"]:
            why += " " + _("From your manager's review alone.")
        focus.append(
            {
                "id": entry["id"],
                "name": entry["name"],
                "score": entry["score"],
                "band": entry["band"],
                "band_label": band_label,
                "band_settled": settled,
                "why": why,
                "actions": thirty_day_actions(entry["actions"], entry["exercise"]),
            }
        )
    return focus


def band_words(entry: dict[str, Any], rubrics: Rubrics) -> tuple[str, bool]:
    """(how every page names the competency's band, whether its interval settles it):
    ``("Gap", True)``, or ``("Gap or Developing", False)`` when the 90 % interval
    crosses the edge between the two — the focus list, the competency page and the
    manager's guide all say the same."""
    labels = band_span_labels(entry, rubrics)
    if len(labels) == 1:
        return labels[0], True
    return either_list(labels), False


def band_span_orders(entry: dict[str, Any], rubrics: Rubrics) -> tuple[int, int]:
    """(the lowest, the highest) band the 90 % interval reaches, by their place among
    the rubric's bands: (0, 0) for a settled Gap, (0, 1) for "Gap or Developing",
    (1, 1) for a settled Developing; without an interval, the score's band twice."""
    order = rubrics.band_order(entry["id"], entry["band"])
    interval = entry.get("interval")
    if not interval or entry["score"] is None:
        return order, order
    low = rubrics.band_order(entry["id"], rubrics.band_of(entry["id"], interval[0]))
    high = rubrics.band_order(entry["id"], rubrics.band_of(entry["id"], interval[1]))
    return min(low, order), max(high, order)


def band_span_labels(entry: dict[str, Any], rubrics: Rubrics) -> list[str]:
    """The labels of the bands a competency's 90 % interval spans, lowest first: one
    label when the band is settled (or there is no interval to read), two or more when
    the interval crosses a band edge.

    Examples
    --------
    Score 45, interval 35–56, bands Gap (0–50) and Developing (50–75):
    ``["Gap", "Developing"]``.
    """
    interval = entry.get("interval")
    if not interval or entry["score"] is None:
        return [entry["band_label"]]
    low = rubrics.band_order(entry["id"], rubrics.band_of(entry["id"], interval[0]))
    high = rubrics.band_order(entry["id"], rubrics.band_of(entry["id"], interval[1]))
    bank = rubrics.owners.get(entry["id"])
    if bank is None or low >= high or high >= len(bank.rubric.bands):
        return [entry["band_label"]]
    return [rubrics.band_label(entry["id"], band.id) for band in bank.rubric.bands[low : high + 1]]


def within_reach_of_top(
    competencies: list[dict[str, Any]], rubrics: Rubrics
) -> list[dict[str, Any]]:
    """Competencies below the best band whose 90 % interval reaches into it: within
    their margin of error they may be a strength, so none is a focus area."""
    found = []
    for entry in competencies:
        interval = entry.get("interval")
        if entry["score"] is None or not interval:
            continue
        if rubrics.is_top_band(entry["id"], entry["band"]):
            continue
        if rubrics.is_top_band(entry["id"], rubrics.band_of(entry["id"], interval[1])):
            found.append(entry)
    return found


def on_one_answer(competencies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Competencies scored from a single answer (one manager's one item, the others
    "not seen"): no focus area rests on one answer."""
    return [
        entry
        for entry in competencies
        if entry["score"] is not None and entry.get("answers") is not None and entry["answers"] < 2
    ]


def focus_note(
    competencies: list[dict[str, Any]], rubrics: Rubrics, focus: list[dict[str, Any]]
) -> str:
    """Which competencies the focus leaves out because they may be a strength — said
    only when the focus holds fewer than three, where they would otherwise have been."""
    left_out = within_reach_of_top(competencies, rubrics)
    single = [
        entry
        for entry in on_one_answer(competencies)
        if entry not in left_out and not rubrics.is_top_band(entry["id"], entry["band"])
    ]
    if len(focus) >= FOCUS_ITEMS or not (left_out or single):
        return ""
    one = names_list([entry["name"] for entry in single])
    if not left_out:
        if len(single) > 1:
            return _("Not chosen as a focus area: %(names)s: each rests on one answer.", names=one)
        return _("Not chosen as a focus area: %(names)s: it rests on one answer.", names=one)
    top = rubrics.band_label(left_out[0]["id"], rubrics.band_of(left_out[0]["id"], 100))
    listed = names_list(
        [
            _(
                "%(name)s (%(band)s, %(score)s)",
                name=entry["name"],
                band=entry["band_label"],
                score=number(entry["score"]),
            )
            for entry in left_out
        ]
    )
    if len(left_out) > 1:
        note = _(
            "Not chosen as a focus area: %(names)s. Within their margin of error they may be "
            "in the %(band)s band, so more answers in the next round will tell.",
            names=listed,
            band=top,
        )
    else:
        note = _(
            "Not chosen as a focus area: %(names)s. Within its margin of error it may be in "
            "the %(band)s band, so more answers in the next round will tell.",
            names=listed,
            band=top,
        )
    if len(single) > 1:
        note += " " + _("Nor %(names)s: each rests on one answer.", names=one)
    elif single:
        note += " " + _("Nor %(names)s: it rests on one answer.", names=one)
    return note


def thirty_day_actions(actions: list[str], exercise: str) -> list[str]:
    """The rubric's first two actions for the band; a bank written with one action per
    band lends its 30-day exercise as the second, so every focus area has two."""
    chosen = list(actions[:FOCUS_ACTIONS])
    if len(chosen) < FOCUS_ACTIONS and exercise:
        chosen.append(exercise)
    return chosen
