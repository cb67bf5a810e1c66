"""Many pairs tested at once: a p-value for each correlation and the Benjamini–Hochberg
adjustment across every pair of a page.

Why: a page sets about 11 competencies beside 7 outcomes, 77 pairs. A 90 % interval
leaves out 0 one time in ten when there is no link at all, so a page of pure noise
names about 8 links — fed random outcomes, the page named 6.8 on average and at least
one on 97 % of pages. A link is therefore named only when it holds after allowing for
the number of pairs tested.

**The p-value** comes from the statistic the interval is built on: ``z = atanh(rho) /
se`` with the Fieller–Hartley–Pearson ``se = √(1.06 / (n − 3))`` (`correlation`), two
sided, ``p = erfc(|z| / √2)``. So a pair's interval leaves out 0 exactly when its p is
below 0.10: the table and the test never disagree.

**Benjamini–Hochberg** at a false discovery rate of `FDR` (10 %): sort the m p-values,
find the largest k with ``p₍ₖ₎ ≤ k · FDR / m`` and keep the k smallest. Among the links
kept, about one in ten or fewer is expected to be chance — rather than one in ten of
*all* pairs. The adjusted p-value (``min over j ≥ k of p₍ⱼ₎ · m / j``, at most 1) is kept
exactly when it is at most `FDR`; it is what `scipy.stats.false_discovery_control`
returns. It controls the rate for independent pairs and for positively dependent ones
(Benjamini and Yekutieli 2001): competencies that move together are the latter.
Bonferroni would control the chance of even one false link, at the price of missing
more of the real ones; for "where to look" the false discovery rate is the usual
choice.
"""

from __future__ import annotations

import math

import numpy as np

#: The false discovery rate links are named at (Benjamini–Hochberg).
FDR = 0.10
#: The share of pairs whose 90 % interval leaves out 0 when nothing goes with anything.
CHANCE_RATE = 0.10


def fisher_p_value(rho: float, n: int, *, factor: float) -> float:
    """The two-sided p-value of a rank correlation `rho` from `n` pairs: the Fisher
    statistic ``atanh(rho) / √(factor / (n − 3))`` against the normal distribution.

    Examples
    --------
    rho 0.41 from 38 reps: atanh(0.41) = 0.4356, se = √(1.06 / 35) = 0.1740, z = 2.503,
    p = erfc(2.503 / √2):

    >>> round(fisher_p_value(0.41, 38, factor=1.06), 4)
    0.0123
    >>> fisher_p_value(1.0, 30, factor=1.06), fisher_p_value(0.0, 30, factor=1.06)
    (0.0, 1.0)
    """
    if n <= 3:
        raise ValueError(f"a Fisher p-value needs more than 3 pairs, got {n}")
    if not -1.0 <= rho <= 1.0:
        raise ValueError(f"rho must be between -1 and 1, got {rho}")
    if abs(rho) == 1.0:
        return 0.0
    statistic = math.atanh(rho) / math.sqrt(factor / (n - 3))
    return math.erfc(abs(statistic) / math.sqrt(2))


def benjamini_hochberg(p_values) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values, in the shape of `p_values`; NaN (a pair
    without a coefficient) stays NaN and is not counted among the pairs tested.

    A pair holds at a false discovery rate q when its adjusted p-value is at most q.

    Examples
    --------
    Four p-values, none below 0.10 / 4 = 0.025: one by one, none would be kept at the
    first step, but the largest, 0.07, is below 4 · 0.10 / 4, so all four are (the
    procedure steps up from the largest):

    >>> benjamini_hochberg([0.04, 0.05, 0.06, 0.07]).round(4).tolist()
    [0.07, 0.07, 0.07, 0.07]
    >>> benjamini_hochberg([0.2, float("nan"), 0.01]).round(4).tolist()
    [0.2, nan, 0.02]
    """
    values = np.asarray(p_values, dtype=float)
    if ((values < 0) | (values > 1)).any():
        raise ValueError("p-values must be between 0 and 1")
    adjusted = np.full(values.shape, np.nan)
    tested = ~np.isnan(values)
    found = values[tested]
    m = found.size
    if m == 0:
        return adjusted
    order = np.argsort(found, kind="stable")
    scaled = found[order] * m / np.arange(1, m + 1)
    stepped = np.minimum.accumulate(scaled[::-1])[::-1]  # min over j ≥ k
    kept = np.empty(m)
    kept[order] = np.minimum(stepped, 1.0)
    adjusted[tested] = kept
    return adjusted


def expected_by_chance(tested: int) -> float:
    """How many of `tested` pairs would show a link (an interval leaving out 0) on
    average if nothing went with anything.

    Examples
    --------
    >>> expected_by_chance(77)
    7.7
    """
    if isinstance(tested, bool) or not isinstance(tested, int) or tested < 0:
        raise ValueError(f"the pairs tested must be a whole number of at least 0, got {tested!r}")
    return round(tested * CHANCE_RATE, 10)
