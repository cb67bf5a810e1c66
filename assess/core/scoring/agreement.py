"""How far the buyers of one rep agree: ICC(1), pooled over every rep, per competency.

Why ICC(1) and not rwg. A buyer survey's scores are worth averaging per rep only if
buyers of the same rep agree more than buyers of different reps. ICC(1) measures just
that: the share of the spread in buyers' scores that lies between reps rather than
between the buyers of one rep. It is one number over all reps — no rep's two or three
buyers are looked at on their own, which a per-rep index such as rwg would do — and the
one-way ANOVA it rests on allows reps with different numbers of buyers.

The units are what the reports average: each buyer's competency score
(``responses.score_response``: reverse keys applied, "not observed" answers left out,
a competency with too few answers left unscored). A group is the buyers of one rep in
one round; a group of one buyer says nothing about agreement and is left out.

From a one-way ANOVA with ``J`` groups, ``N`` scores and ``n_j`` scores per group:

* ``ICC(1) = (MSB − MSW) / (MSB + (n0 − 1) · MSW)``, with
  ``n0 = (N − Σ n_j² / N) / (J − 1)`` the average group size for unequal groups;
* ``ICC(k) = (MSB − MSW) / MSB``: the reliability of a rep's mean over ``n0`` buyers
  (Spearman–Brown of ICC(1) to ``n0`` raters).

Below ``rules.MIN_ANALYSIS_RESPONSES`` scores or ``rules.MIN_AGREEMENT_GROUPS`` reps
with two buyers or more, or when the scores do not vary, both are ``None`` with a note.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assess.core.banks import Bank
from assess.core.scoring.model import RaterResponse
from assess.core.scoring.responses import plan_for, score_response
from assess.core.scoring.rules import MIN_AGREEMENT_GROUPS, MIN_ANALYSIS_RESPONSES


@dataclass(frozen=True)
class OneWayIcc:
    """ICC(1) and ICC(k) of grouped scores, and the ``n0`` that ICC(k) is for."""

    icc1: float
    icck: float | None  # None when the group means do not vary (MSB = 0)
    mean_group_size: float


def one_way_icc(groups: Sequence[Sequence[float]]) -> OneWayIcc | None:
    """ICC(1) and ICC(k) of scores grouped by target (one-way random effects).

    Parameters
    ----------
    groups : sequence of sequences of float
        One sequence per target (a rep), holding its raters' scores; groups may differ
        in size.

    Returns
    -------
    OneWayIcc or None
        ``None`` with fewer than two groups, no group of two, or no variance at all.

    Raises
    ------
    ValueError
        If a score is not a number.

    Examples
    --------
    >>> result = one_way_icc([[1, 2], [3, 4], [5, 6]])
    >>> round(result.icc1, 4), round(result.icck, 4), result.mean_group_size
    (0.8824, 0.9375, 2.0)
    """
    groups = [list(group) for group in groups if len(group)]
    for group in groups:
        for value in group:
            if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
                raise ValueError(f"scores must be numbers, got {value!r}")
    sizes = [len(group) for group in groups]
    total, count = sum(sizes), len(groups)
    if count < 2 or total <= count:
        return None
    grand = math.fsum(math.fsum(group) for group in groups) / total
    means = [math.fsum(group) / len(group) for group in groups]
    between = math.fsum(
        size * (centre - grand) ** 2 for size, centre in zip(sizes, means, strict=True)
    )
    within = math.fsum(
        (value - centre) ** 2
        for group, centre in zip(groups, means, strict=True)
        for value in group
    )
    msb, msw = between / (count - 1), within / (total - count)
    n0 = (total - math.fsum(size * size for size in sizes) / total) / (count - 1)
    denominator = msb + (n0 - 1) * msw
    if denominator <= 0:
        return None
    icck = (msb - msw) / msb if msb > 0 else None
    return OneWayIcc((msb - msw) / denominator, icck, n0)


@dataclass(frozen=True)
class CompetencyAgreement:
    competency: str
    raters: int  # buyer scores used (in groups of two or more)
    groups: int  # reps (in one round) with two buyers or more
    icc1: float | None
    icck: float | None
    mean_group_size: float | None
    note: str | None  # why a number is missing

    def to_dict(self) -> dict[str, Any]:
        return {
            "competency": self.competency,
            "raters": self.raters,
            "groups": self.groups,
            "icc1": _r4(self.icc1),
            "icck": _r4(self.icck),
            "mean_group_size": None
            if self.mean_group_size is None
            else round(self.mean_group_size, 2),
            "note": self.note,
        }


@dataclass(frozen=True)
class RaterAgreement:
    bank_id: str
    version: str
    competencies: tuple[CompetencyAgreement, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "bank_id": self.bank_id,
            "version": self.version,
            "competencies": [entry.to_dict() for entry in self.competencies],
        }


def _r4(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def rater_agreement(
    bank: Bank,
    groups: Sequence[Sequence[RaterResponse]],
    *,
    min_raters: int = MIN_ANALYSIS_RESPONSES,
    min_groups: int = MIN_AGREEMENT_GROUPS,
) -> RaterAgreement:
    """ICC(1) of every competency the bank scores, among the raters of each target.

    Parameters
    ----------
    bank : Bank
        The bank (one version).
    groups : sequence of sequences of RaterResponse
        One sequence per target (the buyers of one rep in one round).
    min_raters, min_groups : int
        Scores, and groups of two or more, needed before a number is given.

    Returns
    -------
    RaterAgreement

    Raises
    ------
    ValueError
        If a response is for another bank or holds an invalid answer.

    Examples
    --------
    >>> from assess.core.banks import load_banks
    >>> agreement = rater_agreement(load_banks("question_banks")["buyer_feedback"], [])
    >>> agreement.competencies[0].note
    'not enough data: 0 buyers of 0 reps, 10 buyers of 5 reps needed'
    """
    plan = plan_for(bank)
    scored_groups = []
    for group in groups:
        scores = []
        for response in group:
            if not isinstance(response, RaterResponse) or response.bank_id != bank.id:
                raise ValueError(
                    f"rater_agreement({bank.id}): every response must answer {bank.id}"
                )
            scores.append(score_response(plan, response).scores)
        scored_groups.append(scores)
    entries = []
    for competency in bank.scored_competencies:
        by_group = [
            [row[competency] for row in group if competency in row] for group in scored_groups
        ]
        by_group = [scores for scores in by_group if len(scores) >= 2]
        raters = sum(len(scores) for scores in by_group)
        if raters < min_raters or len(by_group) < min_groups:
            note = (
                f"not enough data: {raters} buyers of {len(by_group)} reps, "
                f"{min_raters} buyers of {min_groups} reps needed"
            )
            entries.append(
                CompetencyAgreement(competency, raters, len(by_group), None, None, None, note)
            )
            continue
        result = one_way_icc(by_group)
        if result is None:
            entries.append(
                CompetencyAgreement(
                    competency, raters, len(by_group), None, None, None,
                    "not enough data: the scores do not vary",
                )
            )  # fmt: skip
            continue
        entries.append(
            CompetencyAgreement(
                competency, raters, len(by_group), result.icc1, result.icck,
                result.mean_group_size, None,
            )
        )  # fmt: skip
    return RaterAgreement(bank.id, bank.version, tuple(entries))
