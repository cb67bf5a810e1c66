"""A bank version's item analysis as the owner's page reads it: numbers with their
reading in words, and the same table as CSV rows.

Nothing is computed here but the wording: alpha, item-rest correlations and
alpha-if-deleted come from ``scoring.reliability.item_analysis``, agreement from
``scoring.agreement.rater_agreement``. What the page may show is decided here too:

* below ``MIN_ANALYSIS_RESPONSES`` complete responses a competency's items say "not
  enough answers yet to judge this item" and carry no number;
* an item's answer counts (scored, "not observed") are shown only once the version has
  that many responses in all, so a count never describes a handful of raters.

Shape::

    bank_id, title, version, responses, counts_shown, minimum, flagged
    competencies [{id, name, n, alpha, reading, judged,
                   items [{id, text, reverse_keyed, answers, not_observed,
                           item_rest, alpha_if_deleted, judged, reading, flag}]}]
    agreement    None | {statistic, competencies [{id, name, raters, groups,
                          icc1, icck, mean_group_size, reading}]}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.core.banks import Bank
from assess.core.scoring.agreement import CompetencyAgreement, RaterAgreement
from assess.core.scoring.reliability import CompetencyAnalysis, ItemAnalysis, ItemStat
from assess.core.scoring.rules import MIN_AGREEMENT_GROUPS, MIN_ANALYSIS_RESPONSES

#: Below this item-rest correlation an item does not go with the others (the usual
#: rule of thumb, as `flask banks analyse` prints it).
WEAK_ITEM_REST = 0.2
#: Alpha from here on is acceptable; from GOOD_ALPHA on, good.
ACCEPTABLE_ALPHA = 0.7
GOOD_ALPHA = 0.8
#: ICC(1) from here on: a medium and a large share of the spread lies between reps.
MODERATE_ICC = 0.10
STRONG_ICC = 0.25

NOT_JUDGED = "not enough answers yet to judge this item"
DOES_NOT_GO = "This item does not go with the others of its competency: reword or drop it."
RUNS_AGAINST = (
    " It even runs against them: if it is worded the other way round from the others, "
    "check that it is marked reverse-keyed."
)
AGREEMENT_STATISTIC = (
    "Agreement is ICC(1), the share of the differences between buyers' scores that "
    "comes from which rep they rated rather than from which buyer answered: it is "
    "pooled over every rep, so no rep's two or three buyers are looked at on their "
    "own, and it allows for reps with different numbers of buyers."
)

CSV_COLUMNS = (
    "competency",
    "competency_name",
    "competency_n",
    "competency_alpha",
    "item",
    "item_text",
    "reverse_keyed",
    "answers",
    "not_observed",
    "item_rest_correlation",
    "alpha_if_deleted",
    "reading",
)


def item_review_view(
    bank: Bank,
    analysis: ItemAnalysis,
    agreement: RaterAgreement | None,
    names: Mapping[str, str],
    *,
    minimum: int = MIN_ANALYSIS_RESPONSES,
) -> dict[str, Any]:
    """The page's plain view of one bank version's analysis.

    Parameters
    ----------
    bank : Bank
        The version analysed (item texts, reverse keys).
    analysis : ItemAnalysis
        ``item_analysis(bank, responses)``.
    agreement : RaterAgreement or None
        ``rater_agreement(bank, groups)`` for a buyer survey; None for other banks.
    names : Mapping[str, str]
        Competency id -> name (a mirroring bank names none of its own).
    minimum : int
        The analysis's minimum of complete responses.

    Returns
    -------
    dict
        See the module docstring.
    """
    counts_shown = analysis.responses >= minimum
    competencies = [
        _competency(bank, entry, names, counts_shown, minimum) for entry in analysis.competencies
    ]
    flagged = sum(1 for entry in competencies for item in entry["items"] if item["flag"])
    return {
        "bank_id": bank.id,
        "title": bank.text(bank.title),
        "version": bank.version,
        "responses": analysis.responses,
        "counts_shown": counts_shown,
        "minimum": minimum,
        "flagged": flagged,
        "competencies": competencies,
        "agreement": _agreement(agreement, names) if agreement is not None else None,
    }


def competency_name(names: Mapping[str, str], competency: str) -> str:
    """The competency's name, or its id made readable when no bank names it."""
    return names.get(competency) or competency.replace("_", " ").capitalize()


def _competency(
    bank: Bank,
    entry: CompetencyAnalysis,
    names: Mapping[str, str],
    counts_shown: bool,
    minimum: int,
) -> dict[str, Any]:
    judged = entry.n >= minimum
    items = [_item(bank, stat, entry, judged, counts_shown) for stat in entry.items]
    return {
        "id": entry.competency,
        "name": competency_name(names, entry.competency),
        "n": entry.n,
        "alpha": entry.alpha,
        "judged": judged,
        "reading": _alpha_reading(entry, judged, minimum),
        "items": items,
    }


def _alpha_reading(entry: CompetencyAnalysis, judged: bool, minimum: int) -> str:
    if not judged:
        return (
            f"Not enough answers yet: {entry.n} of the {minimum} complete answers needed "
            "to judge its items."
        )
    if len(entry.items) < 2:
        return "Only one item: alpha needs at least two to compare."
    if entry.alpha is None:
        return "The answers do not vary yet: there is nothing to judge."
    compared = len(entry.items) - len(entry.apart)
    if entry.alpha >= GOOD_ALPHA:
        reading = "Good: its items measure one thing consistently."
    elif entry.alpha >= ACCEPTABLE_ALPHA:
        reading = "Acceptable: its items mostly measure one thing."
    else:
        reading = "Low: its items do not yet measure one thing consistently."
        if compared == 2:
            reading += " With two items alpha runs low; watch the item-rest correlation."
    if entry.apart:
        reading += (
            f" Judged on the {entry.n} answers asked its other items together; "
            f"{', '.join(entry.apart)} {'is' if len(entry.apart) == 1 else 'are'} asked of "
            "other raters (the survey branches)."
        )
    return reading


def _item(
    bank: Bank,
    stat: ItemStat,
    entry: CompetencyAnalysis,
    judged: bool,
    counts_shown: bool,
) -> dict[str, Any]:
    item = bank.item(stat.column)
    flag = None
    reading = None
    if not judged:
        reading = NOT_JUDGED
    elif stat.column in entry.apart:
        reading = (
            "asked of other raters than the items it is scored with (the survey branches): "
            "not compared with them"
        )
    elif len(entry.items) < 2:
        reading = "the only item of its competency: nothing to compare it with"
    elif stat.item_rest_correlation is None:
        reading = "the answers do not vary yet: nothing to judge"
    elif stat.item_rest_correlation < WEAK_ITEM_REST:
        flag = DOES_NOT_GO + (RUNS_AGAINST if stat.item_rest_correlation < 0 else "")
    elif (
        entry.alpha is not None
        and stat.alpha_if_deleted is not None
        and stat.alpha_if_deleted > entry.alpha
    ):
        reading = "the competency's alpha would rise without it: worth a second look"
    else:
        reading = "goes with the others"
    if counts_shown and stat.not_observed and stat.not_observed >= stat.answers:
        unseen = "half or more of the raters could not judge it: ask about something they see"
        reading = f"{reading}; {unseen}" if reading else unseen[0].upper() + unseen[1:] + "."
    return {
        "id": stat.column,
        "text": bank.text(item.text) if item is not None else stat.column,
        "reverse_keyed": bool(item is not None and item.reverse_keyed),
        "answers": stat.answers if counts_shown else None,
        "not_observed": stat.not_observed if counts_shown else None,
        "offers_not_observed": bool(item is not None and item.offers_not_observed),
        "item_rest": stat.item_rest_correlation if judged else None,
        "alpha_if_deleted": stat.alpha_if_deleted if judged else None,
        "judged": judged and stat.column not in entry.apart,
        "reading": reading,
        "flag": flag,
    }


def _agreement(agreement: RaterAgreement, names: Mapping[str, str]) -> dict[str, Any]:
    return {
        "statistic": AGREEMENT_STATISTIC,
        "minimum_groups": MIN_AGREEMENT_GROUPS,
        "competencies": [_agreement_row(entry, names) for entry in agreement.competencies],
    }


def _agreement_row(entry: CompetencyAgreement, names: Mapping[str, str]) -> dict[str, Any]:
    return {
        "id": entry.competency,
        "name": competency_name(names, entry.competency),
        "raters": entry.raters,
        "groups": entry.groups,
        "icc1": entry.icc1,
        "icck": entry.icck,
        "mean_group_size": entry.mean_group_size,
        "reading": _icc_reading(entry),
    }


def _icc_reading(entry: CompetencyAgreement) -> str:
    if entry.icc1 is None:
        if entry.note and "do not vary" in entry.note:
            return "The scores do not vary yet: there is nothing to judge."
        return (
            f"Not enough answers yet: {entry.raters} buyers of {entry.groups} reps with two "
            f"buyers or more so far; {MIN_ANALYSIS_RESPONSES} buyers of "
            f"{MIN_AGREEMENT_GROUPS} reps needed."
        )
    if entry.icc1 >= STRONG_ICC:
        return "Strong: buyers of the same rep agree well."
    if entry.icc1 >= MODERATE_ICC:
        return "Moderate: buyers of the same rep agree, with room to spare."
    if entry.icc1 >= 0:
        return (
            "Weak: buyers of the same rep agree little more than buyers of different "
            "reps; a rep's buyer average says little about the rep."
        )
    return (
        "None: buyers of the same rep agree no more than buyers of different reps; "
        "buyers may read these statements differently."
    )


def item_review_rows(view: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The page's item table as CSV rows (``CSV_COLUMNS``), one per item; cells the
    page leaves out (not judged, counts withheld) are empty."""

    def cell(value: float | None) -> str:
        return "" if value is None else f"{value:.4f}"

    rows = []
    for entry in view["competencies"]:
        for item in entry["items"]:
            rows.append(
                {
                    "competency": entry["id"],
                    "competency_name": entry["name"],
                    "competency_n": entry["n"],
                    "competency_alpha": cell(entry["alpha"] if entry["judged"] else None),
                    "item": item["id"],
                    "item_text": item["text"],
                    "reverse_keyed": "yes" if item["reverse_keyed"] else "no",
                    "answers": "" if item["answers"] is None else item["answers"],
                    "not_observed": "" if item["not_observed"] is None else item["not_observed"],
                    "item_rest_correlation": cell(item["item_rest"]),
                    "alpha_if_deleted": cell(item["alpha_if_deleted"]),
                    "reading": item["flag"] or item["reading"] or "",
                }
            )
    return rows
