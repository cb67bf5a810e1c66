"""Every competency × outcome rank correlation of two tables at once (`spearman_table`),
each pair exactly as `correlation.spearman` gives it alone, and the table's p-values
adjusted together: a table is the family of pairs a page tests (`multiplicity`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assess.core.scoring.precision import Z90
from assess.core.validity.correlation import (
    FHP_FACTOR,
    MIN_REPS,
    NO_VARIATION,
    NOT_ENOUGH_REPS,
    OK,
    Correlation,
    check_min_reps,
    no_variation,
    not_enough_reps,
)
from assess.core.validity.multiplicity import benjamini_hochberg, fisher_p_value


@dataclass(frozen=True, eq=False)
class CorrelationTable:
    """Every competency × outcome correlation of two tables (`spearman_table`).

    Arrays are competencies × outcomes: ``rho``, ``low``, ``high``, ``p_value`` and
    ``adjusted_p`` are NaN where no coefficient is given, ``status`` holds the status
    strings of `Correlation`. ``adjusted_p`` allows for every pair with a coefficient.
    """

    rho: np.ndarray
    low: np.ndarray
    high: np.ndarray
    p_value: np.ndarray
    adjusted_p: np.ndarray
    n: np.ndarray
    status: np.ndarray
    scores_constant: np.ndarray
    outcome_constant: np.ndarray
    min_reps: int

    @property
    def tested(self) -> int:
        """How many pairs have a coefficient: the family the p-values allow for."""
        return int((~np.isnan(self.p_value)).sum())

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
        return Correlation(
            n=n,
            min_reps=self.min_reps,
            rho=float(self.rho[competency, outcome]),
            interval=interval,
            p_value=float(self.p_value[competency, outcome]),
            adjusted_p=float(self.adjusted_p[competency, outcome]),
            tested=self.tested,
        )

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

    Each pair's p-value is adjusted for every pair of the table with a coefficient
    (Benjamini–Hochberg, `multiplicity`): pass the whole family a page shows at once.

    Each pair is ranked over its own complete reps, exactly as `spearman` would. A rank
    within a subset is "reps of the subset below the value + (reps of the subset tied
    with it + 1) / 2": one sort per column gives every subset's ranks from running
    counts of the subset's mask, so the ranking loops over no pairs.

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
    p_value = np.full(n.shape, np.nan)
    for cell in zip(*np.nonzero(given), strict=True):
        p_value[cell] = fisher_p_value(float(rho[cell]), int(n[cell]), factor=FHP_FACTOR)

    status = np.full(n.shape, OK, dtype=object)
    status[~enough] = NOT_ENOUGH_REPS
    status[scores_constant | outcome_constant] = NO_VARIATION
    return CorrelationTable(
        rho=rho,
        low=low,
        high=high,
        p_value=p_value,
        adjusted_p=benjamini_hochberg(p_value),
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
