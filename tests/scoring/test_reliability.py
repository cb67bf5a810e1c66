"""Cronbach's alpha and item analysis, checked against pingouin (an independent
implementation) on the data sets it ships, and against numpy for correlations."""

from __future__ import annotations

import numpy as np
import pingouin
import pytest

from assess.core.banks import load_banks
from assess.core.scoring import RaterResponse, cronbach_alpha, item_analysis


def wide(name):
    data = pingouin.read_dataset(name)
    if name == "cronbach_alpha":
        data = data.pivot(index="Subj", columns="Items", values="Scores")
    if name == "pairwise_corr":
        data = data.drop(columns="Subject")
    if name == "multivariate":
        data = data.drop(columns="Condition")
    return data


@pytest.mark.parametrize(
    "name",
    ["cronbach_alpha", "cronbach_wide_missing", "pairwise_corr", "rm_anova_wide", "multivariate"],
)
def test_alpha_matches_pingouin(name):
    data = wide(name).dropna()
    expected = pingouin.cronbach_alpha(data=data, nan_policy="listwise")[0]
    assert cronbach_alpha(data.to_numpy(dtype=float).tolist()) == pytest.approx(expected, abs=1e-6)


def test_alpha_if_item_deleted_matches_pingouin():
    data = wide("pairwise_corr")
    for column in data.columns:
        rest = data.drop(columns=column)
        expected = pingouin.cronbach_alpha(data=rest)[0]
        assert cronbach_alpha(rest.to_numpy(dtype=float).tolist()) == pytest.approx(
            expected, abs=1e-6
        )


def test_alpha_edge_cases():
    assert cronbach_alpha([]) is None
    assert cronbach_alpha([[1, 2]]) is None  # one response
    assert cronbach_alpha([[1], [2], [3]]) is None  # one item
    assert cronbach_alpha([[3, 3], [3, 3], [3, 3]]) is None  # no variance
    with pytest.raises(ValueError, match="2 values"):
        cronbach_alpha([[1, 2], [1]])
    with pytest.raises(ValueError, match="numbers"):
        cronbach_alpha([[1, "2"], [1, 2]])


def likert_rows(bank, count, seed=7):
    """Answers to the mini bank's four listening Likert items, seeded random."""
    rng = np.random.default_rng(seed)
    rows = []
    for _ in range(count):
        level = rng.integers(1, 6)
        values = np.clip(level + rng.integers(-1, 2, size=4), 1, 5).tolist()
        rows.append(values)
    return rows


def test_item_analysis_matches_pingouin_and_numpy(mini_banks):
    bank = mini_banks["mini_self"]
    rows = likert_rows(bank, 40)
    responses = [
        RaterResponse(f"r{n}", "self", bank.id, {"l1": a, "l2": b, "l3": c, "l4": d, "style": None})
        for n, (a, b, c, d) in enumerate(rows)
    ]
    # the forced-choice block is scored apart: it is no column, answered or not
    responses = [
        RaterResponse(
            f"r{n}",
            "self",
            bank.id,
            {"l1": a, "l2": b, "l3": c, "l4": d, "style": {"most": "quiet", "least": "probe"}
             if n % 2 else None},
        )
        for n, (a, b, c, d) in enumerate(rows)
    ]  # fmt: skip
    analysis = item_analysis(bank, responses)
    listening = next(e for e in analysis.competencies if e.competency == "listening")
    scores = np.array(
        [[(a - 1) * 25, (5 - b) * 25, (c - 1) * 25, (d - 1) * 25] for a, b, c, d in rows],
        dtype=float,
    )
    import pandas

    frame = pandas.DataFrame(scores)
    assert listening.n == 40
    assert listening.alpha == pytest.approx(pingouin.cronbach_alpha(data=frame)[0], abs=1e-6)
    for index, item in enumerate(listening.items):
        rest = np.delete(scores, index, axis=1).sum(axis=1)
        assert item.item_rest_correlation == pytest.approx(
            np.corrcoef(scores[:, index], rest)[0, 1], abs=1e-9
        )
        expected = pingouin.cronbach_alpha(data=frame.drop(columns=index))[0]
        assert item.alpha_if_deleted == pytest.approx(expected, abs=1e-6)
    assert [item.column for item in listening.items] == ["l1", "l2", "l3", "l4"]


def test_not_enough_data_and_single_items(mini_banks):
    bank = mini_banks["mini_self"]
    responses = [RaterResponse(f"r{n}", "self", bank.id, {"l1": 1 + n % 5}) for n in range(9)]
    analysis = item_analysis(bank, responses)
    by_id = {entry.competency: entry for entry in analysis.competencies}
    assert by_id["listening"].note == "not enough data: 0 complete responses, 10 needed"
    buyer = mini_banks["mini_buyer"]
    one = [RaterResponse(f"b{n}", "prospect", buyer.id, {"b_follow": 1 + n % 5}) for n in range(12)]
    follow = next(
        e for e in item_analysis(buyer, one).competencies if e.competency == "follow_through"
    )
    assert follow.alpha is None and follow.note == "only one item: alpha needs at least two"
    assert follow.items[0].mean == pytest.approx(sum((n % 5) * 25 for n in range(12)) / 12)


def test_zero_variance_is_reported_not_crashed(mini_banks):
    bank = mini_banks["mini_buyer"]
    same = {"b_listen": 4, "b_manner": "helpful"}
    responses = [RaterResponse(f"b{n}", "prospect", bank.id, same) for n in range(10)]
    listening = item_analysis(bank, responses).competencies[0]
    assert listening.n == 10 and listening.alpha is None
    assert listening.note == "not enough data: the answers do not vary"
    assert listening.items[0].item_rest_correlation is None


def test_item_analysis_rejects_other_banks(mini_banks):
    with pytest.raises(ValueError, match="must answer mini_self"):
        item_analysis(mini_banks["mini_self"], [RaterResponse("x", "prospect", "mini_buyer", {})])


def test_items_asked_of_different_buyers_are_analysed_where_they_are_asked_together():
    """Follow-through: every buyer rates bf_kept_word; customers also rate bf_after_sale
    and the others bf_chased. No response answers all three, so listwise deletion alone
    would never judge the competency; the largest group asked together is judged, and
    the note says which item is left to other raters."""
    bank = load_banks("question_banks")["buyer_feedback"]
    rng = np.random.default_rng(3)
    responses = []
    for number in range(30):
        customer = number % 3 == 0  # 10 customers, 20 others
        level = int(rng.integers(1, 6))
        answers = {"bf_kept_word": level, "bf_is_customer": customer}
        if customer:
            answers["bf_after_sale"] = min(5, max(1, level + int(rng.integers(-1, 2))))
        else:
            answers["bf_chased"] = min(5, max(1, 6 - level + int(rng.integers(-1, 2))))
        responses.append(RaterResponse(f"r{number}", "prospect", "buyer_feedback", answers))
    analysis = item_analysis(bank, responses)
    follow = next(c for c in analysis.competencies if c.competency == "follow_through")
    assert follow.n == 20 and follow.alpha is not None and follow.alpha > 0.5
    assert "bf_kept_word, bf_chased together" in follow.note
    assert "bf_after_sale is asked of other raters" in follow.note
    by_item = {item.column: item for item in follow.items}
    assert by_item["bf_chased"].item_rest_correlation > 0.5  # reverse key applied
    assert by_item["bf_after_sale"].item_rest_correlation is None
    # the same analysis by hand: the 20 non-customers' two scores
    rows = [
        [(r.answers["bf_kept_word"] - 1) * 25, (5 - r.answers["bf_chased"]) * 25]
        for r in responses
        if "bf_chased" in r.answers
    ]
    assert follow.alpha == pytest.approx(cronbach_alpha(rows), abs=1e-9)
