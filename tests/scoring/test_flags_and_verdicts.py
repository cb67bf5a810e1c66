"""Red flags and verdicts, from the rules in the mini_self / mini_buyer YAML and the
shipped banks."""

from __future__ import annotations

import json

import pytest

from assess.core.banks import AnyOf, BandCount, CompetencyInBand, Not, RedFlagRaised, ScoreTest
from assess.core.scoring import RaterResponse, score_rep
from assess.core.scoring.verdict_results import BankVerdict, combine_verdicts
from assess.core.scoring.verdicts import VerdictContext, evaluate
from tests.scoring.conftest import DANA_SELF, buyer_response, manager_response, self_response

PUSHY = {"b_listen": 4, "b_manner": "pushy", "b_follow": 4, "b_disc": 4}
UNHEARD = {"b_listen": 2, "b_manner": "helpful", "b_follow": 4, "b_disc": 4}
HAPPY = {"b_listen": 5, "b_manner": "helpful", "b_follow": 5, "b_disc": 5}
#: matches the referral rule on both of its items: "pushy", and did not listen
PUSHY_UNHEARD = {"b_listen": 2, "b_manner": "pushy", "b_follow": 4, "b_disc": 4}


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
        "decisive": False,  # two referrals, one answer each (flags.decisive)
        "competencies": ["listening"],
    }
    assert not {"r1", "r2", "r3", "p1"} & set(json.dumps(result.to_dict()).split('"'))


def test_red_flag_makes_a_trust_risk_with_its_evidence(rules_banks):
    responses = [self_response(DANA_SELF), buyer_response("referral", HAPPY, "r2")]
    responses += [buyer_response("referral", PUSHY_UNHEARD, f"r{n}") for n in range(2)]
    verdict = score_rep(rules_banks, responses, rep_name="Kim").to_dict()["verdict"]
    assert verdict["verdict"] == "trust_risk"
    (bank,) = verdict["by_bank"]
    assert bank["rule"] == 0 and bank["reason"] == {"en": "Referrals say the rep was pushy."}
    assert bank["facts"][0]["test"] == "red_flag" and bank["facts"][0]["matched"] == 2


@pytest.mark.parametrize(
    ("referrals", "answers", "decisive"),
    [
        ((PUSHY, PUSHY, HAPPY), "one answer each, 2 of 3", False),
        ((PUSHY, UNHEARD, HAPPY), "one answer each, on different items", False),
        ((PUSHY, PUSHY, PUSHY), "3 of 3: would say what every one answered", False),
        ((PUSHY, PUSHY, PUSHY, HAPPY), "3 of 4: the anonymity minimum agrees", True),
        ((PUSHY_UNHEARD, PUSHY_UNHEARD, HAPPY), "two answers each", True),
    ],
)
def test_a_single_answer_flag_from_few_referrals_leaves_the_verdict_open(
    rules_banks, referrals, answers, decisive
):
    """A red flag decides a severe verdict only when it rests on more than one answer
    per referral or on at least min_raters_per_group (3) of them out of more; else the
    flag is listed and the verdict stays open between trust risk and the next rule."""
    responses = [self_response(DANA_SELF), manager_says(4, 4, 4)]
    responses += [buyer_response("referral", entry, f"r{n}") for n, entry in enumerate(referrals)]
    result = score_rep(rules_banks, responses, rep_name="Kim").to_dict()
    (flag,) = result["red_flags"]
    assert flag["decisive"] is decisive, answers
    verdict = result["verdict"]
    if decisive:
        assert verdict["verdict"] == "trust_risk", answers
    else:
        assert verdict["verdict"] is None and verdict["between"][0] == "trust_risk", answers
        (bank,) = verdict["by_bank"]
        assert bank["status"] == "borderline" and bank["facts"][0]["borderline"] is True


def manager_says(listen, follow, disc, **extra):
    """A manager's review of Kim (mini_manager: one 5-point item per competency, so
    1 -> 0, 2 -> 25, 3 -> 50, 4 -> 75, 5 -> 100)."""
    return manager_response({"m_listen": listen, "m_follow": follow, "m_disc": disc} | extra)


def test_two_competencies_in_gap_is_not_a_fit(rules_banks):
    # listening 0 and follow_through 25 in gap (below 50); discovery 100 — by the
    # manager alone, on one or two answers each: that opens the verdict, it does not
    # decide it (thin_evidence)
    verdict = score_rep(rules_banks, [manager_says(1, 2, 5)], rep_name="Kim").verdict
    assert verdict.verdict is None and verdict.between[0] == "not_a_fit"
    (fact,) = [f for f in verdict.by_bank[0].facts if f["test"] == "band_count"]
    assert fact["count"] == 2 and fact["competencies"] == ["follow_through", "listening"]
    assert fact["manager_only"] == ["follow_through", "listening"] and fact["borderline"]


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
    """The manager (2, 3, 3: 25, 50, 50; one item each, SE 15.12) and three prospects
    in full agreement (listening (50 + 100) / 2 = 75 on two items, SE 12.65 / √3 =
    7.30; follow-through and discovery 75 on one item, SE 15.12 / √3 = 8.73):
    listening (2·25 + 3·75) / 5 = 55 with SE √((2·15.12)² + (3·7.30)²) / 5 = 7.47, the
    others 65 with SE √((2·15.12)² + (3·8.73)²) / 5 = 8.00; overall (55 + 65 + 2·65) / 4
    = 62.5; its SE, the raters' errors correlating 0.5 across competencies,
    √(0.5 · (7.47² + 8² + 16²) + 0.5 · (7.47 + 8 + 16)²) / 4 = 6.53, so 62.5 ± 10.75 is
    below 75, and at most listening could be in gap: coach either way."""
    prospect = {"b_listen": 3, "b_manner": "helpful", "b_follow": 4, "b_disc": 4}
    responses = [manager_says(2, 3, 3)]
    responses += [buyer_response("prospect", prospect, f"p{n}") for n in range(3)]
    verdict = score_rep(rules_banks, responses, rep_name="Kim").verdict
    assert verdict.verdict == "coach"
    fact = next(fact for fact in verdict.by_bank[0].facts if fact["test"] == "score")
    assert fact["value"] == pytest.approx(62.5)
    one, two = 20 * (1 - 0.1875 / 0.4375) ** 0.5, 20 * 0.4**0.5
    listening = ((2 * one) ** 2 + (3 * two / 3**0.5) ** 2) ** 0.5 / 5
    other = ((2 * one) ** 2 + (3 * one / 3**0.5) ** 2) ** 0.5 / 5
    parts = [listening, other, 2 * other]
    overall = (0.5 * sum(p * p for p in parts) + 0.5 * sum(parts) ** 2) ** 0.5 / 4
    assert overall == pytest.approx(6.53, abs=0.01)
    assert fact["interval"] == pytest.approx(
        [62.5 - 1.6449 * overall, 62.5 + 1.6449 * overall], abs=0.02
    )


def test_a_score_across_a_cut_is_borderline_not_a_verdict(rules_banks):
    """The manager alone (4, 3, 3), one item each (SE 15.12): overall
    (75 + 50 + 2·50) / 4 = 56.25, SE √(0.5 · 6 · 15.12² + 0.5 · (4 · 15.12)²) / 4 =
    12.54, so 35.6–76.9: it may be below 75 or not, and follow-through and discovery
    (50 ± 24.9) may both be in gap — not a fit, worth coaching or ready. One rating per
    competency cannot tell, and the report says so rather than picking one."""
    verdict = score_rep(rules_banks, [manager_says(4, 3, 3)], rep_name="Kim").to_dict()
    assert verdict["verdict"]["verdict"] is None
    assert verdict["verdict"]["between"] == ["not_a_fit", "coach", "ready"]
    assert verdict["verdict"]["by_bank"][0]["status"] == "borderline"


def test_thin_data_gives_no_verdict_rather_than_ready(rules_banks):
    only_discovery = manager_response({"m_disc": 5})  # 1 of 3 competencies scored
    verdict = score_rep(rules_banks, [only_discovery], rep_name="Kim").verdict
    assert verdict.verdict is None
    assert verdict.by_bank[0].status == "not_enough_data"


def test_thin_data_still_reports_a_raised_red_flag(rules_banks):
    responses = [buyer_response("referral", PUSHY_UNHEARD, f"r{n}") for n in range(3)]
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
        buyer_response("referral", PUSHY_UNHEARD if n < pushy else HAPPY, f"r{n}")
        for n in range(referrals)
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
    # Three referrals who felt pushed: buyer_first (bf_pushed 5, reverse-keyed, and
    # bf_time_to_decide 1) pools to 0 -> gap for group buyers, and
    # referrals_pushy_or_unheard is raised (3 of 3).
    answers = {"bf_listened": 2, "bf_pushed": 5, "bf_time_to_decide": 1, "bf_kept_word": 4}
    responses = [RaterResponse(f"r{n}", "referral", "buyer_feedback", answers) for n in range(3)]
    review = {"mr_listen_ratio": 3, "mr_listen_playback": 3}
    responses.append(RaterResponse("m", "manager", "manager_review", review))
    result = score_rep(shipped_banks, responses, rep_name="Kim")
    assert [(flag.id, flag.matched, flag.out_of) for flag in result.red_flags] == [
        ("referrals_pushy_or_unheard", 3, 3)
    ]
    assert result.competency("buyer_first").group("buyers").band == "gap"
    assert result.verdict.verdict == "trust_risk"
    assert result.verdict.deciding_banks == ("consultative_selling", "trustworthiness")


def test_not_and_group_leaves_with_the_scores_intervals(mini_banks):
    """Self only, one rater, whose error depends on the items answered (Spearman–Brown
    from 0.75 at four; the forced-choice block is scored apart): listening 75 on four
    answers (SE 10, 58.55–91.45), follow-through 43.33 on three (SE 11.09,
    25.09–61.58), discovery 75 on one, d1 (SE 15.12, 50.13–99.87). A test holds only
    when the whole interval meets it; an interval across the cut is borderline (None)."""
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
    assert evaluate(ScoreTest("discovery", "below", 50, "self"), context)[0] is False
    assert evaluate(ScoreTest("discovery", "below", 80, "self"), context)[0] is None
    assert evaluate(ScoreTest("discovery", "below", 100, "self"), context)[0] is True
    assert evaluate(ScoreTest("discovery", "at_least", 50, "self"), context)[0] is True
    assert not evaluate(ScoreTest("discovery", "below", 40, "buyers"), context)[0]  # no data
    holds, facts = evaluate(BandCount("gap", 1, "self"), context)
    assert holds is None  # follow-through could be in gap, and is not surely
    assert facts[0]["competencies"] == ["follow_through"] and facts[0]["borderline"]
    assert evaluate(BandCount("gap", 2, "self"), context)[0] is False  # discovery is not
    assert evaluate(Not(BandCount("gap", 1, "self")), context)[0] is None


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
    either = AnyOf((ScoreTest("discovery", "below", 100, "self"),
                    ScoreTest("discovery", "below", 80, "self")))  # fmt: skip
    holds, facts = evaluate(either, context)
    assert holds is True and [fact["threshold"] for fact in facts] == [100]


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
