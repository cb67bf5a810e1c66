"""Small numeric helpers shared by the scoring modules (stdlib only).

Sums go through ``math.fsum``: it is exactly rounded, so the result does not depend on
the order of the terms — permuting raters cannot change a score in the last digit.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from assess.core.scoring.rules import DECIMALS


def mean(values: Sequence[float]) -> float | None:
    """Arithmetic mean, or ``None`` for no values.

    Examples
    --------
    >>> mean([50, 100])
    75.0
    >>> mean([]) is None
    True
    """
    if not values:
        return None
    return math.fsum(values) / len(values)


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Mean of ``(value, weight)`` pairs; ``None`` when the weights sum to zero.

    Examples
    --------
    >>> weighted_mean([(40, 1), (100, 2)])
    80.0
    """
    weights = []
    products = []
    for value, weight in pairs:
        weights.append(weight)
        products.append(value * weight)
    total_weight = math.fsum(weights)
    if total_weight <= 0:
        return None
    return math.fsum(products) / total_weight


def sample_variance(values: Sequence[float]) -> float | None:
    """Variance with ``n - 1`` in the denominator; ``None`` for fewer than two values."""
    if len(values) < 2:
        return None
    centre = math.fsum(values) / len(values)
    return math.fsum((value - centre) ** 2 for value in values) / (len(values) - 1)


def sample_stdev(values: Sequence[float]) -> float | None:
    """Sample standard deviation; ``None`` for fewer than two values.

    Examples
    --------
    >>> sample_stdev([2, 4, 4, 4, 5, 5, 7, 9])
    2.138089935299395
    """
    variance = sample_variance(values)
    return None if variance is None else math.sqrt(variance)


def pearson(first: Sequence[float], second: Sequence[float]) -> float | None:
    """Pearson correlation; ``None`` when either side has no variance or n < 2."""
    if len(first) != len(second):
        raise ValueError(f"pearson: {len(first)} values against {len(second)}")
    if len(first) < 2:
        return None
    mean_first = math.fsum(first) / len(first)
    mean_second = math.fsum(second) / len(second)
    dev_first = [value - mean_first for value in first]
    dev_second = [value - mean_second for value in second]
    sum_sq_first = math.fsum(d * d for d in dev_first)
    sum_sq_second = math.fsum(d * d for d in dev_second)
    if sum_sq_first == 0 or sum_sq_second == 0:
        return None
    covariance = math.fsum(a * b for a, b in zip(dev_first, dev_second, strict=True))
    return covariance / math.sqrt(sum_sq_first * sum_sq_second)


def exceeds(size: float, limit: float) -> bool:
    """Whether ``|size|`` is over ``limit``, both compared rounded to six decimals: a
    difference equal to a threshold in exact arithmetic is never "over" it by a
    floating-point hair (50 − 25 over three raters came out 25.000000000000004).

    Examples
    --------
    >>> exceeds(25.000000000000004, 25), exceeds(-25.1, 25), exceeds(30, 35.18)
    (False, True, False)
    """
    return round(abs(size), 6) > round(limit, 6)


def at_least_share(count: int, share: float) -> int:
    """The smallest whole number that is at least ``share`` of ``count`` (and >= 1).

    Examples
    --------
    >>> at_least_share(5, 0.5), at_least_share(4, 0.5), at_least_share(1, 0.5)
    (3, 2, 1)
    """
    return max(1, math.ceil(count * share - 1e-9))


def rounded(value: float | None) -> float | None:
    """``value`` rounded for ``to_dict`` output (``None`` stays ``None``)."""
    return None if value is None else round(value, DECIMALS)
