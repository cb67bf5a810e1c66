"""Standard errors, intervals and reliable change, worked out by hand."""

from __future__ import annotations

import pytest

from assess.core.scoring.precision import (
    combined_error,
    composite_error,
    group_error,
    interval,
    rater_error,
    reliable_change,
)


def test_one_raters_error_comes_from_the_banks_reliability():
    assert rater_error(0.75) == pytest.approx(10)  # 20 · √0.25, at four items
    assert rater_error(0.91) == pytest.approx(6)  # 20 · √0.09


def test_fewer_items_measure_less_reliably():
    # Spearman–Brown from four items: one item 0.1875 / 0.4375 = 0.4286, eight 1.5 / 1.75
    assert rater_error(0.75, 1) == pytest.approx(20 * (1 - 0.1875 / 0.4375) ** 0.5)
    assert rater_error(0.75, 1) == pytest.approx(15.119, abs=1e-3)
    assert rater_error(0.75, 8) == pytest.approx(20 * (1 - 1.5 / 1.75) ** 0.5)
    # so one step on a single five-point item (25 points) is no reliable change
    assert reliable_change(75, rater_error(0.75, 1), 50, rater_error(0.75, 1)) == "steady"


def test_agreeing_raters_never_measure_without_error():
    assert group_error([70, 70, 70, 70], [1, 1, 1, 1], 10) == pytest.approx(10 / 2)
    # 40, 60, 60, 80: SD √(800 / 3) = 16.33 > 10, over √4
    assert group_error([40, 60, 60, 80], [1, 1, 1, 1], 10) == pytest.approx(16.3299 / 2, 1e-4)
    # each rater's own error: the floor is their root mean square, √((6² + 8²) / 2) = 7.07
    assert group_error([50, 50], [1, 1], [6, 8]) == pytest.approx(50**0.5 / 2**0.5)


def test_the_spread_is_weighted_as_the_mean_is():
    # 40 (weight 3) and 80 (weight 1): mean 50, weighted SD √(1200 / (4 − 10/4)) = 28.28;
    # effective raters 16 / 10 = 1.6
    expected = (1200 / 1.5) ** 0.5 / 1.6**0.5
    assert group_error([40, 80], [3, 1], 10) == pytest.approx(expected)


def test_parts_combine_by_their_weights():
    # (2·10, 3·5): √(400 + 225) / 5 = 5
    assert combined_error([(10, 2), (5, 3)]) == pytest.approx(5)
    assert combined_error([]) is None


def test_the_interval_stays_on_the_scale():
    assert interval(95, 10) == pytest.approx((78.5515, 100), abs=1e-3)
    assert interval(3, 10) == pytest.approx((0, 19.4485), abs=1e-3)


def test_a_change_is_reliable_only_beyond_noise():
    # SE 5 each: the difference's SE is 7.07; 1.645 · 7.07 = 11.63
    assert reliable_change(50, 5, 61, 5) == "steady"
    assert reliable_change(50, 5, 62, 5) == "improved"
    assert reliable_change(62, 5, 50, 5) == "slipped"
    assert reliable_change(None, 5, 50, 5) is None


def test_an_overall_of_one_raters_competencies_shrinks_its_error_less():
    # two parts, SE 10 each, r = 0.5: √(0.5 · 200 + 0.5 · 20²) / 2 = 8.66 (independent: 7.07)
    assert composite_error([(10, 1), (10, 1)]) == pytest.approx(8.6603, 1e-4)
    assert composite_error([(10, 1), (10, 1)], correlation=0) == pytest.approx(7.0711, 1e-4)
    # fully correlated errors: averaging removes none, the weighted mean of the SEs
    assert composite_error([(10, 1), (4, 3)], correlation=1) == pytest.approx(5.5)
    assert composite_error([]) is None
