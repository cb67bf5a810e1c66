"""Forced-choice blocks are scored apart: never part of a competency score, but a
profile of what the rep puts first, and a check of it against their own ratings."""

from __future__ import annotations

from collections import Counter

import pytest

from assess.core.scoring import RaterResponse, score_rep
from assess.core.scoring.forced_choice import forced_choice_profile, ranks
from assess.core.scoring.rules import MIN_FORCED_CHOICE_BLOCKS
from tests.scoring.conftest import DANA_SELF, self_response

#: A rep who rates discovery and offer mastery highest and account growth and
#: marketing lowest (consultative_selling, 5-point scales; cs_offer_answers is
#: reverse-keyed, so its 1 is the best answer).
RATINGS = {
    "cs_disc_cost": 5, "cs_disc_why_now": 5, "cs_disc_beyond_stated": 5, "cs_disc_personal": 5,
    "cs_disc_implication": 5, "cs_disc_need_payoff": 5,
    "cs_offer_answers": 1, "cs_offer_comp_gaps": 5, "cs_offer_belief": 5,
    "cs_offer_launch_ready": 5,
    "cs_acct_reviews": 1, "cs_acct_full_range": 1, "cs_acct_introductions": 1,
    "cs_mkt_channel": 2, "cs_mkt_field_news": 2, "cs_mkt_know_source": 2,
}  # fmt: skip


def test_the_forced_choice_block_adds_nothing_to_the_competency_scores(mini_banks):
    only_block = self_response({"style": {"most": "quiet", "least": "probe"}})
    result = score_rep(mini_banks, [only_block], rep_name="Kim")
    assert all(entry.group("self").score is None for entry in result.competencies)
    profile = result.to_dict()["forced_choice"]
    # one block: listening chosen most (100), discovery least (0), follow-through neither
    assert profile["scores"] == {"listening": 100.0, "follow_through": 50.0, "discovery": 0.0}
    assert profile["blocks"] == 1 and profile["agreement"] is None  # too few to compare


def test_dana_has_a_profile_and_too_few_competencies_to_compare(mini_banks):
    result = score_rep(mini_banks, [self_response(DANA_SELF)], rep_name="Dana").to_dict()
    assert result["forced_choice"]["scores"]["listening"] == 100.0
    assert result["forced_choice"]["disagrees"] is False


#: Forced choices that put account growth and marketing first and discovery and offer
#: mastery last: against RATINGS in every block.
CONTRADICTING_BLOCKS = {
    "cs_fc_habits": {"most": "stay_close", "least": "price_the_pain"},
    "cs_fc_instincts": {"most": "early_no", "least": "study_first"},
    "cs_fc_routines": {"most": "let_silence_run", "least": "read_up_first"},
    "cs_fc_priorities": {"most": "call_with_nothing_to_sell", "least": "ask_follow_up"},
}


def test_two_blocks_that_contradict_the_ratings_give_no_faking_indicator(shipped_banks):
    """Two answered blocks are too few to say anything about faking
    (rules.MIN_FORCED_CHOICE_BLOCKS), however the choices run against the ratings."""
    two_blocks = {key: CONTRADICTING_BLOCKS[key] for key in ("cs_fc_habits", "cs_fc_instincts")}
    response = RaterResponse("s", "self", "consultative_selling", {**RATINGS, **two_blocks})
    profile = score_rep(shipped_banks, [response], rep_name="Kim").to_dict()["forced_choice"]
    assert profile["blocks"] == 2
    assert profile["agreement"] is None and profile["disagrees"] is False
    assert profile["scores"]["account_growth"] == 100.0  # the profile itself is kept


@pytest.mark.parametrize("bank_id", ["consultative_selling", "trustworthiness"])
def test_each_shipped_self_assessment_has_enough_blocks_for_the_indicator(shipped_banks, bank_id):
    """Answered alone, either self-assessment gives the faking indicator its blocks, each
    competency in more than one block and none in all of them."""
    bank = shipped_banks[bank_id]
    blocks = [item for item in bank.items if item.type == "forced_choice"]
    assert len(blocks) >= MIN_FORCED_CHOICE_BLOCKS
    appearances = Counter(s.competency for block in blocks for s in block.statements)
    assert set(appearances) == {competency.id for competency in bank.rubric.competencies}
    assert min(appearances.values()) >= 2 and max(appearances.values()) < len(blocks)


def test_the_shipped_blocks_that_contradict_the_ratings_are_flagged(shipped_banks):
    response = RaterResponse(
        "s", "self", "consultative_selling", {**RATINGS, **CONTRADICTING_BLOCKS}
    )
    profile = score_rep(shipped_banks, [response], rep_name="Kim").to_dict()["forced_choice"]
    assert profile["blocks"] == 4
    assert profile["agreement"] < 0 and profile["disagrees"] is True


def test_four_blocks_that_contradict_the_ratings_are_flagged_as_disagreeing():
    ratings = {"a": 90.0, "b": 70.0, "c": 50.0, "d": 30.0}
    # four blocks, each putting the lowest-rated first and the highest-rated last
    against = [{"d": (1, 0, 1), "c": (0, 0, 1), "a": (0, 1, 1)} for _ in range(2)]
    against += [{"c": (1, 0, 1), "b": (0, 0, 1), "a": (0, 1, 1)} for _ in range(2)]
    profile = forced_choice_profile(against, ratings)
    assert profile.blocks == 4 and profile.agreement < 0 and profile.disagrees
    along = [{"a": (1, 0, 1), "b": (0, 0, 1), "d": (0, 1, 1)} for _ in range(2)]
    along += [{"b": (1, 0, 1), "c": (0, 0, 1), "d": (0, 1, 1)} for _ in range(2)]
    assert forced_choice_profile(along, ratings).agreement > 0
    assert forced_choice_profile(against[:3], ratings).agreement is None  # three blocks


def test_ranks_share_ties_and_the_profile_needs_answers():
    assert ranks([3, 1, 3]) == [2.5, 1.0, 2.5]
    assert forced_choice_profile([], {}) is None
    profile = forced_choice_profile([{"a": (1, 0, 1), "b": (0, 1, 1)}], {})
    assert dict(profile.scores) == {"a": pytest.approx(100), "b": pytest.approx(0)}


def test_an_even_self_profile_gets_no_faking_indicator():
    """Ratings 74, 76, 78, 80 differ by less than one rating's measurement error: their
    order is noise, so blocks against it say nothing about faking (the psychologist
    found half of such honest, even reps flagged as describing an ideal)."""
    even = {"a": 80.0, "b": 78.0, "c": 76.0, "d": 74.0}
    against = [{"d": (1, 0, 1), "c": (0, 0, 1), "a": (0, 1, 1)} for _ in range(2)]
    against += [{"c": (1, 0, 1), "b": (0, 0, 1), "a": (0, 1, 1)} for _ in range(2)]
    profile = forced_choice_profile(against, even)
    assert profile.blocks == 4 and profile.agreement is None and not profile.disagrees
    spread = {"a": 90.0, "b": 70.0, "c": 50.0, "d": 30.0}  # SD 22.4: the order means something
    assert forced_choice_profile(against, spread).disagrees
