"""Item scores, worked out from the shipped YAML (question_banks/)."""

from __future__ import annotations

import pytest

from assess.core.scoring import RaterResponse, item_scores, reverse_key
from assess.core.scoring.responses import plan_for, score_response


def test_likert_and_reverse_keyed_likert(shipped_banks):
    bank = shipped_banks["consultative_selling"]
    assert item_scores(bank.item("cs_disc_cost"), 4) == {"discovery": 75.0}  # (4-1)/4
    # cs_disc_pitch_early is reverse-keyed: 2 counts as 4
    assert item_scores(bank.item("cs_disc_pitch_early"), 2) == {"discovery": 75.0}
    assert item_scores(bank.item("cs_disc_pitch_early"), 5) == {"discovery": 0.0}


def test_seven_point_scale(shipped_banks):
    bank = shipped_banks["sales_marketing_alignment"]
    item = next(item for item in bank.items if item.type == "likert" and not item.reverse_keyed)
    assert item_scores(item, 5) == {item.competency: pytest.approx(4 / 6 * 100)}
    assert item_scores(item, 1) == {item.competency: 0.0}


def test_situational_choice_and_unscored_items(shipped_banks):
    selling = shipped_banks["consultative_selling"]
    assert item_scores(selling.item("cs_sj_premium"), "show_all_tiers") == {"discovery": 45.0}
    buyer = shipped_banks["buyer_feedback"]
    assert item_scores(buyer.item("bf_pushed"), 2) == {"buyer_first": 75.0}  # reversed
    assert item_scores(buyer.item("bf_pushed"), "not_observed") == {}
    assert item_scores(buyer.item("bf_is_customer"), True) == {}  # no competency
    assert item_scores(buyer.item("bf_would_refer"), 9) == {}
    assert item_scores(buyer.item("bf_comment"), "Great.") == {}
    assert item_scores(selling.item("cs_disc_cost"), None) == {}


def test_forced_choice_most_100_least_0_others_50(shipped_banks):
    item = shipped_banks["consultative_selling"].item("cs_fc_habits")
    scores = item_scores(item, {"most": "report_back", "least": "price_the_pain"})
    assert scores == {
        "discovery": 0.0,
        "account_growth": 50.0,
        "marketing_partnership": 100.0,
        "offer_mastery": 50.0,
    }


def test_invalid_answers_raise(shipped_banks):
    bank = shipped_banks["consultative_selling"]
    for item_id, value in [
        ("cs_disc_cost", 0),
        ("cs_disc_cost", True),
        ("cs_disc_cost", "4"),
        ("cs_sj_premium", "nope"),
        ("cs_fc_habits", {"most": "report_back"}),
    ]:
        with pytest.raises(ValueError, match=item_id):
            item_scores(bank.item(item_id), value)


def test_reverse_key_mirrors_the_scale():
    assert [reverse_key(value, 1, 5) for value in range(1, 6)] == [5, 4, 3, 2, 1]
    assert reverse_key(3, 0, 10) == 7
    with pytest.raises(ValueError):
        reverse_key(6, 1, 5)


def test_compiled_scoring_of_the_shipped_buyer_bank(shipped_banks):
    # bf_listened 4 -> 75; bf_pushed 4 (reverse-keyed) -> 25 (buyer_first); bf_kept_word
    # 5 -> 100 and, since bf_is_customer is yes, bf_after_sale 2 -> 25: follow_through
    # 62.5 on two answers; bf_would_refer is not scored.
    bank = shipped_banks["buyer_feedback"]
    answers = {
        "bf_listened": 4,
        "bf_pushed": 4,
        "bf_kept_word": 5,
        "bf_is_customer": True,
        "bf_after_sale": 2,
        "bf_would_refer": 3,
    }
    scored = score_response(plan_for(bank), RaterResponse("r", "customer", bank.id, answers))
    assert scored.scores == {"listening": 75.0, "buyer_first": 25.0, "follow_through": 62.5}
    assert scored.answered["follow_through"] == 2
    not_customer = {**answers, "bf_is_customer": False}
    scored = score_response(plan_for(bank), RaterResponse("r", "customer", bank.id, not_customer))
    assert scored.scores["follow_through"] == 100.0  # bf_after_sale hidden, not missing
    assert scored.answered["follow_through"] == 1
