"""Red flags and verdicts, from the rules in the mini_self / mini_buyer YAML and the
shipped banks."""

from __future__ import annotations

import json

import pytest

from assess.core.banks import AnyOf, BandCount, CompetencyInBand, Not, RedFlagRaised, ScoreTest
from assess.core.scoring import RaterResponse, score_rep
from assess.core.scoring.verdict_results import BankVerdict
from assess.core.scoring.verdicts import VerdictContext, combine_verdicts, evaluate
from tests.scoring.conftest import DANA_SELF, buyer_response, manager_response, self_response

PUSHY = {"b_listen": 4, "b_manner": "pushy", "b_follow": 4, "b_disc": 4}
UNHEARD = {"b_listen": 2, "b_manner": "helpful", "b_follow": 4, "b_disc": 4}
HAPPY = {"b_listen": 5, "b_manner": "helpful", "b_follow": 5, "b_disc": 5}


def test_two_matching_referrals_raise_the_flag_with_counts_only(mini_banks):
    responses = [
        buyer_response("referral", PUSHY, "r1"),
        buyer_response("referral", UNHEARD, "r2"),
        buyer_response("referral", HAPPY, "r3"),
        buyer_response("prospect", PUSHY, "p1"),  # prospects do not count for this rule
    ]
    result = score_rep(mini_banks, responses, rep_name="Kim")
    (flag,) = result.to_dict()["red_flags"]
    assert flag == {
        "id": "pushy_referrals",
        "bank_id": "mini_buyer",
        "label": {"en": "Two or more referrals found the rep pushy or not listening."},
        "roles": ["referral"],
        "matched": 2,
        "out_of": 3,
        "min_raters": 2,
    }
    assert not {"r1", "r2", "r3", "p1"} & set(json.dumps(result.to_dict()).split('"'))


def test_red_flag_makes_a_trust_risk_with_its_evidence(rules_banks):
    responses = [self_response(DANA_SELF), buyer_response("referral", HAPPY, "r2")]
    responses += [buyer_response("referral", PUSHY, f"r{n}") for n in range(2)]
    verdict = score_rep(rules_banks, responses, rep_name="Kim").to_dict()["verdict"]
    assert verdict["verdict"] == "trust_risk"
    (bank,) = verdict["by_bank"]
    assert bank["rule"] == 0 and bank["reason"] == {"en": "Referrals say the rep was pushy."}
    assert bank["facts"][0]["test"] == "red_flag" and bank["facts"][0]["matched"] == 2


def manager_says(listen, follow, disc, **extra):
    """A manager's review of Kim (mini_manager: one 5-point item per competency, so
    1 -> 0, 2 -> 25, 3 -> 50, 4 -> 75, 5 -> 100)."""
    return manager_response({"m_listen": listen, "m_follow": follow, "m_disc": disc} | extra)


def test_two_competencies_in_gap_is_not_a_fit(rules_banks):
    # listening 0 and follow_through 25 in gap (below 50); discovery 100
    verdict = score_rep(rules_banks, [manager_says(1, 2, 5)], rep_name="Kim").verdict
    assert verdict.verdict == "not_a_fit"
    (fact,) = verdict.by_bank[0].facts
    assert fact["count"] == 2 and fact["competencies"] == ["follow_through", "listening"]


def test_everything_strong_is_ready(rules_banks):
    # all 100; a self-assessment rating everything low changes nothing: it is not the score
    low_self = {"l1": 1, "l2": 5, "l3": 1, "l4": 1, "f1": 1, "f2": "bad", "d1": 1}
    result = score_rep(
        rules_banks, [manager_says(5, 5, 5), self_response(low_self)], rep_name="Kim"
    )
    assert result.competency("listening").score == 100
    assert result.competency("listening").group("self").score == 0
    assert result.verdict.verdict == "ready"
    assert result.verdict.by_bank[0].facts == ()


def test_overall_below_75_alone_is_coach(rules_banks):
    """The manager (3, 3, 3: 50 each, SE 10) and three prospects in full agreement
    (listening (75 + 100) / 2 = 87.5, follow-through 75, discovery 75; SE 10 / √3):
    listening (2·50 + 3·87.5) / 5 = 72.5, the others 65, each with SE √(20² + (3·5.77)²)
    / 5 = 5.29; overall (72.5 + 65 + 2·65) / 4 = 66.875; its SE, with the raters' errors
    correlating 0.5 across competencies, √(0.5 · 6 · 5.29² + 0.5 · (4 · 5.29)²) / 4 =
    4.39, so 66.875 ± 7.21 is clearly below 75 and no competency can be in gap: coach."""
    prospect = {"b_listen": 4, "b_manner": "helpful", "b_follow": 4, "b_disc": 4}
    responses = [manager_says(3, 3, 3)]
    responses += [buyer_response("prospect", prospect, f"p{n}") for n in range(3)]
    verdict = score_rep(rules_banks, responses, rep_name="Kim").verdict
    assert verdict.verdict == "coach"
    (fact,) = verdict.by_bank[0].facts
    assert fact["test"] == "score" and fact["value"] == pytest.approx(66.88)
    assert fact["interval"] == pytest.approx([66.875 - 7.21, 66.875 + 7.21], abs=0.02)


def test_a_score_across_a_cut_is_borderline_not_a_verdict(rules_banks):
    """The manager alone (4, 3, 3): overall (75 + 50 + 2·50) / 4 = 56.25, SE
    √(0.5 · 600 + 0.5 · 40²) / 4 = 8.29, so 42.6–69.9: below 75 for sure, but
    follow-through and discovery (50, 33.55–66.45) may both be in gap: not a fit or
    worth coaching, and the report says it cannot tell yet rather than picking one."""
    verdict = score_rep(rules_banks, [manager_says(4, 3, 3)], rep_name="Kim").to_dict()
    assert verdict["verdict"]["verdict"] is None
    assert verdict["verdict"]["between"] == ["not_a_fit", "coach"]
    assert verdict["verdict"]["by_bank"][0]["status"] == "borderline"


def test_thin_data_gives_no_verdict_rather_than_ready(rules_banks):
    only_discovery = manager_response({"m_disc": 5})  # 1 of 3 competencies scored
    verdict = score_rep(rules_banks, [only_discovery], rep_name="Kim").verdict
    assert verdict.verdict is None
    assert verdict.by_bank[0].status == "not_enough_data"


def test_thin_data_still_reports_a_raised_red_flag(rules_banks):
    responses = [buyer_response("referral", PUSHY, f"r{n}") for n in range(3)]
    assert score_rep(rules_banks, responses, rep_name="Kim").verdict.verdict == "trust_risk"


@pytest.mark.parametrize(
    ("referrals", "pushy", "raised"),
    [
        (2, 2, False),  # "2 of 2": below the anonymity minimum (3), it would name both
        (3, 2, True),  # at least 2 of 3: nobody in particular
        (3, 3, True),  # the reports say "at least 2", never "3 of 3"
        (1, 1, False),
    ],
)
def test_a_buyer_red_flag_rests_only_on_a_group_at_the_anonymity_minimum(
    rules_banks, referrals, pushy, raised
):
    responses = [self_response(DANA_SELF)]
    responses += [
        buyer_response("referral", PUSHY if n < pushy else HAPPY, f"r{n}") for n in range(referrals)
    ]
    result = score_rep(rules_banks, responses, rep_name="Kim")
    assert bool(result.red_flags) is raised
    assert (result.verdict.verdict == "trust_risk") is raised


def test_most_severe_verdict_across_banks_wins():
    verdicts = [
        BankVerdict("b_selling", "coach", 2, None, (), "ok"),
        BankVerdict("a_trust", "trust_risk", 0, None, (), "ok"),
        BankVerdict("c_more", None, None, None, (), "not_enough_data"),
    ]
    combined = combine_verdicts(verdicts)
    assert combined.verdict == "trust_risk" and combined.deciding_banks == ("a_trust",)
    assert [entry.bank_id for entry in combined.by_bank] == ["a_trust", "b_selling", "c_more"]
    assert combine_verdicts([]).verdict is None


def test_shipped_banks_buyer_group_verdict_and_red_flag(shipped_banks):
    # Three referrals who found the rep pushy: buyer_first (bf_manner) pools to 0 -> gap
    # for group buyers, and referrals_pushy_or_unheard is raised (3 of 3).
    answers = {"bf_listened": 2, "bf_manner": "pushy", "bf_kept_word": 4}
    responses = [RaterResponse(f"r{n}", "referral", "buyer_feedback", answers) for n in range(3)]
    responses.append(RaterResponse("m", "manager", "manager_review", {"mr_listening": 3}))
    result = score_rep(shipped_banks, responses, rep_name="Kim")
    assert [(flag.id, flag.matched, flag.out_of) for flag in result.red_flags] == [
        ("referrals_pushy_or_unheard", 3, 3)
    ]
    assert result.competency("buyer_first").group("buyers").band == "gap"
    assert result.verdict.verdict == "trust_risk"
    assert result.verdict.deciding_banks == ("consultative_selling", "trustworthiness")


def test_not_and_group_leaves_with_the_scores_intervals(mini_banks):
    """Self only (one rater: SE 10, so ± 16.45): listening 80 (63.55–96.45), follow-
    through 45 (28.55–61.45), discovery 37.5 (21.05–53.95). A test holds only when the
    whole interval meets it; an interval across the cut is borderline (None)."""
    from assess.core.scoring.verdicts import VerdictContext, evaluate

    result = score_rep(mini_banks, [self_response(DANA_SELF)], rep_name="Kim")
    context = VerdictContext(
        flags={},
        competencies={entry.id: entry for entry in result.competencies},
        bank_competencies=("listening", "follow_through", "discovery"),
        overall={"combined": result.overall[0]},
        bands={band.id: band for band in mini_banks["mini_self"].rubric.bands},
    )
    holds, facts = evaluate(Not(RedFlagRaised("pushy_referrals")), context)
    assert holds is True and facts[0]["test"] == "not"
    assert evaluate(CompetencyInBand("listening", "strength", "self"), context)[0] is None
    assert evaluate(CompetencyInBand("listening", "gap", "self"), context)[0] is False
    assert not evaluate(CompetencyInBand("listening", "strength", "manager"), context)[0]
    assert evaluate(ScoreTest("discovery", "below", 40, "self"), context)[0] is None
    assert evaluate(ScoreTest("discovery", "below", 54, "self"), context)[0] is True
    assert evaluate(ScoreTest("discovery", "at_least", 54, "self"), context)[0] is False
    assert not evaluate(ScoreTest("discovery", "below", 40, "buyers"), context)[0]  # no data
    holds, facts = evaluate(BandCount("gap", 2, "self"), context)
    assert holds is None  # both could be in gap, neither surely is
    assert facts[0]["competencies"] == ["discovery", "follow_through"] and facts[0]["borderline"]
    assert evaluate(Not(BandCount("gap", 2, "self")), context)[0] is None


def test_a_self_assessment_alone_gets_no_verdict_however_good(mini_banks):
    ideal = {"l1": 5, "l2": 1, "l3": 5, "l4": 5, "f1": 10, "f2": "good", "d1": 5}
    verdict = score_rep(mini_banks, [self_response(ideal)], rep_name="Kim").to_dict()["verdict"]
    assert verdict["verdict"] is None
    assert verdict["missing"] == [{"what": "buyers", "at_least": 3}, {"what": "manager_review"}]
    assert verdict["by_bank"][0]["status"] == "not_enough_evidence"


def test_two_buyers_and_the_manager_are_not_enough_three_are(mini_banks):
    base = [
        self_response(DANA_SELF),
        manager_response({"m_listen": 4, "m_follow": 4, "m_disc": 4}),
    ]
    two = base + [buyer_response("prospect", HAPPY, f"p{n}") for n in range(2)]
    verdict = score_rep(mini_banks, two, rep_name="Kim").verdict
    assert verdict.verdict is None and verdict.missing == (("buyers", 3),)
    three = two + [buyer_response("prospect", HAPPY, "p2")]
    assert score_rep(mini_banks, three, rep_name="Kim").verdict.verdict is not None


def test_a_raised_red_flag_without_the_manager_review_is_a_flag_not_a_verdict(mini_banks):
    responses = [buyer_response("referral", PUSHY, f"r{n}") for n in range(3)]
    result = score_rep(mini_banks, responses, rep_name="Kim")
    assert [flag.id for flag in result.red_flags] == ["pushy_referrals"]
    assert result.verdict.verdict is None
    assert result.verdict.missing == (("manager_review", None),)


def test_a_manager_review_too_thin_to_score_is_no_evidence(mini_banks):
    responses = [self_response(DANA_SELF), manager_response({})]
    responses += [buyer_response("prospect", HAPPY, f"p{n}") for n in range(3)]
    missing = score_rep(mini_banks, responses, rep_name="Kim").verdict.missing
    assert missing == (("manager_review", None),)


def test_a_condition_that_holds_cites_only_what_held(mini_banks):
    """`any` with one branch that holds and one on the edge: the verdict rests on the
    first, and its facts say nothing of the second (a report would print it as met)."""
    result = score_rep(mini_banks, [self_response(DANA_SELF)], rep_name="Kim")
    context = VerdictContext(
        flags={},
        competencies={entry.id: entry for entry in result.competencies},
        bank_competencies=("listening", "follow_through", "discovery"),
        overall={"combined": result.overall[0]},
        bands={band.id: band for band in mini_banks["mini_self"].rubric.bands},
    )
    either = AnyOf((ScoreTest("discovery", "below", 54, "self"),
                    ScoreTest("discovery", "below", 40, "self")))  # fmt: skip
    holds, facts = evaluate(either, context)
    assert holds is True and [fact["threshold"] for fact in facts] == [54]


def test_borderline_lists_only_verdicts_the_rep_can_still_get():
    """The rep's verdict is the most severe bank's: with one bank surely "coach", the
    other's open "not a fit or ready" leaves "not a fit or coach" — never "ready"."""
    definite = BankVerdict("a_selling", "coach", 2, None, (), "ok")
    open_trust = BankVerdict(
        "b_trust", None, 0, None, (), "borderline", between=("not_a_fit", "ready")
    )
    combined = combine_verdicts([definite, open_trust])
    assert combined.verdict is None and combined.between == ("not_a_fit", "coach")
    settled = BankVerdict("b_trust", None, 0, None, (), "borderline", between=("coach", "ready"))
    assert combine_verdicts([definite, settled]).verdict == "coach"  # either way: coach
