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
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assess.core.scoring.precision import reliable_change
from assess.core.scoring.stats import mean, rounded

#: (before, its SE, now, its SE) of one rep on one score; an SE may be None (older
#: snapshots), a score may be None (not scored that round).
Pair = tuple[float | None, float | None, float | None, float | None]


@dataclass(frozen=True)
class MatchedChange:
    """The change of the mean over the reps scored both times."""

    n: int
    before: float | None
    now: float | None
    se: float | None  # standard error of now − before; None when an SE was missing
    moved: str | None  # "improved", "slipped", "steady"; None without errors or reps

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
        }


def _mean_error(errors: Sequence[float]) -> float:
    return math.sqrt(sum(error * error for error in errors)) / len(errors)


def matched_change(pairs: Sequence[Pair]) -> MatchedChange:
    """The mean change over the reps with a score both times, and whether it is real.

    Examples
    --------
    Two reps, 50 → 60 and 70 → 76, every SE 10: means 60 → 68, each mean's SE
    √(10² + 10²) / 2 = 7.07, the change's SE 10; 8 < 1.645 · 10, so "steady".
    """
    both = [pair for pair in pairs if pair[0] is not None and pair[2] is not None]
    if not both:
        return MatchedChange(0, None, None, None, None)
    before = mean([pair[0] for pair in both])  # type: ignore[misc]
    now = mean([pair[2] for pair in both])  # type: ignore[misc]
    errors_before = [pair[1] for pair in both]
    errors_now = [pair[3] for pair in both]
    if any(error is None for error in (*errors_before, *errors_now)):
        return MatchedChange(len(both), before, now, None, None)
    se_before = _mean_error(errors_before)  # type: ignore[arg-type]
    se_now = _mean_error(errors_now)  # type: ignore[arg-type]
    return MatchedChange(
        len(both),
        before,
        now,
        math.sqrt(se_before**2 + se_now**2),
        reliable_change(before, se_before, now, se_now),
    )
