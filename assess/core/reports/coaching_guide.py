"""The manager's copy of a rep's report: a coaching guide for each focus area.

The rep's report speaks to the rep; the manager reads the same pages and then this
guide, written to the manager about the rep. Per focus area: the rubric's owner sentence
in the report's tone (the owner's words, which the rep's pages never carry), what to
watch for on a ride-along and what to ask in the one-to-one, read from the competency's
rubric (``coaching_guide``). The rep's two 30-day actions are on page one, where the
manager asks about them by date; the guide fits one page to take along.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.core.i18n import gettext as _
from assess.core.reports.rubrics import Rubrics
from assess.core.reports.wording import number


def guide_area(
    item: Mapping[str, Any], rubrics: Rubrics, tone: str, values: Mapping[str, Any]
) -> dict[str, Any]:
    """One focus area of the guide; a competency whose bank has no guide says so."""
    filled = {**values, "score": number(item["score"])}
    guide = rubrics.guide(item["id"], **filled)
    owner = rubrics.owner_sentence(item["id"], item["band"], tone, **filled)
    settled = item.get("band_settled", True)
    if owner and not settled:  # the rubric's words are for one band: say whose
        band = rubrics.band_label(item["id"], item["band"])
        owner = _(
            "%(bands)s — more answers will settle which. The rubric's words for the %(band)s "
            "band, where the score is: %(owner)s",
            bands=item["band_label"],
            band=band,
            owner=owner,
        )
    return {
        "id": item["id"],
        "name": item["name"],
        "band": item["band"],
        "band_label": item["band_label"],
        "band_settled": settled,
        "score": item["score"],
        "owner": owner,
        "watch_for": guide["watch_for"] if guide else [],
        "ask": guide["ask"] if guide else [],
        "missing": (
            ""
            if guide
            else _(
                "This round's version of the bank has no coaching guide for %(name)s. Watch "
                "for its two actions (page one) on a ride-along, and ask %(rep)s about each by "
                "its date.",
                name=item["name"],
                rep=values["rep"],
            )
        ),
    }


def coaching_guide(
    focus: list[Mapping[str, Any]],
    rubrics: Rubrics,
    tone: str,
    values: Mapping[str, Any],
    reasons: list[str],
) -> dict[str, Any]:
    """The manager's guide: the rubric's reasons for the verdict and one area per focus
    item. `values` fills the rubric's placeholders ({rep}, {team})."""
    return {
        "reasons": reasons,
        "areas": [guide_area(item, rubrics, tone, values) for item in focus],
    }
