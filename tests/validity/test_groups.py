"""An outcome by verdict group: n, the mean and its 90 % t interval, worked by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from assess.core.validity import outcome_by_verdict, t_quantile

# rep verdicts and win rates; the not_a_fit rep, the rep without a verdict and the rep
# without a win rate are left out of every default group
VERDICTS = ["ready"] * 5 + ["coach"] * 6 + ["trust_risk"] * 3 + ["not_a_fit", None, "coach"]
WIN_RATES = [
    *(0.5, 0.3, 0.4, 0.6, 0.2),  # ready
    *(0.1, 0.3, 0.2, 0.2, 0.3, 0.1),  # coach
    *(0.05, 0.1, 0.0),  # trust risk
    0.9,  # not a fit
    0.8,  # no verdict
    None,  # coach, no win rate
]


def test_each_group_by_hand():
    ready, coach, trust_risk = outcome_by_verdict(VERDICTS, WIN_RATES)
    # ready: mean (0.5 + 0.3 + 0.4 + 0.6 + 0.2) / 5 = 0.4; squared deviations
    # 0.01 + 0.01 + 0 + 0.04 + 0.04 = 0.1, sd = √(0.1 / 4) = 0.158114;
    # t(4) = 2.131847, half-width 2.131847 · 0.158114 / √5 = 0.150744
    assert (ready.verdict, ready.n) == ("ready", 5)
    assert ready.mean == pytest.approx(0.4)
    assert ready.sd == pytest.approx(math.sqrt(0.025))
    assert ready.interval == pytest.approx((0.4 - 0.150744, 0.4 + 0.150744), abs=1e-6)
    # coach: mean 1.2 / 6 = 0.2; deviations −0.1 0.1 0 0 0.1 −0.1, sd = √(0.04 / 5) = 0.089443;
    # t(5) = 2.015048, half-width 2.015048 · 0.089443 / √6 = 0.073579
    assert coach.n == 6
    assert coach.mean == pytest.approx(0.2)
    assert coach.interval == pytest.approx((0.2 - 0.073579, 0.2 + 0.073579), abs=1e-6)
    # trust risk: 3 reps, below the 5 needed — its n and nothing else
    assert trust_risk.n == 3
    assert (trust_risk.mean, trust_risk.sd, trust_risk.interval) == (None, None, None)
    assert trust_risk.note == "not enough reps to say: 3 of the 5 needed"


def test_groups_come_in_the_order_asked_and_can_include_not_a_fit():
    found = outcome_by_verdict(VERDICTS, WIN_RATES, groups=("trust_risk", "not_a_fit"), min_reps=2)
    assert [(group.verdict, group.n) for group in found] == [("trust_risk", 3), ("not_a_fit", 1)]
    assert found[0].mean == pytest.approx(0.05)
    assert found[1].mean is None


def test_a_group_nobody_is_in_has_n_zero():
    empty = outcome_by_verdict(["ready"] * 6, [0.25] * 6)
    assert [(group.verdict, group.n) for group in empty] == [
        ("ready", 6),
        ("coach", 0),
        ("trust_risk", 0),
    ]
    assert empty[0].interval == (0.25, 0.25)  # no spread: the interval is the mean itself


def test_nan_outcomes_are_missing():
    with_nan = [math.nan if value is None else value for value in WIN_RATES]
    assert outcome_by_verdict(VERDICTS, with_nan) == outcome_by_verdict(VERDICTS, WIN_RATES)


@pytest.mark.parametrize("seed", range(5))
def test_interval_matches_scipy(seed):
    rng = np.random.default_rng(seed)
    values = rng.normal(0.3, 0.1, int(rng.integers(5, 60)))
    (ready,) = outcome_by_verdict(["ready"] * len(values), values.tolist(), groups=("ready",))
    expected = stats.t.interval(0.9, len(values) - 1, loc=values.mean(), scale=stats.sem(values))
    assert ready.interval == pytest.approx(expected, abs=1e-9)


def test_t_quantile_against_a_printed_table():
    # the 0.95 column of a t table (two-sided 90 %)
    table = {1: 6.314, 2: 2.920, 3: 2.353, 5: 2.015, 9: 1.833, 19: 1.729, 29: 1.699, 120: 1.658}
    assert {df: round(t_quantile(df), 3) for df in table} == table


@pytest.mark.parametrize("df", [*range(1, 60), 99, 250, 1000, 9999, 100_000])
def test_t_quantile_against_scipy(df):
    assert t_quantile(df) == pytest.approx(stats.t.ppf(0.95, df), abs=1e-9)
    assert t_quantile(df, 0.99) == pytest.approx(stats.t.ppf(0.995, df), abs=1e-9)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: outcome_by_verdict(["ready"], [1, 2]), "one per rep"),
        (lambda: outcome_by_verdict(["ready"], ["high"]), r"outcomes\[0\] is not a number"),
        (lambda: outcome_by_verdict(["ready"], [math.inf]), "not a finite number"),
        (lambda: outcome_by_verdict(["ready"], [1], groups=("great",)), "unknown verdict"),
        (lambda: outcome_by_verdict(["ready"], [1], groups=("ready", "ready")), "repeat"),
        (lambda: outcome_by_verdict(["ready"], [1], min_reps=1), "min_reps"),
        (lambda: t_quantile(0), "degrees of freedom"),
        (lambda: t_quantile(4, 1.5), "coverage"),
    ],
)
def test_bad_input_is_refused_with_a_message(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_to_dict_is_rounded_and_ordered():
    ready = outcome_by_verdict(VERDICTS, WIN_RATES)[0].to_dict()
    assert ready == {
        "verdict": "ready",
        "n": 5,
        "min_reps": 5,
        "mean": 0.4,
        "sd": 0.1581,
        "interval": [0.2493, 0.5507],
        "note": None,
    }
