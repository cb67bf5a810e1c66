"""The batch table, the one-pair function and scipy agree to 1e-9, on random tables with
ties and missing values — the batch ranks each pair over its own complete reps."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from assess.core.validity import spearman, spearman_table

Z90 = 1.6448536269514722


def random_tables(seed: int, reps: int, competencies: int, outcomes: int, missing: float):
    """Scores on a coarse 0–100 grid and outcomes with few distinct values (many ties),
    the outcomes partly driven by the scores, and `missing` of each table NaN."""
    rng = np.random.default_rng(seed)
    scores = rng.integers(0, 21, (reps, competencies)) * 5.0
    noise = rng.integers(0, 12, (reps, outcomes)).astype(float)
    drive = scores[:, rng.integers(0, competencies, outcomes)] / 10
    outcome_table = np.round(noise + drive * rng.uniform(-1, 1, outcomes), 1)
    scores[rng.random(scores.shape) < missing] = np.nan
    outcome_table[rng.random(outcome_table.shape) < missing] = np.nan
    return scores, outcome_table


def scipy_reference(x: np.ndarray, y: np.ndarray) -> tuple[float, int]:
    both = ~np.isnan(x) & ~np.isnan(y)
    return float(stats.spearmanr(x[both], y[both]).statistic), int(both.sum())


def assert_same(batch, single):
    """Equal results, the numbers to 1e-9 (the two sum in different orders)."""
    assert (batch.status, batch.n, batch.constant, batch.note) == (
        single.status,
        single.n,
        single.constant,
        single.note,
    )
    if single.rho is None:
        assert (batch.rho, batch.interval) == (None, None)
    else:
        assert batch.rho == pytest.approx(single.rho, abs=1e-9)
        assert batch.interval == pytest.approx(single.interval, abs=1e-9)


@pytest.mark.parametrize("seed", range(6))
def test_batch_scalar_and_scipy_agree(seed):
    scores, outcomes = random_tables(seed, reps=300, competencies=5, outcomes=4, missing=0.08)
    table = spearman_table(scores, outcomes)
    for c in range(scores.shape[1]):
        for o in range(outcomes.shape[1]):
            expected, n = scipy_reference(scores[:, c], outcomes[:, o])
            single = spearman(scores[:, c].tolist(), outcomes[:, o].tolist())
            assert table.n[c, o] == single.n == n
            assert table.rho[c, o] == pytest.approx(expected, abs=1e-9)
            assert single.rho == pytest.approx(expected, abs=1e-9)
            assert table.result(c, o).interval == pytest.approx(single.interval, abs=1e-9)


@pytest.mark.parametrize("seed", [0, 1, 3])
def test_small_tables_with_heavy_missing_values(seed):
    # 40 reps, a quarter missing: with these seeds pairs fall on both sides of the
    # 20-rep minimum (the last assert checks that the test covers both)
    scores, outcomes = random_tables(seed + 100, reps=40, competencies=4, outcomes=3, missing=0.25)
    table = spearman_table(scores, outcomes)
    statuses = set()
    for c in range(4):
        for o in range(3):
            single = spearman(scores[:, c].tolist(), outcomes[:, o].tolist())
            assert_same(table.result(c, o), single)
            statuses.add(single.status)
            if single.status == "ok":
                assert single.rho == pytest.approx(
                    scipy_reference(scores[:, c], outcomes[:, o])[0], abs=1e-9
                )
    assert statuses == {"ok", "not_enough_reps"}


def test_interval_is_the_fisher_z_of_scipys_rho():
    scores, outcomes = random_tables(7, reps=120, competencies=3, outcomes=2, missing=0.05)
    table = spearman_table(scores, outcomes)
    for c in range(3):
        for o in range(2):
            rho, n = scipy_reference(scores[:, c], outcomes[:, o])
            half_width = Z90 * math.sqrt(1.06 / (n - 3))
            expected = (
                math.tanh(math.atanh(rho) - half_width),
                math.tanh(math.atanh(rho) + half_width),
            )
            assert (table.low[c, o], table.high[c, o]) == pytest.approx(expected, abs=1e-9)


def test_batch_marks_constant_columns_and_short_pairs():
    scores = np.array([[50, 1], [50, 2], [50, 3], [50, 4], [50, 5], [np.nan, 6]], dtype=float)
    outcomes = np.array([[1, 9], [2, 9], [3, 9], [4, np.nan], [5, 9], [6, 9]], dtype=float)
    table = spearman_table(scores, outcomes, min_reps=4)
    assert table.status.tolist() == [
        ["no_variation", "no_variation"],
        ["ok", "no_variation"],
    ]
    assert table.result(0, 0).constant == ("competency",)
    assert table.result(0, 1).constant == ("competency", "outcome")
    assert table.result(1, 1).constant == ("outcome",)
    assert table.result(1, 0).rho == 1.0
    assert np.isnan(table.rho[0, 0]) and np.isnan(table.low[1, 1])
    short = spearman_table(scores, outcomes, min_reps=5)
    assert short.status[0, 1] == "not_enough_reps"
    assert short.result(0, 1).note == "not enough reps to say: 4 of the 5 needed"


def test_batch_matches_the_hand_worked_tied_table():
    # the table of test_correlation.py: rho = 16 / √(17 · 17.5)
    scores = [[40], [55], [55], [70], [85], [90], [np.nan], [60]]
    outcomes = [[0.20], [0.35], [0.30], [0.50], [0.45], [0.60], [0.40], [np.nan]]
    table = spearman_table(scores, outcomes, min_reps=4)
    assert table.n[0, 0] == 6
    assert table.rho[0, 0] == pytest.approx(16 / math.sqrt(17 * 17.5), abs=1e-12)


def test_batch_to_dict_holds_one_result_per_cell():
    scores, outcomes = random_tables(3, reps=40, competencies=2, outcomes=3, missing=0.05)
    stored = spearman_table(scores, outcomes).to_dict()
    assert stored["min_reps"] == 20
    assert [len(row) for row in stored["cells"]] == [3, 3]
    alone = spearman(scores[:, 1], outcomes[:, 2]).to_dict()
    # the same pair, but its p-value adjusted for the table's 6 pairs, not for itself
    assert stored["cells"][1][2] == {**alone, "adjusted_p": stored["cells"][1][2]["adjusted_p"],
                                     "tested": 6}  # fmt: skip
    assert stored["cells"][1][2]["adjusted_p"] >= alone["adjusted_p"] == alone["p_value"]


@pytest.mark.parametrize(
    ("scores", "outcomes", "message"),
    [
        ([[1], [2]], [[1]], "one row per rep"),
        ([1, 2, 3], [[1], [2], [3]], "reps × columns"),
        ([[1], [np.inf]], [[1], [2]], "infinite"),
        ([["a"], ["b"]], [[1], [2]], "table of numbers"),
    ],
)
def test_batch_refuses_bad_tables(scores, outcomes, message):
    with pytest.raises(ValueError, match=message):
        spearman_table(scores, outcomes)
