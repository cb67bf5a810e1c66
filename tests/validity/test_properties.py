"""Properties rho must have whatever the data: symmetric, within [−1, 1], unchanged by
a monotone rescaling of either side, and the same from the batch as from one pair."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assess.core.validity import spearman, spearman_table

# whole numbers from a small range, so ties are common; None is a missing value
values = st.one_of(st.none(), st.integers(-30, 30))
columns = st.integers(4, 40).flatmap(
    lambda n: st.tuples(
        st.lists(values, min_size=n, max_size=n), st.lists(values, min_size=n, max_size=n)
    )
)


def rising(value):
    """Strictly increasing and exact on these integers."""
    return None if value is None else value**3 + 5 * value


@given(columns)
def test_rho_is_symmetric_and_bounded(pair):
    scores, outcomes = pair
    forward = spearman(scores, outcomes, min_reps=4)
    backward = spearman(outcomes, scores, min_reps=4)
    assert forward.status == backward.status
    if forward.rho is not None:
        assert forward.rho == pytest.approx(backward.rho, abs=1e-12)
        assert -1 <= forward.rho <= 1
        low, high = forward.interval
        assert -1 <= low <= forward.rho <= high <= 1


@given(columns)
def test_rho_ignores_monotone_rescaling(pair):
    scores, outcomes = pair
    original = spearman(scores, outcomes, min_reps=4)
    rescaled = spearman([rising(v) for v in scores], outcomes, min_reps=4)
    flipped = spearman(scores, [None if v is None else -rising(v) for v in outcomes], min_reps=4)
    assert original.status == rescaled.status == flipped.status
    if original.rho is not None:
        assert rescaled.rho == pytest.approx(original.rho, abs=1e-12)
        assert flipped.rho == pytest.approx(-original.rho, abs=1e-12)


@given(columns)
def test_rep_order_does_not_matter(pair):
    scores, outcomes = pair
    original = spearman(scores, outcomes, min_reps=4)
    reversed_reps = spearman(scores[::-1], outcomes[::-1], min_reps=4)
    assert (original.status, original.n) == (reversed_reps.status, reversed_reps.n)
    if original.rho is not None:
        assert reversed_reps.rho == pytest.approx(original.rho, abs=1e-12)


@settings(max_examples=60)
@given(
    st.integers(4, 30).flatmap(
        lambda n: st.tuples(
            st.lists(st.lists(values, min_size=3, max_size=3), min_size=n, max_size=n),
            st.lists(st.lists(values, min_size=2, max_size=2), min_size=n, max_size=n),
        )
    )
)
def test_batch_equals_one_pair_at_a_time(tables):
    score_rows, outcome_rows = tables

    def as_array(rows):
        return np.array([[math.nan if v is None else v for v in row] for row in rows], float)

    table = spearman_table(as_array(score_rows), as_array(outcome_rows), min_reps=4)
    for c in range(3):
        for o in range(2):
            single = spearman(
                [row[c] for row in score_rows], [row[o] for row in outcome_rows], min_reps=4
            )
            batch = table.result(c, o)
            assert (batch.status, batch.n, batch.constant) == (
                single.status,
                single.n,
                single.constant,
            )
            if single.rho is not None:
                assert batch.rho == pytest.approx(single.rho, abs=1e-12)
                assert batch.interval == pytest.approx(single.interval, abs=1e-12)
