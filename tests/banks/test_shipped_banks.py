"""The banks we ship: they load, and they have what the product promises."""

from __future__ import annotations

from collections import Counter

import pytest

from assess.core.banks import (
    NOT_OBSERVED,
    check_paths,
    competency_owners,
    condition_holds,
    load_banks,
    visible_items,
)
from assess.core.scoring.flags import matched_items, rule_items
from tests.banks.conftest import SHIPPED


@pytest.fixture(scope="module")
def banks():
    return load_banks(SHIPPED)


def scored_items(bank):
    return [item for item in bank.items if item.type != "text"]


def test_all_five_banks_ship(banks):
    assert set(banks) == {
        "consultative_selling",
        "trustworthiness",
        "buyer_feedback",
        "manager_review",
        "sales_marketing_alignment",
    }


def test_consultative_selling(banks):
    bank = banks["consultative_selling"]
    types = Counter(item.type for item in bank.items)
    assert bank.rater_roles == ("self",)
    assert len(bank.items) >= 30
    assert len(bank.rubric.competencies) >= 6
    assert types["situational"] >= 3
    assert types["forced_choice"] >= 1
    assert any(item.reverse_keyed for item in bank.items)
    assert bank.rubric.validity.consistency_pairs
    for competency in bank.rubric.competencies:
        assert len(bank.items_for(competency.id)) >= 3, competency.id


def test_consistency_pairs_ask_both_items_on_the_same_scale(banks):
    """A point of agreement is not a point of frequency: pairing "Agree" with "Often"
    would flag honest people as careless."""
    for bank in banks.values():
        for pair in bank.rubric.validity.consistency_pairs:
            first, second = (bank.item(item_id) for item_id in (pair.first, pair.second))
            assert first.scale == second.scale, (bank.id, first.id, second.id)


def test_social_desirability_items_are_asked_among_ordinary_ratings(banks):
    """Not under a forced-choice page's "there is no right answer": they are keyed."""
    for bank in banks.values():
        for item_id in bank.rubric.validity.social_desirability:
            page = next(page for page in bank.pages if bank.item(item_id) in page.items)
            assert not any(item.type == "forced_choice" for item in page.items), item_id
            assert "no right answer" not in bank.text(page.intro), item_id


def test_trustworthiness_has_validity_checks(banks):
    bank = banks["trustworthiness"]
    assert bank.rater_roles == ("self",)
    assert len(bank.items) >= 20
    assert len(bank.rubric.validity.social_desirability) >= 1
    assert len(bank.rubric.validity.consistency_pairs) >= 1
    for item_id in bank.rubric.validity.social_desirability:
        assert bank.item(item_id).competency is None


def rated_items(bank):
    """The rated statements: scale items that feed a competency."""
    return [item for item in bank.items if item.type == "likert" and item.competency]


def buyer_sees(bank, *, bought: bool):
    """The items one buyer is asked: those shown after their answer to "have you
    bought through this salesperson?"."""
    return visible_items(bank, {"bf_is_customer": bought})


def test_buyer_feedback_is_short_and_mirrors_the_self_banks(banks):
    bank = banks["buyer_feedback"]
    assert set(bank.rater_roles) == {"prospect", "referral", "customer"}
    for bought in (True, False):
        asked = buyer_sees(bank, bought=bought)
        rated = [item for item in asked if item.type == "likert" and item.competency]
        assert len(rated) == 16, bought  # at most 16 rated statements for any one buyer
        # ~10 s a statement, 5 s a yes/no, 10 s the referral question, 30 s a comment
        seconds = 10 * len(rated) + 5 + 10 + 30
        assert seconds / 60 <= bank.expected_minutes < 4
        assert bank.expected_minutes - seconds / 60 < 0.5  # and not padded either
    (comment,) = [item for item in bank.items if item.type == "text"]
    assert not comment.required and comment.max_length <= 2000
    assert any(item.type == "likelihood" for item in bank.items)
    assert bank.mirrors == ("consultative_selling", "trustworthiness")


def test_every_buyer_rates_follow_through_twice_bought_or_not(banks):
    """A prospect cannot judge the after-sale check; they are asked instead whether
    they had to chase a promise — something they did see."""
    bank = banks["buyer_feedback"]
    for bought in (True, False):
        asked = [item.id for item in buyer_sees(bank, bought=bought)]
        follow_through = [i for i in asked if bank.item(i).competency == "follow_through"]
        assert len(follow_through) == 2, (bought, follow_through)
        assert ("bf_after_sale" in follow_through) is bought
        assert ("bf_chased" in follow_through) is not bought


def test_a_buyer_who_cannot_say_whether_they_would_recommend_may_leave_it_blank(banks):
    bank = banks["buyer_feedback"]
    (referral,) = [item for item in bank.items if item.outcome == "referral"]
    assert not referral.required
    assert "leave it blank if you have not seen enough" in bank.text(referral.text)
    assert referral in buyer_sees(bank, bought=False)  # prospects are asked, and may pass


def test_competencies_only_the_manager_rates_rest_on_three_manager_statements(banks):
    """Buyers are not asked about them, so their score is the manager's alone: two
    statements gave alphas of .35–.64."""
    manager = banks["manager_review"]
    not_asked = {competency for competency, _ in banks["buyer_feedback"].not_asked}
    for competency in not_asked:
        assert len(manager.items_for(competency)) >= 3, competency


def test_implication_and_need_payoff_questions_are_rated_by_someone_besides_the_rep(banks):
    manager = banks["manager_review"]
    buyer = banks["buyer_feedback"]
    discovery = [
        bank.text(item.text) for bank in (manager, buyer) for item in bank.items_for("discovery")
    ]
    assert any("what else" in text for text in discovery)  # implication
    assert any("would be worth to them" in text for text in discovery)  # need-payoff


def test_no_two_statements_of_a_rater_pull_against_each_other(banks):
    """Checking with delivery before agreeing to the unusual is a kept promise; a
    command-of-the-offer statement must not reward answering without checking."""
    for bank_id in ("buyer_feedback", "manager_review"):
        bank = banks[bank_id]
        offer = " ".join(bank.text(i.text) for i in bank.items_for("offer_mastery")).lower()
        assert "without" not in offer and "check" not in offer, bank_id
        promises = " ".join(bank.text(i.text) for i in bank.items_for("realistic_promises"))
        assert "check" in promises.lower(), bank_id


def test_no_rating_rewards_what_a_situational_key_scores_low(banks):
    """The keys score passing on a confidence (tw_sj_confided) and running down a
    competitor (cs_sj_cheaper_quote) low, and the coaching says so: no manager or
    buyer statement keyed the favourable way may reward either."""
    for bank_id in ("buyer_feedback", "manager_review"):
        bank = banks[bank_id]
        for item in rated_items(bank):
            text = bank.text(item.text).lower()
            if item.reverse_keyed:
                continue
            if item.competency == "offer_mastery":
                assert "fall short" not in text and "weakness" not in text, item.id
            if item.competency == "intimacy":
                passed_on = ("deal review", "report", "forecast", "tells the team")
                assert not any(words in text for words in passed_on), item.id


def test_promising_sooner_than_usual_scores_well_only_after_delivery_says_yes(banks):
    """The coaching: "get a yes from the person who will deliver it before you agree".
    An answer that tells the buyer what could be live sooner, without that yes, is no
    near-best answer."""
    item = banks["trustworthiness"].item("tw_sj_two_weeks")
    for option in item.options:
        text = banks["trustworthiness"].text(option.text).lower()
        if option.score > 60:
            assert "delivery" in text, option.id
    assert item.option("offer_realistic").score <= 60
    why = banks["trustworthiness"].text(item.option("offer_realistic").why)
    assert "yes" in why and "first" in why


def test_a_manager_who_has_not_seen_the_rep_with_key_customers_can_say_so(banks):
    """Would the manager send the rep alone to a key customer? A manager who has never
    seen them there answers "not observed", which raises no red flag."""
    bank = banks["manager_review"]
    item = bank.item("mr_key_customer")
    unseen = item.option(NOT_OBSERVED)
    assert unseen is not None and "haven't seen" in bank.text(unseen.text).lower()
    assert item.competency is None  # asked, not scored
    (rule,) = bank.rubric.red_flags
    assert not condition_holds(rule.when, {"mr_key_customer": NOT_OBSERVED})
    assert condition_holds(rule.when, {"mr_key_customer": "not_at_all"})


def test_customers_broken_promises_flag_reads_every_follow_through_answer(banks):
    """A customer may say the rep broke their word, had to be chased, or never checked
    after the sale: each is a broken promise, and a customer who says two of them
    counts as more than one answer (docs/scoring.md, Decisive flags)."""
    bank = banks["buyer_feedback"]
    rule = bank.rubric.red_flag("customers_promises_broken")
    assert rule.raters == ("customer",) and rule.min_raters == 2
    assert rule_items(rule.when) == {"bf_kept_word", "bf_after_sale", "bf_chased"}
    kept = {"bf_kept_word": 4, "bf_is_customer": True, "bf_after_sale": 4}
    assert not condition_holds(rule.when, kept)
    assert condition_holds(rule.when, {**kept, "bf_after_sale": 2})
    # bf_chased is reverse-keyed: agreeing that they had to chase is the broken promise
    assert condition_holds(rule.when, {**kept, "bf_is_customer": False, "bf_chased": 4})
    assert not condition_holds(rule.when, {**kept, "bf_is_customer": False, "bf_chased": 2})
    assert not condition_holds(rule.when, {**kept, "bf_after_sale": NOT_OBSERVED})
    both = {**kept, "bf_kept_word": 2, "bf_after_sale": 1}
    assert matched_items(rule.when, both) == {"bf_kept_word", "bf_after_sale"}


def test_alignment_statements_ask_about_behaviour_one_at_a_time(banks):
    """A marketer or a rep can see who meets whom and what a briefing covered; they
    cannot rate a pay plan as a behaviour, and "X or Y" cannot be answered for both."""
    bank = banks["sales_marketing_alignment"]
    for item in rated_items(bank):
        text = bank.text(item.text).lower()
        assert not any(word in text for word in ("rewarded", "bonus", "commission")), item.id
    for item_id in ("sm_team_sit_together", "sm_launch_briefed"):
        text = bank.text(bank.item(item_id).text).replace("Sales and marketing", "")
        assert " or " not in text and " and " not in text, item_id


def test_buyers_and_managers_rate_each_competency_they_see_twice_one_behaviour_each(banks):
    for bank_id in ("buyer_feedback", "manager_review"):
        bank = banks[bank_id]
        per_competency = Counter(item.competency for item in rated_items(bank))
        assert min(per_competency.values()) >= 2, (bank_id, per_competency)
        # every rating can be answered "not observed", which is left out of the scores
        assert all(item.offers_not_observed for item in rated_items(bank)), bank_id
        # no choice or forced-choice item feeds a competency: one behaviour a statement
        assert {item.type for item in bank.items if item.competency} == {"likert"}, bank_id
        for page in bank.pages:
            keyed = [item for item in page.items if item.competency]
            assert any(item.reverse_keyed for item in keyed), (bank_id, page.id)
            assert not all(item.reverse_keyed for item in keyed), (bank_id, page.id)
        for item in rated_items(bank):  # one behaviour: no "X and Y" statement
            assert " and " not in bank.text(item.text), item.id


def test_competencies_a_buyer_cannot_see_are_named_with_the_reason(banks):
    owned = {
        competency.id
        for bank_id in ("consultative_selling", "trustworthiness")
        for competency in banks[bank_id].rubric.competencies
    }
    buyer = banks["buyer_feedback"]
    not_asked = {competency for competency, _ in buyer.not_asked}
    assert not_asked == {"qualifying", "account_growth", "marketing_partnership"}
    assert set(buyer.scored_competencies) == owned - not_asked
    for competency in not_asked:
        assert "Buyers are not asked" in buyer.text(buyer.not_asked_reason(competency))


def test_self_and_manager_rate_the_same_competencies(banks):
    owned = {
        competency.id
        for bank_id in ("consultative_selling", "trustworthiness")
        for competency in banks[bank_id].rubric.competencies
    }
    assert 8 <= len(owned) <= 11
    assert set(banks["manager_review"].scored_competencies) == owned
    assert set(competency_owners(banks)) >= owned
    assert banks["manager_review"].rater_roles == ("manager",)


def test_referral_red_flag_needs_two_referrals(banks):
    bank = banks["buyer_feedback"]
    rule = bank.rubric.red_flag("referrals_pushy_or_unheard")
    assert rule.raters == ("referral",) and rule.min_raters == 2
    assert condition_holds(rule.when, {"bf_pushed": 5, "bf_listened": 5})
    assert condition_holds(rule.when, {"bf_pushed": 1, "bf_listened": 2})
    assert not condition_holds(rule.when, {"bf_pushed": 2, "bf_listened": 4})
    # "not seen" is neither pushed nor unheard
    assert not condition_holds(rule.when, {"bf_pushed": "not_observed", "bf_listened": 4})


def test_alignment_bank_compares_sales_marketing_and_delivery(banks):
    bank = banks["sales_marketing_alignment"]
    groups = dict(bank.rubric.compare_groups)
    assert list(groups) == ["sales", "marketing", "delivery"]
    assert groups["marketing"] == ("marketing",) and groups["delivery"] == ("operations",)
    assert "self" in groups["sales"]
    assert len(bank.rubric.competencies) >= 10
    # every rating can be answered "not observed"; one reverse-keyed statement a page
    assert all(item.offers_not_observed for item in rated_items(bank))
    for page in bank.pages:
        keyed = [item for item in page.items if item.competency]
        assert any(item.reverse_keyed for item in keyed), page.id
        assert not all(item.reverse_keyed for item in keyed), page.id
    for item in rated_items(bank.for_role("operations")):  # one behaviour a statement
        assert " and " not in bank.text(item.text), item.id


def test_delivery_is_asked_about_delivery_in_the_words_sales_and_marketing_are(banks):
    """Like with like: each delivery area is measured by the same statements for all
    three groups; the sales–marketing areas are not asked of delivery at all."""
    bank = banks["sales_marketing_alignment"]
    delivery = bank.for_role("operations")
    delivery_areas = {"deliverable_promises", "delivery_handover", "delivery_feedback"}
    assert set(delivery.scored_competencies) == delivery_areas
    for area in delivery_areas:
        asked = {role: bank.for_role(role).items_for(area) for role in bank.rater_roles}
        assert len({items for items in asked.values()}) == 1, area
        assert len(asked["operations"]) >= 3, area
    assert delivery.expected_minutes < bank.expected_minutes
    assert any(item.type == "text" for item in delivery.items)  # a comment box too


def test_every_competency_has_coaching_for_every_band(banks):
    for bank in banks.values():
        for competency in bank.rubric.competencies:
            for band in bank.rubric.bands:
                coaching = competency.coaching_for(band.id)
                assert coaching.actions and coaching.exercise, (bank.id, competency.id)
                blunt = coaching.owner_blunt.get("en", "en")
                diplomatic = coaching.owner_diplomatic.get("en", "en")
                assert blunt != diplomatic, (bank.id, competency.id, band.id)


def test_every_competency_a_rep_is_coached_on_has_two_actions_and_a_guide(banks):
    """The rep's report gives two 30-day actions per focus area (any band below the
    top), and the manager's copy a ride-along and one-to-one guide for it."""
    rated = {name for bank in banks.values() for name in bank.mirrors}
    assert rated == {"consultative_selling", "trustworthiness"}
    for name in rated:
        bank = banks[name]
        for competency in bank.rubric.competencies:
            for band in bank.rubric.bands[:-1]:
                actions = competency.coaching_for(band.id).actions
                assert len(actions) >= 2, (name, competency.id, band.id)
            guide = competency.guide
            assert guide is not None, (name, competency.id)
            assert guide.watch_for and 2 <= len(guide.ask) <= 3, (name, competency.id)


def test_no_item_text_is_repeated_within_a_bank(banks):
    for bank in banks.values():
        texts = Counter(
            (item.scenario.get("en", "en") if item.scenario else "") + item.text.get("en", "en")
            for item in bank.items
            if item.type != "forced_choice"  # blocks share their prompt by design
        )
        repeated = [text for text, count in texts.items() if count > 1]
        assert not repeated, (bank.id, repeated)


def test_check_reports_one_line_per_shipped_bank():
    result = check_paths([str(SHIPPED)])
    assert result.ok
    assert len(result.lines) == 5
    line = next(line for line in result.lines if line.startswith("consultative_selling"))
    assert " 6 competencies" in line and "items" in line
    assert result.banks["consultative_selling"].short_hash in line
