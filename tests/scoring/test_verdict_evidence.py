"""What a verdict rests on, from the psychologist's review: each buyer answer counted
once, a severe verdict never from one answer per buyer, and a manager-only score
named as such in the verdict's facts (docs/scoring.md, Red flags and Verdicts)."""

from __future__ import annotations

import random

from assess.core.banks import NOT_OBSERVED
from assess.core.scoring import RaterResponse, score_rep
from assess.demo.synthetic import Profile, synthetic_answers

TRUST = "trustworthiness"
REP_BANKS = ("consultative_selling", TRUST, "manager_review", "buyer_feedback")

#: Customers who say the rep broke their word and pushed them; everything else is fine.
BROKEN_WORD = {
    "bf_listened": 4, "bf_kept_word": 1, "bf_is_customer": True, "bf_after_sale": 1,
    "bf_pushed": 5, "bf_time_to_decide": 1,
}  # fmt: skip
KEPT_WORD = {**BROKEN_WORD, "bf_kept_word": 4, "bf_after_sale": 4}
#: A customer whose promises were kept, and nothing else of note.
KEPT = {"bf_is_customer": True, "bf_kept_word": 4, "bf_after_sale": 4}


def score(banks, responses):
    chosen = {key: banks[key] for key in REP_BANKS}
    return score_rep(chosen, responses, rep_name="Jo").to_dict()


def manager(banks, level: float, levels=None, seed: int = 3) -> RaterResponse:
    profile = Profile(default=level, levels=levels or {}, noise=0)
    answers = synthetic_answers(banks["manager_review"], profile, random.Random(seed))
    return RaterResponse("m", "manager", "manager_review", answers)


def bank_verdicts(result, bank_id: str) -> list[dict]:
    return [entry for entry in result["verdict"]["by_bank"] if entry["bank_id"] == bank_id]


def trust_facts(result) -> list[dict]:
    (trust,) = bank_verdicts(result, TRUST)
    return trust["facts"]


def test_a_kept_word_answer_counts_once_in_the_trust_risk_evidence(shipped_banks):
    """Three of four customers say the rep did not keep their word: the red flag on
    bf_kept_word is the evidence; follow-through (scored from the same answers) is not
    counted again towards "two competencies in the gap band by the buyers' score"."""
    base = synthetic_answers(
        shipped_banks["buyer_feedback"], Profile(default=0.8, noise=0), random.Random(5)
    )
    responses = [manager(shipped_banks, 0.8)]
    responses += [
        RaterResponse(
            f"c{n}", "customer", "buyer_feedback", {**base, **(BROKEN_WORD if n < 3 else KEPT_WORD)}
        )
        for n in range(4)
    ]
    result = score(shipped_banks, responses)
    (flag,) = [f for f in result["red_flags"] if f["id"] == "customers_promises_broken"]
    assert flag["decisive"] is True and "follow_through" in flag["competencies"]
    assert result["verdict"]["verdict"] == "trust_risk"
    facts = trust_facts(result)
    assert any(fact.get("red_flag") == "customers_promises_broken" for fact in facts)
    for fact in facts:
        counted = fact.get("competencies", []) if fact["test"] == "band_count" else []
        assert "follow_through" not in counted, fact
        assert fact.get("competency") != "follow_through", fact
    # the buyers' follow-through score itself is still there, in the gap band
    (follow,) = [c for c in result["competencies"] if c["id"] == "follow_through"]
    assert follow["groups"]["buyers"]["band"] == "gap"


def three_customers(shipped_banks, broken: dict) -> list[RaterResponse]:
    """Three customers with a good experience, two of whom answer `broken`."""
    base = synthetic_answers(
        shipped_banks["buyer_feedback"], Profile(default=0.8, noise=0), random.Random(5)
    )
    return [
        RaterResponse(
            f"c{n}",
            "customer",
            "buyer_feedback",
            {**base, **KEPT, **(broken if n < 2 else {})},
        )
        for n in range(3)
    ]


def test_two_customers_each_reporting_two_broken_promises_make_a_trust_risk(shipped_banks):
    """2 of 3 customers say the rep did not keep their word and never checked after the
    sale: two answers each, so the flag decides. Saying only the first leaves it open."""
    both = {"bf_kept_word": 2, "bf_after_sale": 1}
    result = score(
        shipped_banks, [manager(shipped_banks, 0.8), *three_customers(shipped_banks, both)]
    )
    (flag,) = [f for f in result["red_flags"] if f["id"] == "customers_promises_broken"]
    assert flag["decisive"] is True
    assert result["verdict"]["verdict"] == "trust_risk"

    once = {"bf_kept_word": 2}
    result = score(
        shipped_banks, [manager(shipped_banks, 0.8), *three_customers(shipped_banks, once)]
    )
    (flag,) = [f for f in result["red_flags"] if f["id"] == "customers_promises_broken"]
    assert flag["decisive"] is False
    assert result["verdict"]["verdict"] != "trust_risk"
    (trust,) = bank_verdicts(result, TRUST)
    assert trust["status"] == "borderline" and trust["between"][0] == "trust_risk"


def test_a_flag_on_one_answer_each_of_three_of_three_referrals_does_not_decide(shipped_banks):
    """Three referrals, each saying only that they were pushed: the flag is listed, but
    "every one of them" may not be said and each rests on one answer, so the
    consultative verdict stays open instead of "trust risk"."""
    base = synthetic_answers(
        shipped_banks["buyer_feedback"], Profile(default=0.8, noise=0), random.Random(5)
    )
    answers = {**base, "bf_listened": 4, "bf_pushed": 5, "bf_time_to_decide": 4}
    responses = [manager(shipped_banks, 0.8)]
    responses += [RaterResponse(f"r{n}", "referral", "buyer_feedback", answers) for n in range(3)]
    result = score(shipped_banks, responses)
    (flag,) = [f for f in result["red_flags"] if f["id"] == "referrals_pushy_or_unheard"]
    assert flag["decisive"] is False
    (selling,) = bank_verdicts(result, "consultative_selling")
    assert selling["verdict"] is None and selling["status"] == "borderline"
    assert selling["between"][0] == "trust_risk"
    flag_facts = [fact for fact in selling["facts"] if fact["test"] == "red_flag"]
    assert flag_facts and all(fact["borderline"] for fact in flag_facts)


def test_not_a_fit_on_the_managers_few_answers_alone_stays_open(shipped_banks):
    """The manager rates qualifying, account growth and marketing (two items each,
    buyers are not asked) at the bottom: the band count behind "not a fit" lists them
    as resting on the manager alone."""
    alone = {"qualifying": 0.0, "account_growth": 0.0, "marketing_partnership": 0.0}
    responses = [manager(shipped_banks, 0.9, alone)]
    buyers = synthetic_answers(
        shipped_banks["buyer_feedback"], Profile(default=0.85, noise=0), random.Random(5)
    )
    responses += [RaterResponse(f"p{n}", "prospect", "buyer_feedback", buyers) for n in range(4)]
    result = score(shipped_banks, responses)
    (selling,) = bank_verdicts(result, "consultative_selling")
    # one manager's three answers each: the rule stays open, it does not decide
    assert selling["verdict"] is None and selling["status"] == "borderline"
    assert selling["between"][0] == "not_a_fit"
    (count,) = [fact for fact in selling["facts"] if fact["test"] == "band_count"]
    assert count["borderline"]
    assert set(count["manager_only"]) == set(alone) <= set(count["competencies"])


def agreeing(bank, level=4):
    """Every Likert item of `bank` at `level` in its favourable direction."""
    return {
        item.id: (6 - level) if item.reverse_keyed else level
        for item in bank.items
        if item.type == "likert"
    }


def test_one_managers_never_is_no_trust_risk(shipped_banks):
    """The psychologist's case: four buyers agree with everything but cannot see the
    rep's openness about cost and limits ("not observed"); the manager answers "Never"
    on full cost and "not observed" on limits. Transparency is 0 on one answer
    (interval 0–25): the verdict stays open, it is not a trust risk."""
    manager_answers = agreeing(shipped_banks["manager_review"])
    manager_answers.update(mr_key_customer="gladly", mr_tr_full_cost=1, mr_tr_limits=NOT_OBSERVED)
    responses = [RaterResponse("m", "manager", "manager_review", manager_answers)]
    for number in range(4):
        answers = agreeing(shipped_banks["buyer_feedback"])
        answers.pop("bf_after_sale")
        answers.update(bf_is_customer=False, bf_full_cost=NOT_OBSERVED, bf_surprised=NOT_OBSERVED)
        responses.append(RaterResponse(f"b{number}", "prospect", "buyer_feedback", answers))
    result = score(shipped_banks, responses)
    (transparency,) = [c for c in result["competencies"] if c["id"] == "transparency"]
    assert transparency["score"] == 0  # the one answer, as it is
    assert result["verdict"]["verdict"] != "trust_risk"
    (trust,) = bank_verdicts(result, "trustworthiness")
    assert trust["verdict"] is None and trust["between"][0] == "trust_risk"
