"""Item analysis as the bank author's page shows it: alpha, item-rest correlation and
alpha-if-deleted worked out by hand on a four-row table and against numpy, reverse keys
applied first, "not observed" left out, and the words the page puts on each item."""

from __future__ import annotations

import math

import numpy as np
import pytest

from assess.core.reports.item_review import DOES_NOT_GO, NOT_JUDGED, item_review_view
from assess.core.scoring import RaterResponse, item_analysis
from tests.scoring.conftest import tiny_buyer_response as buyer

#: Keyed answers (reverse key applied) of four buyers to the three listening items:
#:
#:     let_talk  cut_in(keyed)  played_back   total
#:        1           2             2            5
#:        2           3             3            8
#:        3           3             4           10
#:        4           5             4           13
#:
#: item variances 5/3 + 19/12 + 11/12 = 25/6; total variance 34/3;
#: alpha = 3/2 · (1 − (25/6)/(34/3)) = 3/2 · 43/68 = 129/136.
#: let_talk against the rest (4, 6, 7, 9): covariance sum 8, squares 5 and 13 →
#: r = 8/√65; without it (cut_in, played_back): 2 · (1 − (30/12)/(13/3)) = 11/13.
#: cut_in against the rest (3, 5, 7, 8): 7.25 / √(4.75 · 14.75).
KEYED = [(1, 2, 2), (2, 3, 3), (3, 3, 4), (4, 5, 4)]


def keyed_buyers() -> list[RaterResponse]:
    """The table above as answered: the reverse-keyed statement in its raw direction."""
    return [buyer(n, a, 6 - b, c) for n, (a, b, c) in enumerate(KEYED)]


def listening(analysis):
    return next(entry for entry in analysis.competencies if entry.competency == "listening")


def test_alpha_item_rest_and_alpha_if_deleted_by_hand(tiny_buyer):
    entry = listening(item_analysis(tiny_buyer, keyed_buyers(), min_responses=4))
    assert entry.n == 4
    assert entry.alpha == pytest.approx(129 / 136, abs=1e-12)
    let_talk, cut_in, played_back = entry.items
    assert let_talk.item_rest_correlation == pytest.approx(8 / math.sqrt(65), abs=1e-12)
    assert let_talk.alpha_if_deleted == pytest.approx(11 / 13, abs=1e-12)
    # the reverse-keyed item, keyed before anything is computed, goes with the others
    assert cut_in.item_rest_correlation == pytest.approx(7.25 / math.sqrt(4.75 * 14.75))
    assert cut_in.item_rest_correlation > 0.8
    assert [stat.answers for stat in entry.items] == [4, 4, 4]


def test_a_not_observed_answer_is_left_out_not_scored_as_zero(tiny_buyer):
    unseen = buyer(9, 1, "not_observed", 5)
    with_unseen = listening(item_analysis(tiny_buyer, [*keyed_buyers(), unseen], min_responses=4))
    without = listening(item_analysis(tiny_buyer, keyed_buyers(), min_responses=4))
    assert with_unseen.n == 4 and with_unseen.alpha == without.alpha
    assert [stat.item_rest_correlation for stat in with_unseen.items] == [
        stat.item_rest_correlation for stat in without.items
    ]
    # counted apart: five buyers answered the two others, one could not judge cut_in
    assert [(stat.answers, stat.not_observed) for stat in with_unseen.items] == [
        (5, 0),
        (4, 1),
        (5, 0),
    ]
    # scored as zero (1 on the scale, keyed: the lowest), it would enter the table
    as_lowest = listening(
        item_analysis(tiny_buyer, [*keyed_buyers(), buyer(9, 1, 5, 5)], min_responses=4)
    )
    assert as_lowest.n == 5 and as_lowest.alpha != without.alpha


def test_the_analysis_matches_numpy_on_a_larger_table(tiny_buyer):
    rng = np.random.default_rng(15)
    responses, complete = [], []
    for number in range(60):
        level = int(rng.integers(1, 6))
        let_talk, keyed_cut_in, played_back = np.clip(level + rng.integers(-1, 2, 3), 1, 5)
        cut_in = 6 - int(keyed_cut_in)
        if number % 7 == 3:
            responses.append(buyer(number, int(let_talk), "not_observed", int(played_back)))
            continue
        responses.append(buyer(number, int(let_talk), cut_in, int(played_back)))
        complete.append([let_talk, keyed_cut_in, played_back])
    scores = (np.array(complete, dtype=float) - 1) * 25
    entry = listening(item_analysis(tiny_buyer, responses))
    k = scores.shape[1]
    expected = k / (k - 1) * (1 - scores.var(axis=0, ddof=1).sum() / scores.sum(1).var(ddof=1))
    assert entry.n == len(scores)
    assert entry.alpha == pytest.approx(expected, abs=1e-9)
    for index, stat in enumerate(entry.items):
        rest = np.delete(scores, index, axis=1)
        r = np.corrcoef(scores[:, index], rest.sum(axis=1))[0, 1]
        assert stat.item_rest_correlation == pytest.approx(r, abs=1e-9)
        alpha = 2 * (1 - rest.var(axis=0, ddof=1).sum() / rest.sum(1).var(ddof=1))
        assert stat.alpha_if_deleted == pytest.approx(alpha, abs=1e-9)


def test_the_page_words_a_weak_item_and_holds_back_below_the_minimum(tiny_buyer):
    rng = np.random.default_rng(3)
    responses = []
    for number in range(12):
        level = int(rng.integers(1, 6))
        noise = int(rng.integers(1, 6))  # played_back: unrelated to the others
        responses.append(buyer(number, level, 6 - level, noise))
    view = item_review_view(tiny_buyer, item_analysis(tiny_buyer, responses), None, {})
    (entry,) = [c for c in view["competencies"] if c["id"] == "listening"]
    flags = {item["id"]: item["flag"] for item in entry["items"]}
    assert flags["t_let_talk"] is None and flags["t_cut_in"] is None
    assert flags["t_played_back"].startswith(DOES_NOT_GO)
    assert view["flagged"] == 1 and view["counts_shown"]

    few = item_review_view(tiny_buyer, item_analysis(tiny_buyer, responses[:9]), None, {})
    (entry,) = [c for c in few["competencies"] if c["id"] == "listening"]
    assert {item["reading"] for item in entry["items"]} == {NOT_JUDGED}
    assert {item["item_rest"] for item in entry["items"]} == {None}
    assert {item["answers"] for item in entry["items"]} == {None}  # no count of 9 people
    assert entry["name"] == "Listening"
