"""A rep's rating on an item, and its rank correlation with an outcome, worked by hand on
a small table: the others' mean 0–100 item score per rep (reverse keys applied, "not
seen" left out, the rep's own view never in it), buyers only from the anonymity minimum
on, the manager always."""

from __future__ import annotations

import math

import numpy as np
import pytest

from assess.core.scoring import RaterResponse
from assess.core.validity import RepAnswers, item_columns, rep_item_table, spearman_table
from assess.services.bank_versions import shipped_banks

Z90 = 1.6448536269514722
BUYERS = shipped_banks()["buyer_feedback"]
MANAGER = shipped_banks()["manager_review"]
LISTENED = item_columns(BUYERS).index(("listening", "bf_listened"))
INTERRUPTED = item_columns(BUYERS).index(("listening", "bf_interrupted"))


def said(role: str, bank=BUYERS, **answers) -> RaterResponse:
    return RaterResponse("r", role, bank.id, answers)


def test_one_item_correlation_worked_by_hand():
    # "They let me explain my situation fully", 1–5: 0, 25, 50, 75, 100 points
    reps = [
        RepAnswers([said("customer", bf_listened=5), said("referral", bf_listened=4)], 2),
        RepAnswers(
            [
                said("customer", bf_listened=2),
                said("prospect", bf_listened=2),
                said("customer", bf_listened="not_observed"),  # not seen: not a zero
            ],
            2,
        ),
        RepAnswers([said("customer", bf_listened=3), said("customer", bf_listened=4)], 2),
        RepAnswers([said("customer", bf_listened=1), said("customer", bf_listened=2)], 2),
        RepAnswers(
            [
                said("customer", bf_listened=4),
                said("customer", bf_listened=4),
                said("self", bf_listened=1),  # the rep's own view is not others'
            ],
            2,
        ),
    ]
    win_rate = [30.0, 20.0, 35.0, 10.0, 40.0]
    table = rep_item_table(BUYERS, reps)
    # means 87.5, 25, 62.5, 12.5, 75 → ranks 5, 2, 3, 1, 4
    assert table[:, LISTENED].tolist() == [87.5, 25.0, 62.5, 12.5, 75.0]
    # win rates → ranks 3, 2, 4, 1, 5; d = 2, 0, −1, 0, −1; Σd² = 6
    # ρ = 1 − 6 · Σd² / (n (n² − 1)) = 1 − 36 / 120 = 0.7 (no ties)
    result = spearman_table(table, np.array([win_rate]).T, min_reps=4).result(LISTENED, 0)
    assert result.n == 5
    assert result.rho == pytest.approx(0.7, abs=1e-12)
    half = Z90 * math.sqrt(1.06 / (5 - 3))
    low, high = result.interval
    assert low == pytest.approx(math.tanh(math.atanh(0.7) - half), abs=1e-12)
    assert high == pytest.approx(math.tanh(math.atanh(0.7) + half), abs=1e-12)
    # with the page's minimum of 20 reps: no coefficient
    assert spearman_table(table, np.array([win_rate]).T).result(LISTENED, 0).rho is None


def test_too_few_buyers_on_an_item_count_for_nothing_and_the_manager_always_counts():
    reps = [
        # three buyers, but only two scored "They cut in" (reverse-keyed: 1 → 100 points)
        RepAnswers(
            [
                said("customer", bf_listened=5, bf_interrupted=1),
                said("customer", bf_listened=3, bf_interrupted=2),
                said("customer", bf_listened=4),
            ],
            3,
        ),
        RepAnswers([said("customer", bf_listened=5), said("customer", bf_listened=5)], 3),
    ]
    table = rep_item_table(BUYERS, reps)
    assert table[0, LISTENED] == 75.0
    assert np.isnan(table[0, INTERRUPTED]) and np.isnan(table[1]).all()
    two_buyers = rep_item_table(BUYERS, [RepAnswers(reps[0].responses, 2)])
    assert two_buyers[0, INTERRUPTED] == 87.5  # 100 and 75, the key reversed

    manager = rep_item_table(
        MANAGER, [RepAnswers([said("manager", MANAGER, mr_listen_ratio=4)], 3)]
    )
    column = item_columns(MANAGER).index(("listening", "mr_listen_ratio"))
    assert manager[0, column] == 75.0  # one manager: not anonymous, so it counts
    assert np.isnan(np.delete(manager[0], column)).all()


def test_bad_input_is_refused_with_a_message():
    with pytest.raises(ValueError, match="every response must answer buyer_feedback"):
        rep_item_table(BUYERS, [RepAnswers([said("manager", MANAGER, mr_listen_ratio=4)], 3)])
    with pytest.raises(ValueError, match="min_buyers must be at least 1"):
        rep_item_table(BUYERS, [RepAnswers([], 0)])
    with pytest.raises(ValueError, match="not a valid answer"):
        rep_item_table(BUYERS, [RepAnswers([said("customer", bf_listened=9)], 1)])
    assert rep_item_table(BUYERS, []).shape == (0, len(item_columns(BUYERS)))
