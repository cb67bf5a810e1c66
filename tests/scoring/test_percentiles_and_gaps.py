"""Percentiles (norm table, history) and perception-gap classification."""

from __future__ import annotations

import pytest

from assess.core.banks import Norm
from assess.core.scoring import score_rep
from assess.core.scoring.gaps import classify_gap
from assess.core.scoring.percentiles import (
    percentile,
    percentile_from_history,
    percentile_from_norm,
)
from tests.scoring.conftest import manager_response

LISTENING = Norm("listening", ((10, 35), (25, 48), (50, 61), (75, 73), (90, 85)))


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (61, 50),  # on a breakpoint
        (67, 62.5),  # halfway from 61 (50th) to 73 (75th)
        (17.5, 5),  # below the first breakpoint: from (score 0, 0th)
        (92.5, 95),  # above the last: halfway to (100, 100th)
        (0, 0),
        (100, 100),
    ],
)
def test_norm_interpolation(score, expected):
    assert percentile_from_norm(LISTENING, score) == pytest.approx(expected)


def test_tied_norm_breakpoints_give_the_middle_percentile():
    flat = Norm("x", ((25, 50), (50, 50), (75, 80)))
    assert percentile_from_norm(flat, 50) == 37.5
    assert percentile_from_norm(flat, 65) == pytest.approx(62.5)


def test_history_counts_below_and_half_the_ties():
    history = sorted([10, 20, 30, 40, 50, 50, 60, 70, 80, 90] * 2)  # twenty past scores
    assert percentile_from_history(history, 55) == 60  # twelve below
    assert percentile_from_history(history, 50) == 50  # eight below + four ties / 2
    assert percentile_from_history(history, 5) == 0
    assert percentile_from_history(history[:19], 55) is None  # fewer than twenty


def test_the_reps_own_past_scores_are_left_out():
    history = sorted([10, 20, 30, 40, 50, 50, 60, 70, 80, 90] * 2 + [95])
    # by hand: of the 20 others, twelve are below 55
    assert percentile_from_history(history, 55, own=[95]) == 60
    # leaving one of the four 50s out: of 20 others, 8 below and 3 tied -> 47.5 %
    assert percentile_from_history(history, 50, own=[50]) == 47.5
    assert percentile_from_history(history, 55, own=[95, 90]) is None  # 19 others left


def test_norm_first_then_history_then_nothing():
    history = [10.0] * 20
    assert percentile(61, LISTENING, history) == (50, "norm")
    assert percentile(61, None, history) == (100, "history")
    assert percentile(61, None, None) == (None, None)
    assert percentile(None, LISTENING, history) == (None, None)
    with pytest.raises(ValueError):
        percentile_from_norm(LISTENING, 101)


def test_history_percentile_in_a_rep_result(mini_banks):
    history = {"discovery": sorted([20, 30, 37.5, 37.5, 40, 50, 60, 70, 80, 90] * 2)}
    review = manager_response({"m_listen": 3, "m_follow": 3, "m_disc": 3})  # discovery 50
    result = score_rep(mini_banks, [review], rep_name="Kim", history=history)
    discovery = result.competency("discovery")  # ten of twenty below 50, two tied: 55 %
    assert discovery.percentile == pytest.approx(55) and discovery.percentile_source == "history"
    assert discovery.to_dict()["percentile_reference"] == 20
    ten = {"discovery": history["discovery"][:10]}
    few = score_rep(mini_banks, [review], rep_name="Kim", history=ten)
    assert few.competency("discovery").percentile is None  # below the rubric's minimum


@pytest.mark.parametrize(
    ("gap", "kind"),
    [(30.01, "blind_spot"), (30, "aligned"), (-30, "aligned"), (-31, "hidden_strength")],
)
def test_gap_must_exceed_the_threshold(gap, kind):
    assert classify_gap(gap, 30) == kind
