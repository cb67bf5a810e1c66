"""How the team moved between two rounds: the same reps compared, with the noise of
measurement taken into account.

A team average that rises from 66 to 67 can be the team improving, the reps who left
or joined, or nothing but measurement error. So the change is computed over the reps
scored in both rounds only (before and now are their means), and it counts as a move
only when it clears the reliable-change test on the two means: each mean's standard
error is ``√(Σ SEᵢ²) / n`` from the reps' own standard errors (the reps are the team,
not a sample of it, so rep-to-rep spread is not noise here; only the measurement is).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from assess.core.scoring.precision import reliable_change
from assess.core.scoring.stats import mean, rounded

#: (before, its SE, the manager's part of that SE, now, its SE, the manager's part) of
#: one rep on one score; an SE may be None (older snapshots), a score None (not scored).
Pair = tuple[float | None, float | None, float | None, float | None, float | None, float | None]


@dataclass(frozen=True)
class MatchedChange:
    """The change of the mean over the reps scored both times."""

    n: int
    before: float | None
    now: float | None
    se: float | None  # standard error of now − before; None when an SE was missing
    moved: str | None  # "improved", "slipped", "steady"; None without errors or reps
    #: The change cleared the test but the buyers' own scores did not move with it:
    #: only the manager's ratings did, and one rater's shift is not the team's.
    manager_only: bool = False

    @property
    def change(self) -> float | None:
        return None if self.before is None or self.now is None else self.now - self.before

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "before": rounded(self.before),
            "now": rounded(self.now),
            "change": rounded(self.change),
            "se": rounded(self.se),
            "moved": self.moved,
            "manager_only": self.manager_only,
        }


def _mean_error(errors: Sequence[float], shared: Sequence[float | None]) -> float:
    """The SE of a mean over reps: the manager's part of each rep's error is one
    rater's drift for the whole team (it adds up before dividing), the rest is each
    rep's own (it adds up in squares)."""
    n = len(errors)
    common = [min(part or 0.0, error) for part, error in zip(shared, errors, strict=True)]
    own = sum(error * error - part * part for error, part in zip(errors, common, strict=True))
    return math.sqrt((sum(common) / n) ** 2 + own / (n * n))


def matched_change(pairs: Sequence[Pair]) -> MatchedChange:
    """The mean change over the reps with a score both times, and whether it is real.

    Examples
    --------
    Two reps, 50 → 60 and 70 → 76, every SE 10 and none of it the manager's: means
    60 → 68, each mean's SE √(10² + 10²) / 2 = 7.07, the change's 10; 8 < 1.645 · 10,
    so "steady". Were each SE all the manager's, each mean's SE would be 10 — one
    manager's drift does not average out over the reps they rate.
    """
    both = [pair for pair in pairs if pair[0] is not None and pair[3] is not None]
    if not both:
        return MatchedChange(0, None, None, None, None)
    before = mean([pair[0] for pair in both])  # type: ignore[misc]
    now = mean([pair[3] for pair in both])  # type: ignore[misc]
    if any(pair[1] is None or pair[4] is None for pair in both):
        return MatchedChange(len(both), before, now, None, None)
    se_before = _mean_error([p[1] for p in both], [p[2] for p in both])  # type: ignore[misc]
    se_now = _mean_error([p[4] for p in both], [p[5] for p in both])  # type: ignore[misc]
    return MatchedChange(
        len(both),
        before,
        now,
        math.sqrt(se_before**2 + se_now**2),
        reliable_change(before, se_before, now, se_now),
    )


def corroborated(change: MatchedChange, buyers: MatchedChange) -> MatchedChange:
    """`change`, called real only when the buyers' own scores moved the same way
    beyond noise; otherwise "steady", marked as the manager's ratings alone. (With no
    buyers' scores to compare, older snapshots, the change stands as computed.)"""
    if change.moved not in ("improved", "slipped") or buyers.moved is None:
        return change
    if buyers.moved == change.moved:
        return change
    return replace(change, moved="steady", manager_only=True)


def team_change(current: Sequence[Any], before_by_id: Mapping[str, Any], key: str) -> MatchedChange:
    """The team's change on a competency (`key`; "" for the overall), real only when
    the buyers' own scores moved with it (`team_change.corroborated`)."""

    def combined(summary: Any) -> tuple[float | None, float | None, float | None]:
        if key:
            return summary.scores.get(key), summary.errors.get(key), summary.shared.get(key)
        return summary.overall, summary.overall_error, summary.shared.get("")

    def buyers(summary: Any) -> tuple[float | None, float | None, float | None]:
        score, error = summary.buyers.get(key, (None, None))
        return score, error, 0.0

    change = _matched(current, before_by_id, combined)
    return corroborated(change, _matched(current, before_by_id, buyers))


def _matched(
    current: Sequence[Any],
    before_by_id: Mapping[str, Any],
    value: Callable[[Any], tuple[float | None, float | None, float | None]],
) -> MatchedChange:
    """One score's change over the reps in both rounds (`value`: score, its SE and the
    manager's part of it)."""
    pairs = []
    for summary in current:
        before = before_by_id.get(summary.rep_id)
        if before is not None:
            pairs.append((*value(before), *value(summary)))
    return matched_change(pairs)
