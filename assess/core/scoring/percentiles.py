"""Where a score stands: against the bank's norm table, else the organization's history.

* Norm table (``rubric.norms``): ``percentile: score`` breakpoints. The score is placed
  by straight-line interpolation between the two breakpoints around it, with the ends
  of the scale as implicit breakpoints (score 0 is the 0th percentile, score 100 the
  100th). A score equal to a run of tied breakpoints gets the middle of their
  percentiles.
* History (past combined scores of the organization on that competency — the caller
  gives only earlier rounds, so a closed round's percentiles never move): percent of
  past scores strictly below, plus half of those equal, leaving out the rep's own past
  scores (`own`) — needs ``rules.MIN_HISTORY`` (or the caller's minimum) others.
* Neither: ``None``.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from assess.core.banks import Norm
from assess.core.scoring.rules import MIN_HISTORY


def percentile_from_norm(norm: Norm, score: float) -> float:
    """Percentile of ``score`` by interpolating the norm's breakpoints.

    Parameters
    ----------
    norm : Norm
        ``points`` are ``(percentile, score)`` pairs, ascending.
    score : float
        A 0–100 score.

    Returns
    -------
    float
        0–100.

    Examples
    --------
    With breakpoints 25 -> 48 and 50 -> 61, a score of 54.5 lies halfway: 37.5.

    >>> norm = Norm("listening", ((10, 35), (25, 48), (50, 61), (75, 73), (90, 85)))
    >>> percentile_from_norm(norm, 54.5), percentile_from_norm(norm, 17.5)
    (37.5, 5.0)
    """
    _check_score(score)
    points = [(0.0, 0.0), *((float(s), float(p)) for p, s in norm.points), (100.0, 100.0)]
    tied = [percentile for point_score, percentile in points if point_score == score]
    if tied:
        return (min(tied) + max(tied)) / 2
    for (low_score, low_pct), (high_score, high_pct) in zip(points, points[1:], strict=False):
        if low_score < score < high_score:
            return low_pct + (score - low_score) / (high_score - low_score) * (high_pct - low_pct)
    raise ValueError(f"score {score!r} is outside the norm's range")  # unreachable on 0–100


def percentile_from_history(
    history: Sequence[float],
    score: float,
    own: Sequence[float] = (),
    minimum: int = MIN_HISTORY,
) -> float | None:
    """Percent of ``history`` strictly below ``score`` plus half of the ties, the
    scores in ``own`` (the rep's own past scores, a sub-multiset of ``history``) left
    out. ``history`` must be sorted: it is shared by every rep of a round, and leaving a
    rep's own scores out by counting them (not by copying the list) keeps a 500-rep
    round fast.

    Returns ``None`` with fewer than ``minimum`` scores left.

    Examples
    --------
    Four of ten past scores are below 50 and two equal it: (4 + 2 / 2) / 10 = 50 %.

    >>> history = [10, 20, 30, 40, 50, 50, 60, 70, 80, 90]
    >>> percentile_from_history(history, 50, minimum=10)
    50.0
    >>> percentile_from_history(history, 50, own=[10], minimum=9)  # 3 below, 2 tied, of 9
    44.44444444444444
    """
    _check_score(score)
    size = len(history) - len(own)
    if size < minimum or size <= 0:
        return None
    below = bisect.bisect_left(history, score) - sum(1 for value in own if value < score)
    ties = bisect.bisect_right(history, score) - bisect.bisect_left(history, score)
    ties -= sum(1 for value in own if value == score)
    return (below + ties / 2) / size * 100


def percentile(
    score: float | None,
    norm: Norm | None,
    history: Sequence[float] | None,
    own: Sequence[float] = (),
    minimum: int = MIN_HISTORY,
) -> tuple[float | None, str | None]:
    """``(percentile, source)``: source is ``"norm"``, ``"history"`` or ``None``.

    Examples
    --------
    >>> percentile(70.0, None, None)
    (None, None)
    """
    if score is None:
        return None, None
    if norm is not None:
        return percentile_from_norm(norm, score), "norm"
    if history:
        value = percentile_from_history(history, score, own, minimum)
        if value is not None:
            return value, "history"
    return None, None


def _check_score(value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise ValueError(f"a score must be a number from 0 to 100, got {value!r}")
    return value
