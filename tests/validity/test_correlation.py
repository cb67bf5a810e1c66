"""Spearman's rho and its interval, worked out by hand on small tables.

Every expected number below is written out with its ranks and arithmetic, so a reader
can check it on paper; scipy is the independent reference in test_against_scipy.py.
"""

from __future__ import annotations

import json
import math

import pytest

from assess.core.validity import Correlation, average_ranks, fisher_interval, spearman

Z90 = 1.6448536269514722

# Eight reps, no ties.
#   score    20  35  50  45  60  80  75  90  → ranks 1 2 4 3 5 7 6 8
#   outcome   3   1   4   2   6   5   8   7  → ranks 3 1 4 2 6 5 8 7
#   d = −2 1 0 1 −1 2 −2 1, Σd² = 16, rho = 1 − 6·16 / (8·63) = 1 − 96/504 = 17/21
EIGHT_SCORES = [20, 35, 50, 45, 60, 80, 75, 90]
EIGHT_OUTCOMES = [3, 1, 4, 2, 6, 5, 8, 7]

# Eight reps, a tie in the scores, one rep without a score and one without an outcome.
#   rep      A     B     C     D     E     F     G     H
#   score    40    55    55    70    85    90    –     60
#   outcome  0.20  0.35  0.30  0.50  0.45  0.60  0.40  –
# G and H are dropped: n = 6. Score ranks 1, 2.5, 2.5, 4, 5, 6 (B and C share 2 and 3);
# outcome ranks 1, 3, 2, 5, 4, 6. Both average 3.5, so the deviations are
#   dx = −2.5 −1 −1 0.5 1.5 2.5    Σdx² = 6.25 + 1 + 1 + 0.25 + 2.25 + 6.25 = 17
#   dy = −2.5 −0.5 −1.5 1.5 0.5 2.5    Σdy² = 6.25 + 0.25 + 2.25 + 2.25 + 0.25 + 6.25 = 17.5
#   Σdx·dy = 6.25 + 0.5 + 1.5 + 0.75 + 0.75 + 6.25 = 16
# rho = 16 / √(17 · 17.5) = 16 / √297.5 = 0.927634
TIED_SCORES = [40, 55, 55, 70, 85, 90, None, 60]
TIED_OUTCOMES = [0.20, 0.35, 0.30, 0.50, 0.45, 0.60, 0.40, None]


def test_average_ranks_share_the_ranks_a_tie_spans():
    assert average_ranks([40, 55, 55, 70, 85, 90]) == [1, 2.5, 2.5, 4, 5, 6]
    assert average_ranks([7, 7, 7, 1]) == [3, 3, 3, 1]  # 7s span ranks 2, 3, 4


def test_rho_without_ties_is_the_textbook_formula():
    result = spearman(EIGHT_SCORES, EIGHT_OUTCOMES, min_reps=4)
    assert result.status == "ok"
    assert result.n == 8
    assert result.rho == pytest.approx(17 / 21, abs=1e-12)


def test_rho_with_a_tie_and_missing_values_by_hand():
    result = spearman(TIED_SCORES, TIED_OUTCOMES, min_reps=4)
    assert result.n == 6
    assert result.rho == pytest.approx(16 / math.sqrt(17 * 17.5), abs=1e-12)
    assert result.rho == pytest.approx(0.927634, abs=1e-6)


def test_nan_is_missing_like_none():
    with_nan = [math.nan if value is None else value for value in TIED_SCORES]
    assert spearman(with_nan, TIED_OUTCOMES, min_reps=4) == spearman(
        TIED_SCORES, TIED_OUTCOMES, min_reps=4
    )


def test_interval_is_fisher_z_with_the_fieller_hartley_pearson_error():
    # rho 17/21 from 8 reps: z = atanh(17/21) = ½·ln((38/21) / (4/21)) = ½·ln 9.5 = 1.125646
    # se = √(1.06 / 5) = 0.460435, 1.644854 · 0.460435 = 0.757347
    # z from 0.368298 to 1.882993, tanh → 0.352502 to 0.954758
    z = 0.5 * math.log(9.5)
    half_width = Z90 * math.sqrt(1.06 / 5)
    low, high = spearman(EIGHT_SCORES, EIGHT_OUTCOMES, min_reps=4).interval
    assert (low, high) == pytest.approx((math.tanh(z - half_width), math.tanh(z + half_width)))
    assert (low, high) == pytest.approx((0.352502, 0.954758), abs=1e-6)


def test_interval_of_the_tied_table_by_hand():
    # rho 0.927634 from 6 reps: z = atanh(0.927634) = 1.641154, se = √(1.06 / 3) = 0.594418,
    # 1.644854 · 0.594418 = 0.977731; z from 0.663422 to 2.618885 → 0.580636 to 0.989432
    low, high = spearman(TIED_SCORES, TIED_OUTCOMES, min_reps=4).interval
    assert (low, high) == pytest.approx((0.580636, 0.989432), abs=1e-6)


def test_the_interval_is_wider_than_pearsons_by_the_factor():
    # Fisher-z half-widths: √(1.06 / (n − 3)) against Pearson's √(1 / (n − 3))
    rho, n = 0.41, 38
    low, high = fisher_interval(rho, n)
    width_z = math.atanh(high) - math.atanh(low)
    assert width_z == pytest.approx(2 * Z90 * math.sqrt(1 / (n - 3)) * math.sqrt(1.06))


def test_a_perfect_agreement_has_the_single_point_interval():
    result = spearman(list(range(25)), [v * 3 for v in range(25)])
    assert result.rho == 1.0
    assert result.interval == (1.0, 1.0)
    reverse = spearman(list(range(25)), [-v for v in range(25)])
    assert (reverse.rho, reverse.interval) == (-1.0, (-1.0, -1.0))


def test_below_the_minimum_there_is_no_coefficient():
    result = spearman(EIGHT_SCORES, EIGHT_OUTCOMES)  # default: 20 reps needed
    assert result.status == "not_enough_reps"
    assert (result.rho, result.interval) == (None, None)
    assert (result.n, result.min_reps) == (8, 20)
    assert result.note == "not enough reps to say: 8 of the 20 needed"


def test_the_minimum_counts_reps_with_both_values():
    scores = list(range(20)) + [None]
    outcomes = [None, *range(20)]
    assert spearman(scores, outcomes).n == 19  # 21 reps, 19 with both
    assert spearman(scores, outcomes).status == "not_enough_reps"
    assert spearman(scores, outcomes, min_reps=19).status == "ok"


def test_the_minimum_is_configurable_but_not_below_four():
    assert spearman(EIGHT_SCORES, EIGHT_OUTCOMES, min_reps=8).status == "ok"
    assert spearman(EIGHT_SCORES, EIGHT_OUTCOMES, min_reps=9).status == "not_enough_reps"
    for wrong in (3, 0, 2.5, True, "20"):
        with pytest.raises(ValueError, match="min_reps"):
            spearman(EIGHT_SCORES, EIGHT_OUTCOMES, min_reps=wrong)


@pytest.mark.parametrize(
    ("scores", "outcomes", "constant", "words"),
    [
        ([50] * 6, [1, 2, 3, 4, 5, 6], ("competency",), "the same score"),
        ([1, 2, 3, 4, 5, 6], [0.3] * 6, ("outcome",), "the same outcome"),
        ([50] * 6, [0.3] * 6, ("competency", "outcome"), "the same score and the same outcome"),
    ],
)
def test_a_side_without_variation_gives_no_coefficient(scores, outcomes, constant, words):
    result = spearman(scores, outcomes, min_reps=4)
    assert result.status == "no_variation"
    assert (result.rho, result.interval) == (None, None)
    assert result.constant == constant
    assert result.note == f"no variation: all 6 reps have {words}"


def test_constant_only_among_the_reps_with_both_values():
    # the one rep with a different score has no outcome: what remains is constant
    scores = [50, 50, 50, 50, 50, 90]
    outcomes = [1, 2, 3, 4, 5, None]
    assert spearman(scores, outcomes, min_reps=4).constant == ("competency",)


def test_not_enough_reps_comes_before_no_variation():
    assert spearman([50] * 5, [1, 2, 3, 4, 5]).status == "not_enough_reps"


@pytest.mark.parametrize(
    ("scores", "outcomes", "message"),
    [
        ([1, 2], [1], "one per rep"),
        ([1, "2"], [1, 2], r"scores\[1\] is not a number"),
        ([1, 2], [1, math.inf], r"outcomes\[1\] is not a finite number"),
        ([True, 2], [1, 2], r"scores\[0\] is not a number"),
    ],
)
def test_bad_input_is_refused_with_a_message(scores, outcomes, message):
    with pytest.raises(ValueError, match=message):
        spearman(scores, outcomes)


def test_fisher_interval_refuses_what_it_cannot_bound():
    with pytest.raises(ValueError, match="more than 3"):
        fisher_interval(0.5, 3)
    with pytest.raises(ValueError, match="between -1 and 1"):
        fisher_interval(1.2, 30)


def test_to_dict_is_json_in_a_fixed_order():
    result = spearman(EIGHT_SCORES, EIGHT_OUTCOMES, min_reps=4)
    stored = result.to_dict()
    assert list(stored) == [
        "rho", "interval", "n", "min_reps", "status", "constant", "note",
        "p_value", "adjusted_p", "tested",
    ]  # fmt: skip
    assert stored["rho"] == 0.8095
    assert stored["interval"] == [0.3525, 0.9548]
    assert json.loads(json.dumps(stored)) == stored
    assert Correlation(n=3, min_reps=20, status="not_enough_reps").to_dict()["rho"] is None
