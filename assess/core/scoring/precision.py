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
from functools import lru_cache

from assess.core.scoring.rules import ERROR_CORRELATION, REFERENCE_ITEMS, SCORE_SD

#: The normal quantile of a two-sided 90 % interval.
Z90 = 1.6448536269514722


@lru_cache(maxsize=256)  # called once per rater per competency: a handful of distinct values
def rater_error(reliability: float, items: int = REFERENCE_ITEMS) -> float:
    """One rater's standard error of measurement on the 0–100 scale, for a score
    resting on `items` item answers (`reliability` describes ``REFERENCE_ITEMS``).

    Examples
    --------
    Reliability 0.75 at four items: 20 · √0.25 = 10. One item: Spearman–Brown gives
    0.25 · 0.75 / (1 − 0.75 · 0.75) = 0.43, so 20 · √0.57 = 15.12. Eight items: 0.857,
    so 7.56.
    """
    length = max(items, 1) / REFERENCE_ITEMS
    adjusted = length * reliability / (1 + (length - 1) * reliability)
    return SCORE_SD * math.sqrt(1 - adjusted)


def group_error(
    scores: Sequence[float], weights: Sequence[float], floors: Sequence[float] | float
) -> float:
    """The standard error of a (weighted) mean of raters' scores.

    `floors` holds each rater's own measurement error (or one value for all). The spread
    is the weighted standard deviation — the weights that make the mean — and it never
    counts for less than the raters' own errors (their weighted root mean square).

    Examples
    --------
    Four raters at 40, 60, 60, 80, each with error 10: max(SD 16.33, 10) / √4 = 8.16.
    Four raters who agree, each with error 10: 10 / √4 = 5.
    """
    if not isinstance(floors, Sequence):
        floors = [floors] * len(scores)
    total = sum(weights)
    floor = math.sqrt(sum(w * f * f for w, f in zip(weights, floors, strict=True)) / total)
    if len(scores) < 2:
        return floor
    effective = total**2 / sum(weight * weight for weight in weights)
    spread = weighted_stdev(scores, weights)
    return max(spread, floor) / math.sqrt(effective)


def weighted_stdev(scores: Sequence[float], weights: Sequence[float]) -> float:
    """The weighted sample standard deviation (reliability weights; with equal weights,
    the ordinary sample SD)."""
    total = sum(weights)
    center = sum(w * x for w, x in zip(weights, scores, strict=True)) / total
    squares = sum(w * (x - center) ** 2 for w, x in zip(weights, scores, strict=True))
    denominator = total - sum(w * w for w in weights) / total
    return math.sqrt(squares / denominator) if denominator > 0 else 0.0


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
