"""Spearman's rank correlation between a competency score and an outcome, with n and a
90 % interval: one pair at a time (`spearman`) or every pair of two tables at once
(`spearman_table`).

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
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assess.core.scoring.precision import Z90

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

    ``rho`` and ``interval`` are ``None`` unless ``status`` is ``"ok"``; ``note`` then
    says why in words. ``constant`` names the side(s) without variation.
    """

    n: int
    min_reps: int
    rho: float | None = None
    interval: tuple[float, float] | None = None
    status: str = OK
    constant: tuple[str, ...] = ()
    note: str | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-able, in a fixed order (rho and bounds to 4 decimals)."""
        return {
            "rho": None if self.rho is None else round(self.rho, 4),
            "interval": None if self.interval is None else [round(b, 4) for b in self.interval],
            "n": self.n,
            "min_reps": self.min_reps,
            "status": self.status,
            "constant": list(self.constant),
            "note": self.note,
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
    """A given coefficient, clipped to [−1, 1] against rounding, with its interval."""
    rho = min(1.0, max(-1.0, rho))
    return Correlation(n=n, min_reps=min_reps, rho=rho, interval=fisher_interval(rho, n))


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


@dataclass(frozen=True, eq=False)
class CorrelationTable:
    """Every competency × outcome correlation of two tables (`spearman_table`).

    Arrays are competencies × outcomes: ``rho``, ``low`` and ``high`` are NaN where no
    coefficient is given, ``status`` holds the status strings of `Correlation`.
    """

    rho: np.ndarray
    low: np.ndarray
    high: np.ndarray
    n: np.ndarray
    status: np.ndarray
    scores_constant: np.ndarray
    outcome_constant: np.ndarray
    min_reps: int

    def result(self, competency: int, outcome: int) -> Correlation:
        """The cell (`competency`, `outcome`) as a `Correlation`, notes included."""
        n = int(self.n[competency, outcome])
        status = self.status[competency, outcome]
        if status == NOT_ENOUGH_REPS:
            return not_enough_reps(n, self.min_reps)
        if status == NO_VARIATION:
            return no_variation(
                n,
                self.min_reps,
                bool(self.scores_constant[competency, outcome]),
                bool(self.outcome_constant[competency, outcome]),
            )
        interval = (float(self.low[competency, outcome]), float(self.high[competency, outcome]))
        rho = float(self.rho[competency, outcome])
        return Correlation(n=n, min_reps=self.min_reps, rho=rho, interval=interval)

    def to_dict(self) -> dict[str, object]:
        """JSON-able: one row per competency, one `Correlation.to_dict` per outcome."""
        competencies, outcomes = self.n.shape
        cells = [
            [self.result(c, o).to_dict() for o in range(outcomes)] for c in range(competencies)
        ]
        return {"min_reps": self.min_reps, "cells": cells}


def spearman_table(scores, outcomes, *, min_reps: int = MIN_REPS) -> CorrelationTable:
    """Spearman's rho, n and 90 % interval for every competency × outcome pair at once.

    Parameters
    ----------
    scores
        Reps × competencies, NaN where a rep has no score.
    outcomes
        Reps × outcomes (the same reps, in the same order), NaN where missing.
    min_reps
        Fewest reps with both values for a coefficient (at least 4).

    Each pair is ranked over its own complete reps, exactly as `spearman` would. A rank
    within a subset is "reps of the subset below the value + (reps of the subset tied
    with it + 1) / 2": one sort per column gives every subset's ranks from running
    counts of the subset's mask, so nothing loops over pairs.

    Examples
    --------
    >>> table = spearman_table([[1], [2], [3], [4], [5]], [[2, 5], [1, 5], [4, 5],
    ...                        [3, 5], [np.nan, 5]], min_reps=4)
    >>> table.rho.tolist(), table.n.tolist(), table.status.tolist()
    ([[0.6, nan]], [[4, 5]], [['ok', 'no_variation']])
    """
    check_min_reps(min_reps)
    score_table = _table(scores, "scores")
    outcome_table = _table(outcomes, "outcomes")
    if score_table.shape[0] != outcome_table.shape[0]:
        raise ValueError(
            "scores and outcomes must have one row per rep: got "
            f"{score_table.shape[0]} and {outcome_table.shape[0]} rows"
        )
    # both[r, c, o]: rep r has a score on competency c and a value of outcome o
    both = ~np.isnan(score_table)[:, :, None] & ~np.isnan(outcome_table)[:, None, :]
    n = both.sum(axis=0)
    middle = (n + 1) / 2.0
    score_ranks = _subset_ranks(score_table, ~np.isnan(outcome_table))
    outcome_ranks = _subset_ranks(outcome_table, ~np.isnan(score_table)).transpose(0, 2, 1)
    score_dev = np.where(both, score_ranks - middle, 0.0)
    outcome_dev = np.where(both, outcome_ranks - middle, 0.0)
    score_ss = np.einsum("rco,rco->co", score_dev, score_dev)
    outcome_ss = np.einsum("rco,rco->co", outcome_dev, outcome_dev)
    cross = np.einsum("rco,rco->co", score_dev, outcome_dev)

    enough = n >= min_reps
    scores_constant = enough & (score_ss == 0)
    outcome_constant = enough & (outcome_ss == 0)
    given = enough & ~scores_constant & ~outcome_constant
    rho = np.full(n.shape, np.nan)
    rho[given] = np.clip(cross[given] / np.sqrt(score_ss[given] * outcome_ss[given]), -1, 1)
    low = np.full(n.shape, np.nan)
    high = np.full(n.shape, np.nan)
    inner = given & (np.abs(rho) < 1)  # rho ±1: the single point [rho, rho]
    centre = np.arctanh(rho[inner])
    half_width = Z90 * np.sqrt(FHP_FACTOR / (n[inner] - 3))
    low[inner], high[inner] = np.tanh(centre - half_width), np.tanh(centre + half_width)
    perfect = given & ~inner
    low[perfect] = high[perfect] = rho[perfect]

    status = np.full(n.shape, OK, dtype=object)
    status[~enough] = NOT_ENOUGH_REPS
    status[scores_constant | outcome_constant] = NO_VARIATION
    return CorrelationTable(
        rho=rho,
        low=low,
        high=high,
        n=n,
        status=status,
        scores_constant=scores_constant,
        outcome_constant=outcome_constant,
        min_reps=min_reps,
    )


def _subset_ranks(columns: np.ndarray, others_present: np.ndarray) -> np.ndarray:
    """Average ranks of each column's values within each pair's complete reps, at once.

    `columns` is reps × k (NaN where missing), `others_present` the reps × m mask of the
    other table's values. The result is reps × k × m: where rep r has both values of
    the pair (column i, other j), its value's rank among that pair's reps.
    """
    reps, width = columns.shape
    order = np.argsort(columns, axis=0, kind="stable")  # NaN sorts last
    ordered = np.take_along_axis(columns, order, axis=0)
    column = np.arange(width)
    position = np.arange(reps)[:, None]
    # a tie run spans the sorted positions [first, past)
    starts = np.ones(ordered.shape, dtype=bool)
    starts[1:] = ordered[1:] != ordered[:-1]
    ends = np.ones(ordered.shape, dtype=bool)
    ends[:-1] = starts[1:]
    first = np.maximum.accumulate(np.where(starts, position, 0), axis=0)
    past = np.minimum.accumulate(np.where(ends, position + 1, reps)[::-1], axis=0)[::-1]
    # kept[k, i, j]: how many of pair (i, j)'s reps sit before sorted position k
    in_pair = ~np.isnan(ordered)[:, :, None] & others_present[order]
    kept = np.zeros((reps + 1, *in_pair.shape[1:]), dtype=np.int32)  # counts of reps
    np.cumsum(in_pair, axis=0, out=kept[1:])
    below = kept[first, column]
    tied = kept[past, column] - below
    ranks = np.empty(in_pair.shape)
    ranks[order, column] = below + (tied + 1) / 2.0
    return ranks


def _table(values, name: str) -> np.ndarray:
    """`values` as a float reps × columns array; infinities refused."""
    try:
        table = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be a table of numbers: {error}") from None
    if table.ndim != 2:
        raise ValueError(f"{name} must be reps × columns, got {table.ndim} dimension(s)")
    if np.isinf(table).any():
        raise ValueError(f"{name} holds an infinite value")
    return table
