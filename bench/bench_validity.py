"""Benchmark: "does it predict here?" for 10,000 reps × 10 competencies × 8 outcomes.

Target (issue 18): every competency × outcome rank correlation, with n and its 90 %
interval, in at most 2 s. The tables are seeded random: scores on a 0–100 scale in
steps of 5 and outcomes of a few hundred distinct values (ties on both sides), some
outcomes driven by a competency, and about 5 % of each table missing (NaN).

Baselines, on the same tables: scipy's ``spearmanr`` once per pair with
``nan_policy="omit"`` (what one would write with scipy directly), and a plain
numpy + scipy loop that masks each pair, ranks both sides with ``rankdata`` and takes
``np.corrcoef``. The ratios are their time divided by ours; the largest difference in
rho from each is reported too.

Run as a script: the last stdout line is one JSON object (``make bench`` merges it
into bench/results.json).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy import stats

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # runnable as `python bench/bench_validity.py` too
    sys.path.insert(0, str(REPO))

from assess.core.validity import spearman_table  # noqa: E402

SEED = 20260118
REPS = 10_000
COMPETENCIES = 10
OUTCOMES = 8
MISSING = 0.05
RUNS = 7
BASELINE_RUNS = 3
TARGET_SECONDS = 2.0


def tables() -> tuple[np.ndarray, np.ndarray]:
    """Scores (reps × competencies) and outcomes (reps × outcomes), NaN where missing."""
    rng = np.random.default_rng(SEED)
    scores = rng.integers(0, 21, (REPS, COMPETENCIES)) * 5.0
    drivers = rng.integers(0, COMPETENCIES, OUTCOMES)
    strength = rng.uniform(-0.5, 0.5, OUTCOMES)
    noise = rng.normal(0, 20, (REPS, OUTCOMES))
    outcomes = np.round(scores[:, drivers] * strength + noise, 0)
    scores[rng.random(scores.shape) < MISSING] = np.nan
    outcomes[rng.random(outcomes.shape) < MISSING] = np.nan
    return scores, outcomes


def median_seconds(work: Callable[[], object], runs: int) -> float:
    """Median wall time of ``work`` in seconds, after one warm-up run."""
    work()
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def scipy_per_pair(scores: np.ndarray, outcomes: np.ndarray) -> np.ndarray:
    rho = np.empty((scores.shape[1], outcomes.shape[1]))
    for c in range(scores.shape[1]):
        for o in range(outcomes.shape[1]):
            rho[c, o] = stats.spearmanr(scores[:, c], outcomes[:, o], nan_policy="omit").statistic
    return rho


def numpy_per_pair(scores: np.ndarray, outcomes: np.ndarray) -> np.ndarray:
    rho = np.empty((scores.shape[1], outcomes.shape[1]))
    for c in range(scores.shape[1]):
        for o in range(outcomes.shape[1]):
            both = ~np.isnan(scores[:, c]) & ~np.isnan(outcomes[:, o])
            ranked = stats.rankdata(scores[both, c]), stats.rankdata(outcomes[both, o])
            rho[c, o] = np.corrcoef(*ranked)[0, 1]
    return rho


def main() -> dict[str, object]:
    scores, outcomes = tables()
    table = spearman_table(scores, outcomes)
    ours = median_seconds(lambda: spearman_table(scores, outcomes), RUNS)
    with_scipy = median_seconds(lambda: scipy_per_pair(scores, outcomes), BASELINE_RUNS)
    with_numpy = median_seconds(lambda: numpy_per_pair(scores, outcomes), BASELINE_RUNS)
    return {
        "validity_reps": REPS,
        "validity_competencies": COMPETENCIES,
        "validity_outcomes": OUTCOMES,
        "validity_missing_share": MISSING,
        "validity_pairs_min_n": int(table.n.min()),
        "validity_batch_seconds_median": round(ours, 4),
        "validity_scipy_spearmanr_per_pair_seconds_median": round(with_scipy, 4),
        "validity_numpy_rankdata_per_pair_seconds_median": round(with_numpy, 4),
        "validity_scipy_over_batch_ratio": round(with_scipy / ours, 2),
        "validity_numpy_over_batch_ratio": round(with_numpy / ours, 2),
        "validity_max_rho_difference_from_scipy": float(
            np.max(np.abs(table.rho - scipy_per_pair(scores, outcomes)))
        ),
        "validity_max_rho_difference_from_numpy": float(
            np.max(np.abs(table.rho - numpy_per_pair(scores, outcomes)))
        ),
        "validity_target_seconds": TARGET_SECONDS,
        "validity_within_target": ours <= TARGET_SECONDS,
        "validity_runs": RUNS,
        "validity_baseline_runs": BASELINE_RUNS,
    }


if __name__ == "__main__":
    print(json.dumps(main()))
