"""Response quality checks, from the rules in docs/scoring.md and the mini_self YAML
(expected_minutes 6, consistency pair l1/l2 with l2 reverse-keyed and max_difference 1,
social-desirability item sd1)."""

from __future__ import annotations

from assess.core.scoring import RaterResponse, response_quality, score_rep
from tests.scoring.conftest import self_response

BASE = {"l1": 4, "l2": 2, "l3": 5, "l4": 3, "sd1": 2, "d1": 4}


def codes(quality):
    return [flag.code for flag in quality.flags]


def test_a_careful_response_is_not_flagged(mini_banks):
    quality = response_quality(mini_banks["mini_self"], self_response(BASE, seconds=400))
    assert codes(quality) == [] and not quality.interpret_with_care


def test_same_answer_to_every_likert_item_is_straight_lining(mini_banks):
    answers = {"l1": 3, "l2": 3, "l3": 3, "l4": 3, "sd1": 3, "d1": 3, "f1": 7}
    quality = response_quality(mini_banks["mini_self"], self_response(answers))
    assert codes(quality) == ["straight_lining"]
    assert quality.flags[0].detail == {"run": 6, "value": 3, "likert_answered": 6}


def test_four_likert_answers_are_too_few_to_call_straight_lining(mini_banks):
    answers = {"l1": 3, "l2": 3, "l3": 3, "l4": 3}
    assert codes(response_quality(mini_banks["mini_self"], self_response(answers))) == []


def test_ten_in_a_row_in_a_long_survey_is_straight_lining(shipped_banks):
    bank = shipped_banks["consultative_selling"]
    likert = [item for item in bank.items if item.type == "likert"]
    answers = {item.id: 4 if n < 10 else 1 + n % 5 for n, item in enumerate(likert)}
    quality = response_quality(bank, RaterResponse("r", "self", bank.id, answers))
    assert "straight_lining" in codes(quality)
    answers[likert[9].id] = 2  # breaks the run at nine
    quality = response_quality(bank, RaterResponse("r", "self", bank.id, answers))
    assert "straight_lining" not in codes(quality)


def test_too_fast_is_under_a_third_of_expected_time(mini_banks):
    bank = mini_banks["mini_self"]  # 6 minutes expected: under 120 s is too fast
    assert codes(response_quality(bank, self_response(BASE, seconds=119))) == ["too_fast"]
    assert codes(response_quality(bank, self_response(BASE, seconds=120))) == []
    unknown = RaterResponse("self", "self", "mini_self", BASE, None)
    assert codes(response_quality(bank, unknown)) == []


def test_inconsistent_pair_compares_keyed_answers(mini_banks):
    bank = mini_banks["mini_self"]
    # l1 = 5 and l2 = 5: keyed 5 and 1, four points apart
    flagged = response_quality(bank, self_response({**BASE, "l1": 5, "l2": 5}))
    assert codes(flagged) == ["inconsistent"]
    assert flagged.flags[0].detail["pairs"] == [
        {"items": ["l1", "l2"], "difference": 4, "max_difference": 1}
    ]
    # l1 = 5, l2 = 2: keyed 5 and 4, one point apart: fine
    assert codes(response_quality(bank, self_response({**BASE, "l1": 5, "l2": 2}))) == []


def test_agreeing_with_a_saintly_statement(mini_banks):
    bank = mini_banks["mini_self"]
    assert codes(response_quality(bank, self_response({**BASE, "sd1": 4}))) == [
        "social_desirability"
    ]
    assert codes(response_quality(bank, self_response({**BASE, "sd1": 3}))) == []


def test_shipped_yes_no_and_likert_desirability_items(shipped_banks):
    bank = shipped_banks["trustworthiness"]
    response = RaterResponse("r", "self", bank.id, {"tw_sd_never_irritated": 5})
    assert codes(response_quality(bank, response)) == ["social_desirability"]


def test_flagged_responses_still_count(mini_banks):
    straight = {"l1": 3, "l2": 3, "l3": 3, "l4": 3, "sd1": 3, "d1": 3}
    result = score_rep(mini_banks, [self_response(straight, seconds=10)], rep_name="Kim")
    assert result.competency("listening").group("self").score == 50
    (quality,) = result.to_dict()["quality"]
    assert quality["interpret_with_care"] is True
    assert [flag["code"] for flag in quality["flags"]] == ["straight_lining", "too_fast"]


def test_buyer_quality_is_counts_only(mini_banks):
    answers = {"b_listen": 5, "b_follow": 5, "b_disc": 5, "b_extra": 5, "b_manner": "helpful"}
    responses = [
        RaterResponse(f"b{n}", "prospect", "mini_buyer", answers, 20 if n else 500)
        for n in range(3)
    ]
    summary = score_rep(mini_banks, responses, rep_name="Kim").to_dict()["buyer_quality"]
    # four Likert items only: too few for straight-lining; two answered in 20 s < 40 s
    assert summary == {"responses": 3, "flagged": 2, "by_code": {"too_fast": 2}}


def _likert_answers(bank, keyed_best: bool):
    """Every Likert item of `bank` at its top raw point, or at its best keyed point."""
    answers = {}
    for item in bank.items:
        if item.type != "likert":
            continue
        top = item.max_value
        answers[item.id] = (item.min_value if item.reverse_keyed else top) if keyed_best else top
    return answers


def test_yes_saying_is_told_apart_from_faking_good(shipped_banks):
    bank = shipped_banks["consultative_selling"]
    assert sum(1 for item in bank.items if item.type == "likert" and item.reverse_keyed) >= 3
    yes_sayer = response_quality(
        bank, RaterResponse("a", "self", bank.id, _likert_answers(bank, False))
    )
    codes = {flag.code for flag in yes_sayer.flags}
    assert "acquiescence" in codes and "implausibly_perfect" not in codes
    ideal = _likert_answers(bank, True)
    for item_id in bank.rubric.validity.social_desirability:  # the faker who knows to deny
        ideal[item_id] = bank.item(item_id).min_value
    faker = response_quality(bank, RaterResponse("b", "self", bank.id, ideal))
    codes = {flag.code for flag in faker.flags}
    assert "implausibly_perfect" in codes and "acquiescence" not in codes
    assert "social_desirability" not in codes  # denied: only the ideal profile gives it away


def test_a_flagged_self_assessment_draws_no_perception_gap(shipped_banks):
    bank = shipped_banks["consultative_selling"]
    ideal = _likert_answers(bank, True)
    review = {"mr_listen_ratio": 2, "mr_listen_playback": 2, "mr_disc_why_now": 2}
    flagged = score_rep(
        shipped_banks,
        [
            RaterResponse("s", "self", bank.id, ideal),
            RaterResponse("m", "manager", "manager_review", review),
        ],
        rep_name="Kim",
    ).to_dict()
    assert flagged["gaps"] == []
    assert {"listening", "discovery"} <= set(flagged["gaps_withheld"])


def test_a_faker_who_denies_the_saintly_items_is_still_caught(shipped_banks):
    """The trust bank has two saintly items among its Likert items: an ideal profile
    that denies both must not escape by missing 90 % by those two."""
    bank = shipped_banks["trustworthiness"]
    ideal = _likert_answers(bank, True)
    for item_id in bank.rubric.validity.social_desirability:
        ideal[item_id] = bank.item(item_id).min_value
    faker = response_quality(bank, RaterResponse("t", "self", bank.id, ideal))
    assert "implausibly_perfect" in {flag.code for flag in faker.flags}


def test_one_saintly_agree_flags_the_answer_but_keeps_the_blind_spots(shipped_banks):
    """The psychologist's case: a moderate self-assessment with one "Agree" on the one
    saintly statement of the consultative bank is flagged for it, yet its perception
    gaps stand; agreeing with both of the trust bank's saintly statements withholds
    them."""
    bank = shipped_banks["consultative_selling"]
    likert = [item for item in bank.items if item.type == "likert"]
    moderate = {item.id: (3, 4, 3, 2)[number % 4] for number, item in enumerate(likert)}
    moderate["cs_sd_perfect_questions"] = 4
    review = {"mr_listen_ratio": 2, "mr_listen_playback": 2, "mr_disc_why_now": 2}
    result = score_rep(
        shipped_banks,
        [
            RaterResponse("s", "self", bank.id, moderate),
            RaterResponse("m", "manager", "manager_review", review),
        ],
        rep_name="Kim",
    ).to_dict()
    codes = {flag["code"] for entry in result["quality"] for flag in entry["flags"]}
    assert codes == {"social_desirability"}
    assert result["gaps_withheld"] == []

    trust = shipped_banks["trustworthiness"]
    saintly = {
        item.id: (3, 4, 3, 2)[number % 4]
        for number, item in enumerate(i for i in trust.items if i.type == "likert")
    }
    for item_id in trust.rubric.validity.social_desirability:
        saintly[item_id] = trust.item(item_id).max_value
    both = score_rep(
        shipped_banks, [RaterResponse("t", "self", trust.id, saintly)], rep_name="Kim"
    ).to_dict()
    assert {c.id for c in trust.rubric.competencies} <= set(both["gaps_withheld"])
