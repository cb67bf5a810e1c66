"""Sales–marketing alignment: the two sides' scores per area, and where they disagree.

The bank's ``rubric.compare_groups`` names exactly two sides (e.g. ``sales: [self,
manager]``, ``marketing: [marketing]``). Per area (the bank's competencies):

* each side's score is the plain mean of its raters' area scores (same missing-answer
  rule as reps), shown only with at least ``min_raters_per_group`` raters;
* the gap is first side minus second side; a disagreement when ``|gap|`` is larger
  than the rubric's ``gap_threshold``;
* the combined score weighs every rater of both sides by the ``rater_weights`` of
  their role (1 when the role is not listed), and gets the rubric's band — only when
  both sides are shown: a band such as "Aligned" said of one side's answers alone would
  label the side that is hidden.

Areas are listed worst disagreement first. Free-text comments are returned, sorted,
only when every side that answered has at least the minimum number of raters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assess.core.banks import Bank, Text
from assess.core.banks.serialize import text_to_dict
from assess.core.scoring.model import NO_RATERS, NOT_ENOUGH_DATA, OK, QualitySummary, RaterResponse
from assess.core.scoring.quality import check_quality, summarize
from assess.core.scoring.responses import plan_for, score_response
from assess.core.scoring.stats import mean, rounded, weighted_mean

NOT_ENOUGH_RATERS = "not_enough_raters"


@dataclass(frozen=True)
class SideScore:
    side: str
    score: float | None
    raters: int
    status: str

    def to_dict(self) -> dict[str, Any]:
        return {"score": rounded(self.score), "raters": self.raters, "status": self.status}


@dataclass(frozen=True)
class AreaResult:
    id: str
    name: Text
    sides: tuple[SideScore, SideScore]
    gap: float | None  # first side minus second side
    disagreement: bool
    combined: float | None
    band: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": text_to_dict(self.name),
            "sides": {side.side: side.to_dict() for side in self.sides},
            "gap": rounded(self.gap),
            "disagreement": self.disagreement,
            "combined": rounded(self.combined),
            "band": self.band,
        }


@dataclass(frozen=True)
class AlignmentResult:
    bank_id: str
    sides: tuple[str, str]
    raters: tuple[tuple[str, int], ...]  # side -> responses
    min_raters: int
    gap_threshold: float
    areas: tuple[AreaResult, ...]  # worst disagreement first
    quality: QualitySummary
    comments: tuple[str, ...]

    @property
    def worst(self) -> tuple[str, ...]:
        """Areas where the sides disagree, worst first."""
        return tuple(area.id for area in self.areas if area.disagreement)

    def to_dict(self) -> dict[str, Any]:
        return {
            "bank_id": self.bank_id,
            "sides": list(self.sides),
            "raters": dict(self.raters),
            "min_raters": self.min_raters,
            "gap_threshold": self.gap_threshold,
            "areas": [area.to_dict() for area in self.areas],
            "worst": list(self.worst),
            "quality": self.quality.to_dict(),
            "comments": list(self.comments),
        }


def score_alignment(bank: Bank, responses: Sequence[RaterResponse]) -> AlignmentResult:
    """Compare the two sides of an alignment bank area by area.

    Parameters
    ----------
    bank : Bank
        A bank with ``rubric.compare_groups`` (e.g. ``sales_marketing_alignment``).
    responses : sequence of RaterResponse
        Every response to it from the team (order does not matter).

    Returns
    -------
    AlignmentResult

    Raises
    ------
    ValueError
        If the bank has no ``compare_groups``, or a response is for another bank or
        from a role in neither side.

    Examples
    --------
    Three sales raters averaging 80 on an area and three marketers averaging 40 give
    a gap of 40: with ``gap_threshold: 25`` that is a disagreement.
    """
    rubric = bank.rubric
    if len(rubric.compare_groups) != 2:
        raise ValueError(f"bank {bank.id} has no compare_groups: it is not an alignment bank")
    side_of = {role: side for side, roles in rubric.compare_groups for role in roles}
    sides = (rubric.compare_groups[0][0], rubric.compare_groups[1][0])
    seen: set[str] = set()
    for response in responses:
        if not isinstance(response, RaterResponse):
            raise ValueError(
                f"responses must be RaterResponse objects, got {type(response).__name__}"
            )
        if response.bank_id != bank.id:
            raise ValueError(
                f"response {response.response_id} answers {response.bank_id}, not {bank.id}"
            )
        if response.rater_role not in side_of:
            raise ValueError(
                f"response {response.response_id}: role {response.rater_role!r} is in neither "
                f"side of {bank.id} ({', '.join(sorted(side_of))})"
            )
        if response.response_id in seen:
            raise ValueError(f"response id {response.response_id} appears twice")
        seen.add(response.response_id)
    plan = plan_for(bank)
    scored = [score_response(plan, response) for response in responses]
    minimum = rubric.min_raters_per_group
    weights = dict(rubric.rater_weights)
    counts = {side: sum(1 for r in responses if side_of[r.rater_role] == side) for side in sides}

    areas = []
    for competency in rubric.competencies:
        side_scores = []
        shown_raters: list[tuple[float, float]] = []
        for side in sides:
            rated = sorted(
                (entry.scores[competency.id], entry.response.rater_role)
                for entry in scored
                if side_of[entry.response.rater_role] == side and competency.id in entry.scores
            )
            short = any(
                competency.id in entry.short
                for entry in scored
                if side_of[entry.response.rater_role] == side
            )
            if len(rated) >= minimum:
                side_scores.append(SideScore(side, mean([s for s, _ in rated]), len(rated), OK))
                shown_raters.extend((score, weights.get(role, 1)) for score, role in rated)
            elif rated:
                side_scores.append(SideScore(side, None, len(rated), NOT_ENOUGH_RATERS))
            else:
                side_scores.append(
                    SideScore(side, None, 0, NOT_ENOUGH_DATA if short else NO_RATERS)
                )
        first, second = side_scores
        gap = (
            first.score - second.score
            if first.score is not None and second.score is not None
            else None
        )
        combined = weighted_mean(shown_raters) if gap is not None else None
        band = rubric.band_for(combined) if combined is not None else None
        areas.append(
            AreaResult(
                id=competency.id,
                name=competency.name,
                sides=(first, second),
                gap=gap,
                disagreement=gap is not None and abs(gap) > rubric.gap_threshold,
                combined=combined,
                band=band.id if band is not None else None,
            )
        )
    areas.sort(key=lambda area: (area.gap is None, -round(abs(area.gap or 0), 9), area.id))
    comments_allowed = bool(responses) and all(
        count == 0 or count >= minimum for count in counts.values()
    )
    return AlignmentResult(
        bank_id=bank.id,
        sides=sides,
        raters=tuple((side, counts[side]) for side in sides),
        min_raters=minimum,
        gap_threshold=rubric.gap_threshold,
        areas=tuple(areas),
        quality=summarize([check_quality(bank, entry) for entry in scored]),
        comments=tuple(sorted(text for entry in scored for _, text in entry.texts))
        if comments_allowed
        else (),
    )
