"""An outcome by verdict group: do the reps called "ready" sell more than those to coach
or those flagged a trust risk?

Per group: n, the mean outcome and its 90 % t interval, ``mean ± t₀.₉₅(n − 1) · sd / √n``
with the sample standard deviation. The t quantile rather than the normal one because
groups are small: at 5 reps t is 2.13, not 1.64, and a normal interval would claim a
third more precision than five reps give. Below ``min_reps`` (default `MIN_GROUP_REPS`,
5) a group gets its n and nothing else: the mean of two reps is those two reps.

The quantile is exact (`t_quantile`): the t distribution's central probability has a
closed form for whole degrees of freedom (Abramowitz and Stegun 26.7.3–4), inverted by
Newton's method — no scipy at run time.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from assess.core.banks import VERDICTS

#: The verdict groups compared by default, best first (the ids of `assess.core.banks`).
VERDICT_GROUPS = ("ready", "coach", "trust_risk")
#: Fewest reps in a group before its mean and interval are given.
MIN_GROUP_REPS = 5
#: The interval's two-sided coverage, as every interval in the product.
COVERAGE = 0.90


@dataclass(frozen=True)
class GroupOutcome:
    """One verdict group's outcome: ``mean`` and ``interval`` are ``None`` below the
    minimum n (``note`` says so)."""

    verdict: str
    n: int
    min_reps: int
    mean: float | None = None
    sd: float | None = None
    interval: tuple[float, float] | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, object]:
        """JSON-able, in a fixed order (numbers to 4 decimals)."""
        return {
            "verdict": self.verdict,
            "n": self.n,
            "min_reps": self.min_reps,
            "mean": _rounded(self.mean),
            "sd": _rounded(self.sd),
            "interval": None if self.interval is None else [round(b, 4) for b in self.interval],
            "note": self.note,
        }


def outcome_by_verdict(
    verdicts: Sequence[str | None],
    outcomes: Sequence[float | None],
    *,
    groups: Sequence[str] = VERDICT_GROUPS,
    min_reps: int = MIN_GROUP_REPS,
) -> list[GroupOutcome]:
    """One outcome's mean and 90 % t interval in each verdict group, in `groups` order.

    Parameters
    ----------
    verdicts, outcomes
        One per rep, in the same order. A rep whose outcome is missing (``None`` or
        NaN) is left out; so is one whose verdict is not in `groups` (no verdict, or
        ``not_a_fit`` unless asked for).
    groups
        Verdict ids to report, each one of ``assess.core.banks.VERDICTS``.
    min_reps
        Fewest reps for a group's mean and interval (at least 2: an interval needs a
        standard deviation).

    Examples
    --------
    >>> ready, coach = outcome_by_verdict(
    ...     ["ready"] * 5 + ["coach"] * 2, [0.5, 0.3, 0.4, 0.6, 0.2, 0.1, 0.3],
    ...     groups=("ready", "coach"))
    >>> ready.n, round(ready.mean, 2), [round(bound, 3) for bound in ready.interval]
    (5, 0.4, [0.249, 0.551])
    >>> coach.mean is None, coach.note
    (True, 'not enough reps to say: 2 of the 5 needed')
    """
    if isinstance(min_reps, bool) or not isinstance(min_reps, int) or min_reps < 2:
        raise ValueError(f"min_reps must be a whole number of at least 2, got {min_reps!r}")
    unknown = [group for group in groups if group not in VERDICTS]
    if unknown:
        raise ValueError(f"unknown verdict group(s) {unknown}; known: {', '.join(VERDICTS)}")
    if len(set(groups)) != len(groups):
        raise ValueError(f"verdict groups repeat: {list(groups)}")
    if len(verdicts) != len(outcomes):
        raise ValueError(
            f"verdicts and outcomes must be one per rep: got {len(verdicts)} and {len(outcomes)}"
        )
    by_group: dict[str, list[float]] = {group: [] for group in groups}
    for position, (verdict, outcome) in enumerate(zip(verdicts, outcomes, strict=True)):
        value = _number(outcome, position)
        if value is not None and verdict in by_group:
            by_group[verdict].append(value)
    return [_group(group, by_group[group], min_reps) for group in groups]


@dataclass(frozen=True)
class VerdictCoverage:
    """How many of a page's `reps` each verdict group holds (`counts`, in the groups'
    order), how many had no verdict (`without`: too close to a cut, or short of
    evidence) and how many a verdict outside the groups (`elsewhere`, e.g. not a fit)."""

    reps: int
    counts: tuple[tuple[str, int], ...]
    without: int = 0
    elsewhere: tuple[tuple[str, int], ...] = ()

    @property
    def grouped(self) -> int:
        """The reps in some group: those the outcome-by-verdict table can hold."""
        return sum(reps for _, reps in self.counts)


def verdict_coverage(
    verdicts: Sequence[str | None], groups: Sequence[str] = VERDICT_GROUPS
) -> VerdictCoverage:
    """Who is in the verdict groups and who is not, one verdict per rep (None: none;
    a verdict outside `groups`, known or not, is counted in ``elsewhere``).

    Examples
    --------
    >>> found = verdict_coverage(["ready", None, "coach", "not_a_fit", None, "ready"])
    >>> found.counts, found.without, found.elsewhere, found.grouped
    ((('ready', 2), ('coach', 1), ('trust_risk', 0)), 2, (('not_a_fit', 1),), 3)
    """
    counts = tuple((group, sum(v == group for v in verdicts)) for group in groups)
    outside = sorted(
        {v for v in verdicts if v is not None and v not in groups},
        key=lambda v: (VERDICTS.index(v) if v in VERDICTS else len(VERDICTS), v),
    )
    elsewhere = tuple((verdict, sum(v == verdict for v in verdicts)) for verdict in outside)
    without = sum(v is None for v in verdicts)
    return VerdictCoverage(len(verdicts), counts, without, elsewhere)


def _group(verdict: str, values: list[float], min_reps: int) -> GroupOutcome:
    n = len(values)
    if n < min_reps:
        note = f"not enough reps to say: {n} of the {min_reps} needed"
        return GroupOutcome(verdict=verdict, n=n, min_reps=min_reps, note=note)
    mean = math.fsum(values) / n
    sd = math.sqrt(math.fsum((value - mean) ** 2 for value in values) / (n - 1))
    half_width = t_quantile(n - 1) * sd / math.sqrt(n)
    return GroupOutcome(
        verdict=verdict,
        n=n,
        min_reps=min_reps,
        mean=mean,
        sd=sd,
        interval=(mean - half_width, mean + half_width),
    )


def t_central_probability(t: float, df: int) -> float:
    """P(|T| ≤ t) for Student's t with `df` whole degrees of freedom (t ≥ 0).

    Abramowitz and Stegun 26.7.3 (odd df) and 26.7.4 (even df), with θ = atan(t / √df):
    a finite sum of powers of cos²θ, exact up to rounding.

    Examples
    --------
    With 2 degrees of freedom it is t / √(t² + 2):

    >>> round(t_central_probability(2.0, 2), 6), round(2 / math.sqrt(6), 6)
    (0.816497, 0.816497)
    """
    theta = math.atan(t / math.sqrt(df))
    sine, cosine = math.sin(theta), math.cos(theta)
    squared = cosine * cosine
    term = total = 1.0
    if df % 2 == 0:
        for k in range(1, df // 2):  # (1·3…(2k−1)) / (2·4…2k) · cos^2k θ
            term *= squared * (2 * k - 1) / (2 * k)
            total += term
        return sine * total
    for k in range(1, (df - 1) // 2):  # (2·4…2k) / (3·5…(2k+1)) · cos^2k θ
        term *= squared * (2 * k) / (2 * k + 1)
        total += term
    tail = sine * cosine * total if df > 1 else 0.0
    return 2 / math.pi * (theta + tail)


@lru_cache(maxsize=512)  # one per group size seen; a page asks for a handful
def t_quantile(df: int, coverage: float = COVERAGE) -> float:
    """The t value a two-sided interval of `coverage` uses with `df` degrees of freedom.

    P(|T| ≤ t) rises and is concave in t ≥ 0, and the normal quantile lies below the t
    quantile, so Newton's method from the normal quantile climbs to it without
    overshooting.

    Examples
    --------
    The usual table (90 % two-sided):

    >>> [round(t_quantile(df), 3) for df in (1, 2, 4, 10, 30, 1000)]
    [6.314, 2.92, 2.132, 1.812, 1.697, 1.646]
    """
    if isinstance(df, bool) or not isinstance(df, int) or df < 1:
        raise ValueError(f"degrees of freedom must be a whole number of at least 1, got {df!r}")
    if not 0 < coverage < 1:
        raise ValueError(f"coverage must be between 0 and 1, got {coverage}")
    # the density's constant, through log-gamma so large df does not overflow
    log_scale = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    estimate = _normal_quantile((1 + coverage) / 2)
    for _ in range(200):
        density = math.exp(log_scale - (df + 1) / 2 * math.log1p(estimate * estimate / df))
        step = (coverage - t_central_probability(estimate, df)) / (2 * density)
        estimate += step
        if step <= 1e-13 * estimate:
            break
    return estimate


def _normal_quantile(probability: float) -> float:
    """The standard normal quantile, by bisection on ``erf`` (only a starting point)."""
    low, high = 0.0, 40.0
    for _ in range(100):
        middle = (low + high) / 2
        if 0.5 * (1 + math.erf(middle / math.sqrt(2))) < probability:
            low = middle
        else:
            high = middle
    return low


def _number(value: float | None, position: int) -> float | None:
    """An outcome as a float, or None when missing; anything else refused."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"outcomes[{position}] is not a number: {value!r}")
    number = float(value)
    if math.isinf(number):
        raise ValueError(f"outcomes[{position}] is not a finite number: {number}")
    return None if math.isnan(number) else number


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
