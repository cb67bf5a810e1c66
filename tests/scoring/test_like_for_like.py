"""Perception gaps compare like with like: the rep's answers to the very statements the
others rated (``pairs_with``), never the rep's whole self score.

Worked by hand from conftest.py (the Dana example; b_listen, m_listen pair with l1;
b_follow, m_follow with f1; b_disc, m_disc with d1):

  follow_through  self: f1=7 -> 70 only (f2's situational 60 and has_crm's 0 stay out;
                  the whole self score is 130 / 3 = 43.33)
                  buyers b_follow 100, 50, 75, 100 -> (100 + 2·50 + 2·75 + 100) / 6 = 75
                  manager m_follow 4 -> 75                   gaps -5 and -5: aligned
  listening       self: l1=4 -> 75
                  buyers b_listen 75, 25, 50, 100 -> (75 + 2·25 + 2·50 + 100) / 6 = 54.17
                  (b_manner, a choice nobody's self statement mirrors, stays out)
                  manager m_listen 2 -> 25                   gaps 20.83 (aligned), 50 (blind spot)
  discovery       self: d1=4 -> 75; buyers 58.33; manager 50  gaps 16.67, 25
"""

from __future__ import annotations

import pytest

from assess.core.scoring import RaterResponse, score_rep
from tests.scoring.conftest import DANA_SELF, dana_responses


@pytest.fixture(scope="module")
def gaps(mini_banks):
    result = score_rep(mini_banks, dana_responses(), rep_name="Dana")
    return {(gap["competency"], gap["versus"]): gap for gap in result.to_dict()["gaps"]}


def test_situational_answers_never_make_a_hidden_strength(gaps):
    follow = gaps[("follow_through", "buyers")]
    # The whole self score (43.33) is 31.67 below the buyers: "hidden strength" if the
    # situational answer and the yes/no counted. On the one statement both rated, 70 v 75.
    assert (follow["self"], follow["other"], follow["gap"]) == (70, 75, -5)
    assert follow["kind"] == "aligned" and follow["statements"] == 1
    assert gaps[("follow_through", "manager")]["gap"] == -5


def test_each_side_rests_on_the_paired_statements_only(gaps):
    listening = gaps[("listening", "buyers")]
    assert listening["self"] == 75 and listening["other"] == pytest.approx(325 / 6, abs=0.01)
    assert listening["kind"] == "aligned"
    manager = gaps[("listening", "manager")]
    assert (manager["self"], manager["other"], manager["kind"]) == (75, 25, "blind_spot")
    assert gaps[("discovery", "buyers")]["gap"] == pytest.approx(75 - 350 / 6, abs=0.01)


def test_the_self_side_counts_each_paired_statement_once_with_reverse_keys(tiny_banks):
    """tiny_buyer pairs t_let_talk, t_cut_in (reverse) and t_played_back with l1, l2, l3:
    self l1=4 -> 75, l2=2 reversed -> 75, l3=1 -> 0 = 50; l4=5 (nobody else rated it)
    stays out. Three customers: (100 + 0 [cut in: 5 reversed] + 100) / 3 each = 66.67."""
    banks = tiny_banks
    self_answers = {**DANA_SELF, "l1": 4, "l2": 2, "l3": 1, "l4": 5}
    responses = [RaterResponse("self", "self", "mini_self", self_answers, 400.0)]
    responses += [
        RaterResponse(f"b{n}", "customer", "tiny_buyer", {"t_let_talk": 5, "t_cut_in": 5,
                                                          "t_played_back": 5, "t_problem": 3})
        for n in range(3)
    ]  # fmt: skip
    result = score_rep(banks, responses, rep_name="Ola")
    (gap,) = [g for g in result.gaps if (g.competency, g.versus) == ("listening", "buyers")]
    assert gap.self_score == 50 and gap.statements == 3
    assert gap.other_score == pytest.approx(200 / 3)
    whole_self = result.competency("listening").group("self").score
    assert whole_self == (75 + 75 + 0 + 100) / 4  # l4 is in the self score, not the gap


def test_not_seen_answers_stay_out_of_the_other_side(tiny_banks):
    banks = tiny_banks
    responses = [RaterResponse("self", "self", "mini_self", DANA_SELF, 400.0)]
    responses += [
        RaterResponse(f"b{n}", "customer", "tiny_buyer",
                      {"t_let_talk": 5, "t_cut_in": "not_observed", "t_played_back": 1,
                       "t_problem": 3})
        for n in range(3)
    ]  # fmt: skip
    result = score_rep(banks, responses, rep_name="Ola")
    (gap,) = [g for g in result.gaps if (g.competency, g.versus) == ("listening", "buyers")]
    assert gap.other_score == 50  # (100 + 0) / 2: "not seen" is neither 0 nor the middle


def test_a_gap_within_its_margin_of_error_could_be_chance(mini_banks):
    """Self f1=6 -> 60 against the manager's m_follow=2 -> 25: 35 apart, over the
    threshold of 30, but one statement a side: margin 1.645 · √(15.12² + 15.12²) = 35.18
    (rater_error(0.75, 1) = 15.12 each). At f1=7 the gap is 45: a blind spot."""
    answers = {**DANA_SELF, "f1": 6}
    review = RaterResponse(
        "m", "manager", "mini_manager", {"m_listen": 3, "m_follow": 2, "m_disc": 3}
    )
    close = score_rep(
        mini_banks,
        [RaterResponse("s", "self", "mini_self", answers, 400.0), review],
        rep_name="Kim",
    )
    (gap,) = [g for g in close.gaps if g.competency == "follow_through"]
    assert (gap.gap, gap.kind) == (35, "uncertain")
    assert gap.to_dict()["margin"] == pytest.approx(35.18, abs=0.01)
    answers["f1"] = 7
    wide = score_rep(
        mini_banks,
        [RaterResponse("s", "self", "mini_self", answers, 400.0), review],
        rep_name="Kim",
    )
    (gap,) = [g for g in wide.gaps if g.competency == "follow_through"]
    assert (gap.gap, gap.kind) == (45, "blind_spot")


def test_a_rater_who_did_not_see_a_statement_takes_it_out_of_their_comparison(tiny_banks):
    """Self l1=4 -> 75, l2=2 (reverse) -> 75, l3=1 -> 0. Customers b1 and b2 answered all
    three (100, 100, 0): their pairs are 50 v 66.67. Customer b0 did not see the
    playback: their pairs are l1 and l2 only, 75 v 100 — the rep's 0 on l3 is not held
    against a rating b0 never gave. Pooled: self (75 + 50 + 50) / 3 = 58.33, buyers
    (100 + 66.67 + 66.67) / 3 = 77.78."""
    self_answers = {**DANA_SELF, "l1": 4, "l2": 2, "l3": 1}
    responses = [RaterResponse("self", "self", "mini_self", self_answers, 400.0)]
    full = {"t_let_talk": 5, "t_cut_in": 1, "t_played_back": 1, "t_problem": 3}
    responses += [RaterResponse(f"b{n}", "customer", "tiny_buyer", full) for n in (1, 2)]
    unseen = {**full, "t_played_back": "not_observed"}
    responses.append(RaterResponse("b0", "customer", "tiny_buyer", unseen))
    result = score_rep(tiny_banks, responses, rep_name="Ola")
    (gap,) = [g for g in result.gaps if (g.competency, g.versus) == ("listening", "buyers")]
    assert gap.self_score == pytest.approx(175 / 3) and gap.other_score == pytest.approx(700 / 9)
    assert gap.statements == 3


def test_no_buyer_gap_over_fewer_buyers_than_the_score_beside_it(tiny_banks):
    """The rep skipped l2. Buyer b3 answered t_let_talk and t_cut_in: two of three, so
    b3 is in the buyers' listening score, but only one of b3's ratings pairs with an
    answered self statement, so b3 would be out of the comparison. A gap over three
    buyers beside a score over four could be subtracted to read b3: no gap is drawn."""
    self_answers = {key: value for key, value in DANA_SELF.items() if key != "l2"}
    responses = [RaterResponse("self", "self", "mini_self", self_answers, 400.0)]
    full = {"t_let_talk": 5, "t_cut_in": 1, "t_played_back": 4, "t_problem": 3}
    responses += [RaterResponse(f"b{n}", "customer", "tiny_buyer", full) for n in range(3)]
    partial = {"t_let_talk": 2, "t_cut_in": 4, "t_played_back": "not_observed", "t_problem": 3}
    responses.append(RaterResponse("b3", "customer", "tiny_buyer", partial))
    result = score_rep(tiny_banks, responses, rep_name="Ola")
    assert result.competency("listening").group("buyers").raters == 4
    assert not [g for g in result.gaps if (g.competency, g.versus) == ("listening", "buyers")]
    without = score_rep(tiny_banks, responses[:-1], rep_name="Ola")  # three buyers, all paired
    assert [g for g in without.gaps if (g.competency, g.versus) == ("listening", "buyers")]
