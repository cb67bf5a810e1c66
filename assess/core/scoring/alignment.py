"""Alignment survey: each group's score per area, and where the groups disagree.

The bank's ``rubric.compare_groups`` names two or three groups (``sales: [self,
manager]``, ``marketing: [marketing]``, ``delivery: [operations]``). Each rater is read
against the pages their role was asked (``Bank.for_role``): delivery staff are asked
about delivery only, so on the sales–marketing areas their group is "not asked" —
not "too few", which would send a manager chasing answers nobody can give. Per area
(the bank's competencies):

* each group's score is the plain mean of its raters' area scores (same missing-answer
  rule as reps), shown only with at least ``min_raters_per_group`` raters;
* the gap of every pair of groups asked about it is the first group (in
  ``compare_groups`` order) minus the second. A pair disagrees when ``|gap|`` is larger
  than both the rubric's ``gap_threshold`` and the gap's own margin of error, and the
  area when any pair does; the widest pair's gap is the area's ``gap``. The margin is
  ``Z90 · √(SE_a² + SE_b²)``, each group's SE from its raters' spread by
  `precision.group_error` (never below one rater's own measurement error, which is
  all one rater gives): three people a side who happen to differ by 35 points may
  differ by chance. A gap over the threshold but within its margin is
  ``could_be_chance``, never a disagreement;
* the combined score weighs every rater of the groups asked by the ``rater_weights`` of
  their role (1 when not listed), and gets the rubric's band — only when every group
  asked is shown: a band such as "Aligned" said without one of them would label the
  group that is hidden.

Areas are listed widest disagreement first. Free-text comments are returned, sorted,
only when every group that answered has at least the minimum number of raters.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from assess.core.banks import Bank, Text
from assess.core.banks.serialize import text_to_dict
from assess.core.scoring.model import NO_RATERS, NOT_ENOUGH_DATA, OK, QualitySummary, RaterResponse
from assess.core.scoring.precision import Z90, group_error, rater_error
from assess.core.scoring.quality import check_quality, summarize
from assess.core.scoring.responses import (
    ScoredResponse,
    comments_in_languages,
    plan_for,
    score_response,
)
from assess.core.scoring.stats import exceeds, mean, rounded, weighted_mean

NOT_ENOUGH_RATERS = "not_enough_raters"
#: The group's roles were not asked about the area (no page of theirs rates it).
NOT_ASKED = "not_asked"


@dataclass(frozen=True)
class SideScore:
    side: str
    score: float | None
    raters: int
    status: str
    error: float | None = None  # the standard error of `score` (see `precision`)

    def to_dict(self) -> dict[str, Any]:
        data = {"score": rounded(self.score), "raters": self.raters, "status": self.status}
        if self.score is not None and self.error is not None:
            data["se"] = rounded(self.error)
        return data


@dataclass(frozen=True)
class PairGap:
    """``first`` minus ``second`` (None unless both are shown), its 90 % margin of
    error, and what it comes to: a disagreement (over the threshold and beyond the
    margin), a gap that could be chance (over the threshold, within the margin), or
    neither."""

    first: str
    second: str
    gap: float | None
    disagreement: bool
    margin: float | None = None
    could_be_chance: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "between": [self.first, self.second],
            "gap": rounded(self.gap),
            "margin": rounded(self.margin),
            "disagreement": self.disagreement,
            "could_be_chance": self.could_be_chance,
        }


@dataclass(frozen=True)
class AreaResult:
    id: str
    name: Text
    sides: tuple[SideScore, ...]
    gaps: tuple[PairGap, ...]  # every pair of groups asked about the area
    combined: float | None
    band: str | None

    @property
    def widest(self) -> PairGap | None:
        """The pair furthest apart (the first such pair on a tie), or None."""
        known = [pair for pair in self.gaps if pair.gap is not None]
        return max(known, key=lambda pair: round(abs(pair.gap or 0), 9), default=None)

    @property
    def gap(self) -> float | None:
        widest = self.widest
        return None if widest is None else widest.gap

    @property
    def disagreement(self) -> bool:
        return any(pair.disagreement for pair in self.gaps)

    def to_dict(self) -> dict[str, Any]:
        widest = self.widest
        return {
            "id": self.id,
            "name": text_to_dict(self.name),
            "sides": {side.side: side.to_dict() for side in self.sides},
            "gap": rounded(self.gap),
            "gap_between": [widest.first, widest.second] if widest else None,
            "gaps": [pair.to_dict() for pair in self.gaps],
            "disagreement": self.disagreement,
            "combined": rounded(self.combined),
            "band": self.band,
        }


@dataclass(frozen=True)
class AlignmentResult:
    bank_id: str
    sides: tuple[str, ...]
    raters: tuple[tuple[str, int], ...]  # side -> responses
    min_raters: int
    gap_threshold: float
    areas: tuple[AreaResult, ...]  # widest disagreement first
    quality: QualitySummary
    comments: tuple[str, ...]
    #: Comments of a language too few of a side answered in, left out
    #: (`comments_in_languages`).
    comments_held_back: bool = False

    @property
    def worst(self) -> tuple[str, ...]:
        """Areas where groups disagree, worst first."""
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
            "comments_held_back": self.comments_held_back,
        }


def score_alignment(bank: Bank, responses: Sequence[RaterResponse]) -> AlignmentResult:
    """Compare the groups of an alignment bank area by area.

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
        from a role in no group.

    Examples
    --------
    Three sales raters averaging 80 on an area and three marketers averaging 40 give
    a gap of 40. If each group's SE is 10 (a spread of about 17 over √3), the margin is
    1.645 · √(10² + 10²) = 23.3: with ``gap_threshold: 25`` the gap clears both, so it
    is a disagreement. A gap of 30 with SEs of 15 (margin 34.9) clears the threshold
    but not its margin: it could be chance.
    """
    rubric = bank.rubric
    if len(rubric.compare_groups) < 2:
        raise ValueError(f"bank {bank.id} has no compare_groups: it is not an alignment bank")
    side_of = {role: side for side, roles in rubric.compare_groups for role in roles}
    sides = tuple(side for side, _ in rubric.compare_groups)
    _check_responses(bank, responses, side_of)
    scored = [
        score_response(plan_for(bank.for_role(response.rater_role)), response)
        for response in responses
    ]
    counts = {side: sum(1 for r in responses if side_of[r.rater_role] == side) for side in sides}
    areas = [_area(bank, competency, sides, side_of, scored) for competency in rubric.competencies]
    areas.sort(key=lambda area: (area.gap is None, -round(abs(area.gap or 0), 9), area.id))
    minimum = rubric.min_raters_per_group
    comments_allowed = bool(responses) and all(
        count == 0 or count >= minimum for count in counts.values()
    )
    qualities = [check_quality(bank.for_role(e.response.rater_role), e) for e in scored]
    return AlignmentResult(
        bank_id=bank.id,
        sides=sides,
        raters=tuple((side, counts[side]) for side in sides),
        min_raters=minimum,
        gap_threshold=rubric.gap_threshold,
        areas=tuple(areas),
        quality=summarize(qualities),
        # as a rep's buyers: a comment only from a language enough people answered in
        comments=comments_in_languages(scored, minimum, side_of)[0] if comments_allowed else (),
        comments_held_back=comments_allowed and comments_in_languages(scored, minimum, side_of)[1],
    )


def _check_responses(bank: Bank, responses: Sequence[RaterResponse], side_of: dict) -> None:
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
                f"response {response.response_id}: role {response.rater_role!r} is in no "
                f"group of {bank.id} ({', '.join(sorted(side_of))})"
            )
        if response.response_id in seen:
            raise ValueError(f"response id {response.response_id} appears twice")
        seen.add(response.response_id)
        view = bank.for_role(response.rater_role)
        not_asked = sorted(str(key) for key in response.answers if view.item(key) is None)
        if view is not bank and any(bank.item(key) is not None for key in not_asked):
            raise ValueError(
                f"response {response.response_id}: {response.rater_role} is not asked "
                f"{', '.join(not_asked[:5])}"
            )


def _area(
    bank: Bank,
    competency,
    sides: tuple[str, ...],
    side_of: dict[str, str],
    scored: Sequence[ScoredResponse],
) -> AreaResult:
    """One area: each group's score (or why there is none), the gap of every pair of
    groups asked about it, and the combined score when every group asked is shown."""
    rubric = bank.rubric
    asked_roles = set(bank.roles_asked(competency.id))
    weights = dict(rubric.rater_weights)
    side_scores: list[SideScore] = []
    shown_raters: list[tuple[float, float]] = []
    for side in sides:
        roles = {role for role, group in side_of.items() if group == side}
        if not roles & asked_roles:
            side_scores.append(SideScore(side, None, 0, NOT_ASKED))
            continue
        own = [entry for entry in scored if side_of[entry.response.rater_role] == side]
        rated = sorted(
            (
                entry.scores[competency.id],
                entry.answered.get(competency.id, 1),
                entry.response.rater_role,
            )
            for entry in own
            if competency.id in entry.scores
        )
        if len(rated) >= rubric.min_raters_per_group:
            scores = [score for score, _, _ in rated]
            floors = [rater_error(rubric.reliability, items) for _, items, _ in rated]
            error = group_error(scores, [1.0] * len(rated), floors)
            side_scores.append(SideScore(side, mean(scores), len(rated), OK, error))
            shown_raters.extend((score, weights.get(role, 1)) for score, _, role in rated)
        elif rated:
            side_scores.append(SideScore(side, None, len(rated), NOT_ENOUGH_RATERS))
        else:
            short = any(competency.id in entry.short for entry in own)
            side_scores.append(SideScore(side, None, 0, NOT_ENOUGH_DATA if short else NO_RATERS))
    asked = [side for side in side_scores if side.status != NOT_ASKED]
    gaps = [_pair(first, second, rubric.gap_threshold) for first, second in combinations(asked, 2)]
    every_asked_shown = len(asked) >= 2 and all(side.score is not None for side in asked)
    combined = weighted_mean(shown_raters) if every_asked_shown else None
    band = rubric.band_for(combined) if combined is not None else None
    return AreaResult(
        id=competency.id,
        name=competency.name,
        sides=tuple(side_scores),
        gaps=tuple(gaps),
        combined=combined,
        band=band.id if band is not None else None,
    )


def _pair(first: SideScore, second: SideScore, threshold: float) -> PairGap:
    """The gap between two groups and whether it is more than the threshold and more
    than chance: its 90 % margin is ``Z90`` standard errors of a difference of two
    means from different people, ``√(SE_first² + SE_second²)``."""
    if first.score is None or second.score is None:
        return PairGap(first.side, second.side, None, False)
    gap = first.score - second.score
    margin = Z90 * math.sqrt((first.error or 0.0) ** 2 + (second.error or 0.0) ** 2)
    over_threshold = exceeds(gap, threshold)
    beyond_margin = exceeds(gap, margin)
    return PairGap(
        first.side,
        second.side,
        gap,
        disagreement=over_threshold and beyond_margin,
        margin=margin,
        could_be_chance=over_threshold and not beyond_margin,
    )
