"""Spearman's rank correlation between a competency score and an outcome, with n and a
90 % interval: one pair at a time (`spearman`; every pair of two tables at once is
`table.spearman_table`).

Why ranks: outcomes are skewed (a few reps close most of the revenue) and scores are
bounded, so a straight-line (Pearson) correlation would be led by a few extreme reps.
Spearman's rho is Pearson's r on the ranks, ties given their average rank.

Only the reps that have both values count (pairwise-complete): a rep with no score on
the competency, or no figure for the outcome, leaves that pair only, not the others.

The interval is Fisher's: ``z = atanh(rho)`` is close to normal, so ``tanh(z ± Z90 ·
se)`` bounds rho. For rank correlations ``se = √(1.06 / (n − 3))``, the
Fieller–Hartley–Pearson (1957) standard error: rank correlations vary more from sample
to sample than Pearson's r, and ``1 / (n − 3)`` — right for Pearson — gives intervals
that miss rho too often. Fieller, Hartley and Pearson found the factor 1.06 by
simulation (bivariate normal data, rho up to about 0.8); it is the usual choice, and
it needs ``n > 3``. A perfect rank agreement (rho ±1) has the transform's limit, the
single point ``[rho, rho]``.

Below ``min_reps`` reps (default `MIN_REPS`, 20) no coefficient is given: with 12 reps a
90 % interval runs from about −0.2 to 0.7 whatever rho is, which would be read as a
finding. A side that does not vary (every rep has the same score, or the same outcome)
gives no coefficient either: nothing can go with a constant.

Each coefficient also gets its two-sided p-value from the same Fisher statistic, and a
table's p-values are adjusted together (Benjamini–Hochberg, `multiplicity`): a table is
the family of pairs a page tests, so a link named from it allows for all of them.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass

from assess.core.scoring.precision import Z90
from assess.core.validity.multiplicity import fisher_p_value

#: Fewest reps with both values before a correlation is given (configurable per call).
MIN_REPS = 20
#: Fisher-z variance factor of Spearman's rho (Fieller, Hartley and Pearson, 1957).
FHP_FACTOR = 1.06
#: The smallest ``min_reps`` allowed: the standard error needs ``n > 3``.
SMALLEST_MIN_REPS = 4

OK = "ok"
NOT_ENOUGH_REPS = "not_enough_reps"
NO_VARIATION = "no_variation"
#: The sides a constant can be on, as `Correlation.constant` names them.
SIDES = ("competency", "outcome")
_SAME = {"competency": "the same score", "outcome": "the same outcome"}


@dataclass(frozen=True)
class Correlation:
    """One competency–outcome rank correlation.

    ``rho``, ``interval`` and ``p_value`` are ``None`` unless ``status`` is ``"ok"``;
    ``note`` then says why in words. ``constant`` names the side(s) without variation.
    ``adjusted_p`` is the p-value allowing for the ``tested`` pairs of its table
    (Benjamini–Hochberg); a pair computed alone is a family of one.
    """

    n: int
    min_reps: int
    rho: float | None = None
    interval: tuple[float, float] | None = None
    status: str = OK
    constant: tuple[str, ...] = ()
    note: str | None = None
    p_value: float | None = None
    adjusted_p: float | None = None
    tested: int = 1

    def to_dict(self) -> dict[str, object]:
        """JSON-able, in a fixed order (rho and bounds to 4 decimals, p-values to 6)."""
        return {
            "rho": None if self.rho is None else round(self.rho, 4),
            "interval": None if self.interval is None else [round(b, 4) for b in self.interval],
            "n": self.n,
            "min_reps": self.min_reps,
            "status": self.status,
            "constant": list(self.constant),
            "note": self.note,
            "p_value": None if self.p_value is None else round(self.p_value, 6),
            "adjusted_p": None if self.adjusted_p is None else round(self.adjusted_p, 6),
            "tested": self.tested,
        }


def fisher_interval(rho: float, n: int) -> tuple[float, float]:
    """The 90 % interval of a rank correlation `rho` from `n` pairs (module docstring).

    Examples
    --------
    rho 0.41 from 38 reps: z = atanh(0.41) = 0.4356, se = √(1.06 / 35) = 0.1740,
    z ± 1.6449 · 0.1740 = 0.1493 … 0.7219, back through tanh:

    >>> [round(bound, 2) for bound in fisher_interval(0.41, 38)]
    [0.15, 0.62]
    """
    if n <= 3:
        raise ValueError(f"a Fisher interval needs more than 3 pairs, got {n}")
    if not -1.0 <= rho <= 1.0:
        raise ValueError(f"rho must be between -1 and 1, got {rho}")
    if abs(rho) == 1.0:
        return (rho, rho)
    centre = math.atanh(rho)
    half_width = Z90 * math.sqrt(FHP_FACTOR / (n - 3))
    return (math.tanh(centre - half_width), math.tanh(centre + half_width))


def average_ranks(values: Sequence[float]) -> list[float]:
    """Ranks 1…n of `values`, ties given the mean of the ranks they span.

    Examples
    --------
    >>> average_ranks([30, 10, 30, 20])
    [3.5, 1.0, 3.5, 2.0]
    """
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        shared = (start + end) / 2 + 1  # positions start…end hold ranks start+1…end+1
        for position in range(start, end + 1):
            ranks[order[position]] = shared
        start = end + 1
    return ranks


def spearman(
    scores: Sequence[float | None], outcomes: Sequence[float | None], *, min_reps: int = MIN_REPS
) -> Correlation:
    """Spearman's rho between one competency's scores and one outcome, rep by rep.

    Parameters
    ----------
    scores, outcomes
        One value per rep, in the same rep order; ``None`` or NaN where missing.
    min_reps
        Fewest reps with both values for a coefficient (at least 4).

    Returns
    -------
    Correlation
        rho, its 90 % interval and n; or no coefficient, with a note saying why.

    Examples
    --------
    >>> result = spearman([1, 2, 3, 4, None, 6], [2, 1, 4, 3, 9, None], min_reps=4)
    >>> result.n, result.rho
    (4, 0.6)
    >>> spearman([1, 2, 3], [1, 2, 3]).note
    'not enough reps to say: 3 of the 20 needed'
    """
    check_min_reps(min_reps)
    if len(scores) != len(outcomes):
        raise ValueError(
            f"scores and outcomes must be one per rep: got {len(scores)} and {len(outcomes)}"
        )
    pairs = [
        (score, outcome)
        for score, outcome in zip(
            _clean(scores, "scores"), _clean(outcomes, "outcomes"), strict=True
        )
        if score is not None and outcome is not None
    ]
    n = len(pairs)
    if n < min_reps:
        return not_enough_reps(n, min_reps)
    score_ranks = average_ranks([score for score, _ in pairs])
    outcome_ranks = average_ranks([outcome for _, outcome in pairs])
    middle = (n + 1) / 2  # the mean of any n average ranks
    score_dev = [rank - middle for rank in score_ranks]
    outcome_dev = [rank - middle for rank in outcome_ranks]
    score_ss = math.fsum(d * d for d in score_dev)
    outcome_ss = math.fsum(d * d for d in outcome_dev)
    if score_ss == 0 or outcome_ss == 0:
        return no_variation(n, min_reps, score_ss == 0, outcome_ss == 0)
    cross = math.fsum(a * b for a, b in zip(score_dev, outcome_dev, strict=True))
    return ok_result(cross / math.sqrt(score_ss * outcome_ss), n, min_reps)


def ok_result(rho: float, n: int, min_reps: int) -> Correlation:
    """A given coefficient, clipped to [−1, 1] against rounding, with its interval and
    its p-value (a family of one: adjusted, it is itself)."""
    rho = min(1.0, max(-1.0, rho))
    p_value = fisher_p_value(rho, n, factor=FHP_FACTOR)
    return Correlation(
        n=n,
        min_reps=min_reps,
        rho=rho,
        interval=fisher_interval(rho, n),
        p_value=p_value,
        adjusted_p=p_value,
    )


def not_enough_reps(n: int, min_reps: int) -> Correlation:
    """No coefficient: fewer than `min_reps` reps have both values."""
    note = f"not enough reps to say: {n} of the {min_reps} needed"
    return Correlation(n=n, min_reps=min_reps, status=NOT_ENOUGH_REPS, note=note)


def no_variation(
    n: int, min_reps: int, scores_constant: bool, outcome_constant: bool
) -> Correlation:
    """No coefficient: every rep has the same score, or the same outcome, or both."""
    constant = tuple(
        side for side, flat in zip(SIDES, (scores_constant, outcome_constant), strict=True) if flat
    )
    what = " and ".join(_SAME[side] for side in constant)
    note = f"no variation: all {n} reps have {what}"
    return Correlation(n=n, min_reps=min_reps, status=NO_VARIATION, constant=constant, note=note)


def check_min_reps(min_reps: int) -> int:
    """`min_reps`, checked: an integer of at least 4 (the interval needs n > 3)."""
    if isinstance(min_reps, bool) or not isinstance(min_reps, int):
        raise ValueError(f"min_reps must be a whole number, got {min_reps!r}")
    if min_reps < SMALLEST_MIN_REPS:
        raise ValueError(f"min_reps must be at least {SMALLEST_MIN_REPS}, got {min_reps}")
    return min_reps


def _clean(values: Sequence[float | None], name: str) -> list[float | None]:
    """Numbers as floats and missing values (None, NaN) as None; anything else refused."""
    cleaned: list[float | None] = []
    for position, value in enumerate(values):
        if value is None:
            cleaned.append(None)
            continue
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise ValueError(f"{name}[{position}] is not a number: {value!r}")
        number = float(value)
        if math.isinf(number):
            raise ValueError(f"{name}[{position}] is not a finite number: {number}")
        cleaned.append(None if math.isnan(number) else number)
    return cleaned
