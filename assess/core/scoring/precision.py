"""How precise a score is: its standard error, its 90 % interval, whether it clears a
band's edge, and whether a change between two rounds is more than noise.

A rater group's score is the mean of its raters' scores. Its standard error comes from
how much the raters disagree (the sample SD over the square root of the effective
number of raters, for weighted raters), but never less than one rater's own
measurement error divided the same way: two raters who happen to agree have not
measured without error. One rater's measurement error is the classical
``SD · √(1 − reliability)`` with the bank's ``reliability`` (rubric, default 0.75)
and a score SD of ``rules.SCORE_SD`` (20 points on the 0–100 scale).

A competency's score from the manager and the buyers takes ``√(Σ wᵢ² SEᵢ²) / Σ wᵢ``:
different people, independent errors. An overall averages competencies rated by the
same people, whose errors go together (halo), so it takes `composite_error` with
``rules.ERROR_CORRELATION``: treating them as independent would make the overall, and
every team average and change built on it, look more precise than it is.

A change is reliable (Jacobson–Truax) when ``|now − before| / √(SE_before² +
SE_now²)`` exceeds ``Z90``: otherwise the reports say it did not move beyond noise.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from assess.core.scoring.rules import ERROR_CORRELATION, SCORE_SD
from assess.core.scoring.stats import sample_stdev

#: The normal quantile of a two-sided 90 % interval.
Z90 = 1.6448536269514722


def rater_error(reliability: float) -> float:
    """One rater's standard error of measurement on the 0–100 scale."""
    return SCORE_SD * math.sqrt(1 - reliability)


def group_error(scores: Sequence[float], weights: Sequence[float], reliability: float) -> float:
    """The standard error of a (weighted) mean of raters' scores.

    Examples
    --------
    One rater with reliability 0.75: 20 · √0.25 = 10. Four raters at 40, 60, 60, 80
    (SD 16.33) weigh in at max(16.33, 10) / √4 = 8.16.
    """
    floor = rater_error(reliability)
    if len(scores) < 2:
        return floor
    effective = sum(weights) ** 2 / sum(weight * weight for weight in weights)
    spread = sample_stdev(list(scores)) or 0.0
    return max(spread, floor) / math.sqrt(effective)


def combined_error(parts: Iterable[tuple[float, float]]) -> float | None:
    """The standard error of ``Σ wᵢ xᵢ / Σ wᵢ`` from (SE, weight) pairs."""
    pairs = [(error, weight) for error, weight in parts if weight > 0]
    if not pairs:
        return None
    total = sum(weight for _, weight in pairs)
    return math.sqrt(sum((weight * error) ** 2 for error, weight in pairs)) / total


def composite_error(
    parts: Iterable[tuple[float, float]], correlation: float = ERROR_CORRELATION
) -> float | None:
    """The standard error of ``Σ wᵢ xᵢ / Σ wᵢ`` when the parts' errors correlate.

    ``Var = [(1 − r) Σ (wᵢ SEᵢ)² + r (Σ wᵢ SEᵢ)²] / (Σ wᵢ)²``: with ``r = 0`` it is
    `combined_error`, with ``r = 1`` the weighted mean of the SEs (averaging removes
    no error at all).

    Examples
    --------
    Two equal parts with SE 10 and r = 0.5: √((0.5 · 200 + 0.5 · 400) / 4) = 8.66,
    against 7.07 if independent.
    """
    pairs = [(error, weight) for error, weight in parts if weight > 0]
    if not pairs:
        return None
    total = sum(weight for _, weight in pairs)
    squares = sum((weight * error) ** 2 for error, weight in pairs)
    linear = sum(weight * error for error, weight in pairs)
    variance = (1 - correlation) * squares + correlation * linear * linear
    return math.sqrt(variance) / total


def interval(score: float, error: float) -> tuple[float, float]:
    """The 90 % interval around ``score``, within 0–100."""
    return max(0.0, score - Z90 * error), min(100.0, score + Z90 * error)


def reliable_change(
    before: float | None, before_error: float | None, now: float | None, now_error: float | None
) -> str | None:
    """``"improved"`` or ``"slipped"`` when the change is beyond noise, ``"steady"`` when
    it is not, None when either side is missing."""
    if None in (before, before_error, now, now_error):
        return None
    spread = math.sqrt(before_error**2 + now_error**2)
    if spread == 0:
        return "steady" if now == before else ("improved" if now > before else "slipped")
    ratio = (now - before) / spread
    if ratio > Z90:
        return "improved"
    if ratio < -Z90:
        return "slipped"
    return "steady"
