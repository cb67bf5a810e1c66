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
    assert rater_error(0.75) == pytest.approx(10)  # 20 · √0.25
    assert rater_error(0.91) == pytest.approx(6)  # 20 · √0.09


def test_agreeing_raters_never_measure_without_error():
    assert group_error([70, 70, 70, 70], [1, 1, 1, 1], 0.75) == pytest.approx(10 / 2)
    # 40, 60, 60, 80: SD √(800 / 3) = 16.33 > 10, over √4
    assert group_error([40, 60, 60, 80], [1, 1, 1, 1], 0.75) == pytest.approx(16.3299 / 2, 1e-4)


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
