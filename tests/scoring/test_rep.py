"""The worked example: one rep, every rater group, numbers worked out by hand from the
YAML in conftest.py (mini_self, mini_manager, mini_buyer).

Self (mini_self):
  listening      l1=4 -> 75, l2=2 reverse-keyed -> 4 -> 75, l3=5 -> 100, l4=3 -> 50
                                                               = 300 / 4 = 75
  follow_through f1=7 -> 70, f2=ok -> 60, has_crm=no -> 0, crm_lag hidden (not missing)
                                                               = 130 / 3 = 43.33
  discovery      d1=4 -> 75                                    = 75 / 1 = 75
  The forced-choice block (style: most quiet, least probe, recap unchosen) is scored
  apart, as a profile: listening chosen most, discovery least, follow-through neither.
Manager: listening 2 -> 25, follow_through 4 -> 75, discovery 3 -> 50.
Buyers (weights prospect 1, referral 2, customer 1), listening = mean(b_listen, b_manner):
  prospect (75+100)/2 = 87.5; referral (25+0)/2 = 12.5; referral (50+40)/2 = 45;
  customer (100+100)/2 = 100  -> pooled (87.5 + 2·12.5 + 2·45 + 100) / 6 = 50.4167
  follow_through 100, 50, 75, 100 -> (100 + 100 + 150 + 100) / 6 = 75
  discovery 50, 25, 75, 100 -> (50 + 50 + 150 + 100) / 6 = 58.3333
The competency's score is the others' (manager 2, buyers 3; self only beside it):
  listening (2·25 + 3·50.4167) / 5 = 40.25 -> gap
  follow_through (2·75 + 3·75) / 5 = 75 -> strength
  discovery (2·50 + 3·58.3333) / 5 = 55 -> developing
Overall (weights 1, 1, 2): (40.25 + 75 + 2·55) / 4 = 56.3125
"""

from __future__ import annotations

import json

import pytest

from assess.core.scoring import RaterResponse, score_rep
from tests.scoring.conftest import (
    DANA_BUYERS,
    DANA_MANAGER,
    DANA_SELF,
    buyer_response,
    dana_responses,
    manager_response,
    self_response,
)


@pytest.fixture(scope="module")
def dana(mini_banks):
    return score_rep(mini_banks, dana_responses(), rep_name="Dana", rep_id="rep-7")


def test_group_scores_match_the_worked_example(dana):
    listening = dana.competency("listening")
    assert listening.group("self").score == 75
    assert listening.group("manager").score == 25
    assert listening.group("buyers").score == pytest.approx(302.5 / 6)
    follow = dana.competency("follow_through")
    assert (follow.group("self").score, follow.group("buyers").score) == (
        pytest.approx(130 / 3),
        75,
    )
    assert dana.competency("discovery").group("self").score == 75
    assert dana.competency("discovery").group("buyers").score == pytest.approx(350 / 6)


def test_the_score_is_the_others_bands_and_overall(dana):
    assert dana.competency("listening").score == pytest.approx(40.25)
    assert dana.competency("listening").band == "gap"
    assert dana.competency("follow_through").score == pytest.approx(75)
    assert dana.competency("follow_through").band == "strength"
    assert dana.competency("discovery").score == pytest.approx(55)
    assert dana.competency("listening").combined.groups_used == ("manager", "buyers")
    assert dana.overall_score() == pytest.approx((40.25 + 75 + 2 * 55) / 4)
    assert dana.to_dict()["overall"]["combined"]["band"] == "developing"


def test_percentile_from_the_norm_table(dana):
    # 40.25 lies between 35 (10th) and 48 (25th): 10 + 5.25 / 13 * 15
    listening = dana.competency("listening")
    assert listening.percentile == pytest.approx(10 + 5.25 / 13 * 15)
    assert listening.percentile_source == "norm"
    assert dana.competency("discovery").percentile is None  # no norm, no history


def test_a_verdict_across_a_cut_is_borderline_with_the_facts(dana):
    """Overall 56.31 is below 75 for sure (SE 6.76: 45.2–67.4), so at least "coach";
    but listening (18.4–62.1) and discovery (55 ± 18.0: 37.0–73.0) could both be in
    gap, which is "not a fit". The intervals cannot tell the two apart yet."""
    verdict = dana.to_dict()["verdict"]
    assert verdict["verdict"] is None and verdict["between"] == ["not_a_fit", "coach"]
    (bank,) = verdict["by_bank"]
    assert bank["status"] == "borderline" and bank["rule"] == 1
    (fact,) = bank["facts"]
    assert fact["test"] == "band_count" and fact["borderline"] is True
    assert fact["competencies"] == ["discovery", "listening"]


def test_one_referral_is_not_enough_for_the_red_flag(dana):
    assert dana.red_flags == ()


def test_buyer_comments_are_sorted_blank_ones_dropped_and_carry_no_identity(dana):
    data = dana.to_dict()
    assert data["buyer_comments"] == ["Too pushy.", "Very clear."]
    assert data["manager_comments"] == ["Slow down on calls."]
    text = json.dumps(data)
    for response_id in ("buyer0", "buyer1", "buyer2", "buyer3"):
        assert response_id not in text


def test_buyer_responses_get_only_an_aggregate_quality_summary(dana):
    data = dana.to_dict()
    assert {entry["rater_role"] for entry in data["quality"]} == {"self", "manager"}
    assert data["buyer_quality"] == {"responses": 4, "flagged": 0, "by_code": {}}


def test_to_dict_is_json_and_the_same_for_the_same_input(mini_banks, dana):
    again = score_rep(mini_banks, list(reversed(dana_responses())), rep_name="Dana", rep_id="rep-7")
    first = json.dumps(dana.to_dict(), sort_keys=False)
    assert first == json.dumps(again.to_dict(), sort_keys=False)
    data = json.loads(first)
    assert data["rep_id"] == "rep-7" and data["rater_counts"] == {
        "customer": 1,
        "manager": 1,
        "prospect": 1,
        "referral": 2,
        "self": 1,
    }
    assert [bank["bank_id"] for bank in data["banks"]] == [
        "mini_buyer",
        "mini_manager",
        "mini_self",
    ]


def test_two_buyers_show_no_buyer_score_comment_or_quality(mini_banks):
    responses = dana_responses()[:4]  # self, manager, prospect, one referral
    result = score_rep(mini_banks, responses, rep_name="Dana")
    buyers = result.competency("listening").group("buyers")
    assert (buyers.score, buyers.raters, buyers.status) == (None, 2, "not_enough_buyer_ratings")
    # the score leaves the hidden buyers out (and self is never in it): the manager's 25
    assert result.competency("listening").score == pytest.approx(25)
    assert result.competency("listening").combined.groups_used == ("manager",)
    data = result.to_dict()
    assert (
        data["buyers"]["shown"] is False and data["buyers"]["status"] == "not_enough_buyer_ratings"
    )
    assert data["buyer_comments"] == [] and data["buyer_quality"] is None
    assert [gap["versus"] for gap in data["gaps"]] == ["manager"] * 3


def test_buyer_role_breakdown_needs_three_of_that_role(mini_banks):
    good = {"b_listen": 5, "b_manner": "helpful", "b_follow": 5, "b_disc": 5}
    poor = {"b_listen": 1, "b_manner": "rushed", "b_follow": 1, "b_disc": 1}
    responses = [buyer_response("prospect", good, f"p{n}") for n in range(3)]
    responses += [buyer_response("customer", poor, f"c{n}") for n in range(3)]
    result = score_rep(mini_banks, responses, rep_name="Ola")
    listening = result.competency("listening")
    assert listening.group("prospect").score == 100
    assert listening.group("customer").score == 20  # (0 + 40) / 2
    assert listening.group("buyers").score == 60
    assert listening.group("referral") is None
    assert result.buyers.breakdown_roles == ("prospect", "customer")


def test_a_lone_hidden_role_hides_every_breakdown(mini_banks):
    # 3 prospects + 1 customer: showing prospects beside the pooled score would give the
    # customer's answers away (pooled minus prospects), so no role is broken out.
    good = {"b_listen": 5, "b_manner": "helpful", "b_follow": 5, "b_disc": 5}
    responses = [buyer_response("prospect", good, f"p{n}") for n in range(3)]
    responses.append(buyer_response("customer", {"b_listen": 1}, "c0"))
    result = score_rep(mini_banks, responses, rep_name="Ola")
    assert result.competency("listening").group("prospect") is None
    assert result.competency("listening").group("buyers").raters == 4
    assert result.buyers.breakdown_roles == ()


def test_too_few_answered_items_is_not_enough_data_not_zero(mini_banks):
    # listening shows 4 items (l1-l4; the forced-choice block is scored apart): 2 answers
    # needed, so one is not enough
    two = self_response({"l1": 5})
    result = score_rep(mini_banks, [two], rep_name="Kim")
    listening = result.competency("listening")
    assert listening.group("self").score is None
    assert listening.group("self").status == "not_enough_data"
    assert listening.score is None and listening.band is None
    three = self_response({"l1": 5, "l2": 1})
    assert score_rep(mini_banks, [three], rep_name="Kim").competency("listening").group(
        "self"
    ).score == pytest.approx((100 + 100) / 2)


def test_items_hidden_by_show_if_are_not_missing_and_stale_answers_ignored(mini_banks):
    # has_crm = no hides crm_lag: follow_through shows 4 items, so 2 answers are enough
    answers = {"f1": 7, "has_crm": False, "crm_lag": 0}  # crm_lag is a stale answer
    result = score_rep(mini_banks, [self_response(answers)], rep_name="Kim")
    assert result.competency("follow_through").group("self").score == 35  # (70 + 0) / 2
    shown = {"f1": 7, "has_crm": True, "crm_lag": 9}
    result = score_rep(mini_banks, [self_response(shown)], rep_name="Kim")
    # shown now: 5 items, 3 answered -> (70 + 100 + 90) / 3
    assert result.competency("follow_through").group("self").score == pytest.approx(260 / 3)


def test_a_self_assessment_alone_gives_no_score(mini_banks):
    """The self-rating is shown beside the others' score, never as the score."""
    result = score_rep(mini_banks, [self_response(DANA_SELF)], rep_name="Kim")
    assert result.competency("listening").group("self").score == 75
    assert result.competency("listening").score is None
    assert result.competency("listening").group("manager").status == "no_raters"
    assert result.overall_score() is None


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (RaterResponse("x", "self", "nope", {}), "unknown bank 'nope'"),
        (RaterResponse("x", "manager", "mini_self", {}), "not answered by 'manager'"),
        (RaterResponse("x", "self", "mini_self", {"l1": 6}), "invalid answer 6 to 'l1'"),
        (RaterResponse("x", "self", "mini_self", {"l1": True}), "invalid answer True"),
        (RaterResponse("x", "self", "mini_self", {"zz": 1}), "zz is not an item"),
        (
            RaterResponse("x", "self", "mini_self", {"style": {"most": "quiet", "least": "quiet"}}),
            "invalid answer",
        ),
        (RaterResponse("x", "prospect", "mini_buyer", {"b_comment": "x" * 201}), "200"),
    ],
)
def test_bad_input_is_a_clear_value_error(mini_banks, response, message):
    with pytest.raises(ValueError, match=message):
        score_rep(mini_banks, [response], rep_name="Kim")


def test_bad_arguments_are_value_errors(mini_banks, shipped_banks):
    with pytest.raises(ValueError, match="appears twice"):
        score_rep(mini_banks, [self_response({}), self_response({})], rep_name="Kim")
    with pytest.raises(ValueError, match="rep_name"):
        score_rep(mini_banks, [], rep_name=" ")
    with pytest.raises(ValueError, match="history of 'listening'"):
        score_rep(mini_banks, [], rep_name="Kim", history={"listening": [101]})
    with pytest.raises(ValueError, match="score_alignment"):
        alignment = RaterResponse("a", "self", "sales_marketing_alignment", {})
        score_rep(shipped_banks, [alignment], rep_name="Kim")
    with pytest.raises(ValueError, match="unknown rater_role"):
        RaterResponse("x", "boss", "mini_self", {})
    with pytest.raises(ValueError, match="active_seconds"):
        RaterResponse("x", "self", "mini_self", {}, -1)


def test_a_blank_string_is_unanswered_not_invalid(mini_banks):
    result = score_rep(mini_banks, [self_response({"l1": " ", "l2": 1})], rep_name="Kim")
    assert result.competency("listening").group("self").status == "not_enough_data"


def test_manager_review_alone_is_scored(mini_banks):
    result = score_rep(mini_banks, [manager_response({"m_listen": 5})], rep_name="Kim")
    assert result.competency("listening").score == 100
    assert result.competency("discovery").group("manager").status == "not_enough_data"


def test_every_score_carries_its_error_and_90_percent_interval(dana):
    """By hand (docs/scoring.md): reliability 0.75 describes four items; Spearman–Brown
    gives one item 0.25·0.75 / (1 − 0.75·0.75) = 0.4286 and two items 0.5·0.75 /
    (1 − 0.5·0.75) = 0.6. So the manager's single listening item has error
    20·√0.5714 = 15.12, and each buyer (b_listen, b_manner) 20·√0.4 = 12.65.
    Buyers 87.5, 12.5, 45, 100 weighted 1, 2, 2, 1 (mean 50.42): weighted SD
    √(6767.7 / (6 − 10/6)) = 39.52 > 12.65, effective raters 6² / 10 = 3.6, so SE
    39.52 / √3.6 = 20.83; the score (2·25 + 3·50.42) / 5 = 40.25 has
    SE √((2·15.12)² + (3·20.83)²) / 5 = 13.88, and 40.25 ± 1.645·13.88 = 17.41 to
    63.09 — across the gap band's edge at 50, so its band is not certain."""
    listening = dana.to_dict()["competencies"][0]
    assert listening["id"] == "listening"
    one_item = 20 * (1 - 0.1875 / 0.4375) ** 0.5
    assert listening["groups"]["manager"]["se"] == pytest.approx(one_item, abs=0.01)
    scores, weights = [87.5, 12.5, 45, 100], [1, 2, 2, 1]
    center = sum(w * x for w, x in zip(weights, scores, strict=True)) / 6
    squares = sum(w * (x - center) ** 2 for w, x in zip(weights, scores, strict=True))
    buyers_se = (squares / (6 - 10 / 6)) ** 0.5 / 3.6**0.5
    assert buyers_se == pytest.approx(20.83, abs=0.01)
    assert listening["groups"]["buyers"]["se"] == pytest.approx(buyers_se, abs=0.01)
    score_se = ((2 * one_item) ** 2 + (3 * buyers_se) ** 2) ** 0.5 / 5
    combined = listening["combined"]
    assert combined["se"] == pytest.approx(score_se, abs=0.01)
    assert combined["interval"] == pytest.approx(
        [40.25 - 1.6449 * score_se, 40.25 + 1.6449 * score_se], abs=0.01
    )
    assert combined["band"] == "gap" and combined["band_certain"] is False


def test_every_score_says_how_many_answers_it_rests_on(dana):
    """Listening: self l1–l4 (4 answers; the forced-choice block is apart); the manager
    m_listen (1); four buyers b_listen and b_manner each (8). The score is manager +
    buyers: 9 answers from 5 raters. Follow-through: self f1, f2, has_crm (3; crm_lag
    hidden)."""
    listening = dana.to_dict()["competencies"][0]
    assert listening["id"] == "listening"
    assert [listening["groups"][g]["answers"] for g in ("self", "manager", "buyers")] == [4, 1, 8]
    assert (listening["combined"]["raters"], listening["combined"]["answers"]) == (5, 9)
    assert dana.competency("follow_through").group("self").answers == 3
    # the overall: every competency's manager and buyer answers (9 + 5 + 5)
    assert dana.to_dict()["overall"]["combined"]["answers"] == 19


def _in_languages(languages, comments=("Very clear.", "Too pushy.", "Calm.", "Muy claro.")):
    """Dana's four buyers, answering in `languages`, each with a comment."""
    responses = [self_response(DANA_SELF), manager_response(DANA_MANAGER)]
    for number, ((role, answers), language, comment) in enumerate(
        zip(DANA_BUYERS, languages, comments, strict=True)
    ):
        responses.append(
            RaterResponse(
                f"buyer{number}", role, "mini_buyer", {**answers, "b_comment": comment},
                language=language,
            )
        )  # fmt: skip
    return responses


def test_a_comment_in_a_language_too_few_buyers_read_is_held_back(mini_banks):
    """The manager chose (or sees) each buyer's language: the one Spanish comment among
    English ones would name its writer. Held back, and the report is told so; a
    language group of at least the minimum (3 here) keeps its comments."""
    mixed = score_rep(mini_banks, _in_languages(["en", "en", "en", "es"]), rep_name="Dana")
    data = mixed.to_dict()
    assert data["buyers"]["shown"] and data["buyers"]["min_raters"] == 3
    assert data["buyer_comments"] == ["Calm.", "Too pushy.", "Very clear."]
    assert data["buyer_comments_held_back"] is True
    assert "Muy claro." not in json.dumps(data)
    halves = score_rep(mini_banks, _in_languages(["en", "es", "en", "es"]), rep_name="Dana")
    assert halves.to_dict()["buyer_comments"] == []  # two and two: neither group is enough
    same = score_rep(mini_banks, _in_languages(["es"] * 4), rep_name="Dana").to_dict()
    assert len(same["buyer_comments"]) == 4 and same["buyer_comments_held_back"] is False
    # the scores do not depend on the language: only the comments are held back
    assert mixed.overall_score() == pytest.approx(
        score_rep(mini_banks, _in_languages(["es"] * 4), rep_name="Dana").overall_score()
    )
