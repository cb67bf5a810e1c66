"""Referral likelihood as an outcome: the share of buyers who would recommend the rep
(9 or 10 of 10), with its n, shown only when enough buyers answered it."""

from __future__ import annotations

from assess.core.scoring import RaterResponse, score_rep


def buyers(values, role="customer"):
    return [
        RaterResponse(f"b{n}", role, "buyer_feedback", {"bf_listened": 4, "bf_would_refer": v})
        for n, v in enumerate(values)
    ]


def test_the_share_of_buyers_who_would_recommend_the_rep(shipped_banks):
    result = score_rep(shipped_banks, buyers([10, 9, 8, 3]), rep_name="Kim").to_dict()
    assert result["buyers"]["referral"] == {"answered": 4, "would_refer": 2, "share": 0.5}


def test_below_the_minimum_the_referral_share_is_not_given(shipped_banks):
    two = score_rep(shipped_banks, buyers([10, 10]), rep_name="Kim").to_dict()
    assert two["buyers"]["referral"] is None
    # four buyers, but only two answered the referral question: not shown either
    answered_two = buyers([10, 2]) + [
        RaterResponse(f"q{n}", "prospect", "buyer_feedback", {"bf_listened": 4}) for n in range(2)
    ]
    result = score_rep(shipped_banks, answered_two, rep_name="Kim").to_dict()
    assert result["buyers"]["shown"] and result["buyers"]["referral"] is None


def test_the_referral_question_is_declared_in_the_bank_not_known_by_its_id(shipped_banks):
    (item,) = [i for i in shipped_banks["buyer_feedback"].items if i.outcome == "referral"]
    assert item.type == "likelihood" and item.competency is None
