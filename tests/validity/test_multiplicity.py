"""Many pairs at once: each pair's p-value from the Fisher statistic its interval uses,
Benjamini–Hochberg across a table, worked by hand and against scipy — and, on tables of
pure noise shaped like a page (26 reps, 11 competencies that move together, 7
outcomes), the links a page would name drop from about 7 a page to fewer than 1."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from assess.core.validity import (
    benjamini_hochberg,
    fisher_p_value,
    link,
    spearman,
    spearman_table,
)
from assess.core.validity.multiplicity import expected_by_chance
from assess.core.validity.wording import CHANCE, NEGATIVE, POSITIVE, UNCLEAR, WEAK_NEGATIVE

#: What a page names in plain words (a weak link is still named).
NAMED = {POSITIVE, NEGATIVE, "weak_positive", WEAK_NEGATIVE}


def test_the_p_value_of_the_hand_worked_table():
    # rho 17/21 from 8 reps (test_correlation.py): z = atanh(17/21) = ½·ln 9.5 = 1.125646,
    # se = √(1.06 / 5) = 0.460435, statistic 2.444747, two-sided p = erfc(2.444747 / √2)
    # = 0.014496
    p_value = spearman([20, 35, 50, 45, 60, 80, 75, 90], [3, 1, 4, 2, 6, 5, 8, 7], min_reps=4)
    assert p_value.p_value == pytest.approx(0.014496, abs=1e-6)
    assert p_value.adjusted_p == p_value.p_value  # alone, a family of one
    assert fisher_p_value(17 / 21, 8, factor=1.06) == pytest.approx(
        2 * stats.norm.sf(0.5 * math.log(9.5) / math.sqrt(1.06 / 5)), rel=1e-12
    )


def test_p_below_ten_percent_exactly_when_the_interval_leaves_out_zero():
    rng = np.random.default_rng(7)
    for _ in range(300):
        n = int(rng.integers(5, 200))
        rho = float(rng.uniform(-0.95, 0.95))
        low, high = spearman_interval(rho, n)
        assert (fisher_p_value(rho, n, factor=1.06) < 0.10) == (low > 0 or high < 0)


def spearman_interval(rho: float, n: int) -> tuple[float, float]:
    half = 1.6448536269514722 * math.sqrt(1.06 / (n - 3))
    return math.tanh(math.atanh(rho) - half), math.tanh(math.atanh(rho) + half)


@pytest.mark.parametrize(
    ("p_values", "adjusted", "held"),
    [
        # sorted 0.005 0.01 0.03 0.04 0.2; × m/k = 0.025 0.025 0.05 0.05 0.2, then the
        # running minimum from the largest down changes nothing: the first four hold
        (
            [0.01, 0.04, 0.03, 0.005, 0.2],
            [0.025, 0.05, 0.05, 0.025, 0.2],
            [True, True, True, True, False],
        ),
        # none is below 0.10 / 4 on its own, but the largest is below 4 · 0.10 / 4: the
        # step up from the largest keeps all four (× m/k: 0.16 0.10 0.08 0.07 → 0.07)
        ([0.04, 0.05, 0.06, 0.07], [0.07, 0.07, 0.07, 0.07], [True] * 4),
        # × m/k: 0.004 0.04 0.1067 0.3 — the third misses 3 · 0.10 / 4 = 0.075
        ([0.3, 0.001, 0.08, 0.02], [0.3, 0.004, 0.32 / 3, 0.04], [False, True, False, True]),
        # one pair: nothing to allow for
        ([0.09], [0.09], [True]),
    ],
)
def test_benjamini_hochberg_by_hand(p_values, adjusted, held):
    found = benjamini_hochberg(p_values)
    assert found.tolist() == pytest.approx(adjusted, abs=1e-12)
    assert (found <= 0.10).tolist() == held


def test_pairs_without_a_coefficient_are_not_counted():
    found = benjamini_hochberg([[0.01, np.nan], [np.nan, 0.04]])
    assert np.isnan(found[0, 1]) and np.isnan(found[1, 0])
    assert (found[0, 0], found[1, 1]) == pytest.approx((0.02, 0.04))  # m = 2, not 4
    assert np.isnan(benjamini_hochberg([np.nan, np.nan])).all()
    assert benjamini_hochberg([]).size == 0


def test_a_p_value_outside_zero_to_one_is_refused():
    with pytest.raises(ValueError, match="between 0 and 1"):
        benjamini_hochberg([0.2, 1.5])
    with pytest.raises(ValueError, match="more than 3"):
        fisher_p_value(0.5, 3, factor=1.06)


@pytest.mark.parametrize("seed", range(5))
def test_benjamini_hochberg_agrees_with_scipy(seed):
    rng = np.random.default_rng(seed)
    p_values = np.concatenate(
        [rng.uniform(0, 1, 60), rng.uniform(0, 0.01, 15), [0.03, 0.03, 0.03, 1.0, 0.0]]
    )
    rng.shuffle(p_values)
    expected = stats.false_discovery_control(p_values, method="bh")
    assert benjamini_hochberg(p_values) == pytest.approx(expected, abs=1e-12)


def test_a_tables_p_values_are_scipys_adjusted_together():
    rng = np.random.default_rng(11)
    scores = np.round(rng.normal(60, 12, (40, 5)), 0)
    outcomes = np.column_stack([scores[:, 0] + rng.normal(0, 12, 40), rng.integers(0, 9, 40)])
    outcomes[rng.random(outcomes.shape) < 0.1] = np.nan
    table = spearman_table(scores, outcomes)
    raw = []
    for c in range(5):
        for o in range(2):
            both = ~np.isnan(outcomes[:, o])
            rho = stats.spearmanr(scores[both, c], outcomes[both, o]).statistic
            statistic = math.atanh(rho) / math.sqrt(1.06 / (both.sum() - 3))
            raw.append(2 * stats.norm.sf(abs(statistic)))
            assert table.p_value[c, o] == pytest.approx(raw[-1], abs=1e-9)
    assert table.tested == 10
    expected = stats.false_discovery_control(raw, method="bh")
    assert table.adjusted_p.ravel() == pytest.approx(expected, abs=1e-9)
    assert [table.result(c, o).adjusted_p for c in range(5) for o in range(2)] == pytest.approx(
        expected, abs=1e-9
    )
    assert table.result(0, 0).tested == 10


def test_a_link_that_does_not_hold_among_the_pairs_is_chance_and_one_that_does_is_named():
    rng = np.random.default_rng(3)
    level = rng.normal(size=30)
    scores = np.column_stack([level, rng.normal(size=(30, 19))])
    outcomes = (level + rng.normal(scale=0.5, size=30))[:, None]
    table = spearman_table(scores, outcomes)
    kinds = [link(table.result(c, 0)) for c in range(20)]
    assert kinds[0] == POSITIVE  # the real link holds among 20 pairs
    assert kinds.count(CHANCE) == 3  # this seed's noise: 3 intervals leave out 0
    # whichever noise pair's interval leaves out 0 is not named: chance among 20 pairs
    for c in range(1, 20):
        result = table.result(c, 0)
        low, high = result.interval
        if low > 0 or high < 0:
            assert kinds[c] == CHANCE and result.adjusted_p > 0.10
        else:
            assert kinds[c] == UNCLEAR


def noise_page(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A page of 26 reps that nothing links: 11 competency scores that move together
    (a shared level, as real competencies do) and 7 outcomes drawn apart from them,
    rounded and with ties as imported figures are."""
    rng = np.random.default_rng(seed)
    reps = 26
    level = rng.normal(size=(reps, 1))
    scores = np.round(np.clip(60 + 12 * (0.7 * level + 0.7 * rng.normal(size=(reps, 11))), 0, 100))
    outcomes = np.column_stack(
        [
            np.round(rng.uniform(10, 70, reps), 1),  # quota attainment
            np.round(rng.uniform(15, 60, reps), 1),  # win rate
            rng.integers(0, 15, reps),  # deals won
            np.round(rng.lognormal(10, 0.5, reps)),  # average deal size
            rng.integers(20, 200, reps),  # sales cycle days
            rng.integers(0, 6, reps),  # referrals received
            rng.integers(0, 4, reps),  # accounts lost
        ]
    ).astype(float)
    return scores, outcomes


def test_on_pure_noise_a_page_names_fewer_than_one_link_on_average():
    before, after = [], []
    for seed in range(200):
        table = spearman_table(*noise_page(seed))
        assert table.tested == 77
        kinds = [link(table.result(c, o)) for c in range(11) for o in range(7)]
        after.append(sum(kind in NAMED for kind in kinds))
        before.append(sum(kind in NAMED or kind == CHANCE for kind in kinds))  # the old rule
    # by the interval alone about 77 × 0.10 pairs showed a link on nearly every page
    assert np.mean(before) > 5 and np.mean(np.array(before) > 0) > 0.9
    assert expected_by_chance(77) == pytest.approx(7.7)
    # allowing for the 77 pairs: fewer than one false link a page, and most pages none
    assert np.mean(after) < 1
    assert np.mean(np.array(after) > 0) < 0.2
