"""Properties that hold for every input (hypothesis)."""

from __future__ import annotations

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from assess.core.scoring import RaterResponse, item_scores, response_quality, reverse_key, score_rep
from assess.core.scoring.competencies import pooled_buyer_score
from assess.core.scoring.responses import plan_for, score_response

ROLES = ("prospect", "referral", "customer")


def answer_for(item):
    """A strategy of valid answers (or None) to one item."""
    if item.type in ("likert", "likelihood"):
        value = st.integers(item.min_value, item.max_value)
    elif item.type in ("situational", "choice"):
        value = st.sampled_from([option.id for option in item.options])
    elif item.type == "forced_choice":
        ids = [statement.id for statement in item.statements]
        value = st.permutations(ids).map(lambda order: {"most": order[0], "least": order[1]})
    elif item.type == "yes_no":
        value = st.booleans()
    else:
        # what a comment may hold (core.text): no control character but line breaks
        # and tabs, no lone surrogate
        value = st.text(
            st.characters(exclude_categories=("Cc", "Cs"), include_characters="\n\t"),
            max_size=20,
        )
    return st.one_of(st.none(), value)


def answers_for(bank):
    return st.fixed_dictionaries({item.id: answer_for(item) for item in bank.items})


@st.composite
def rep_responses(draw, banks):
    responses = [RaterResponse("self", "self", "mini_self", draw(answers_for(banks["mini_self"])))]
    if draw(st.booleans()):
        manager = draw(answers_for(banks["mini_manager"]))
        responses.append(RaterResponse("manager", "manager", "mini_manager", manager))
    for number in range(draw(st.integers(0, 7))):
        role = draw(st.sampled_from(ROLES))
        answers = draw(answers_for(banks["mini_buyer"]))
        responses.append(RaterResponse(f"b{number}", role, "mini_buyer", answers))
    return responses


def all_scores(result):
    for competency in result.competencies:
        for group in (*competency.groups, competency.combined):
            yield group.score
        yield competency.percentile
    for group in result.overall:
        yield group.score


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_scores_stay_between_0_and_100(mini_banks, data):
    result = score_rep(mini_banks, data.draw(rep_responses(mini_banks)), rep_name="Kim")
    for score in all_scores(result):
        assert score is None or 0 <= score <= 100


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_every_shipped_item_scores_between_0_and_100_and_compiled_agrees(shipped_banks, data):
    bank = shipped_banks[data.draw(st.sampled_from(sorted(shipped_banks)))]
    answers = data.draw(answers_for(bank))
    role = bank.rater_roles[0]
    scored = score_response(plan_for(bank), RaterResponse("r", role, bank.id, answers))
    for item in bank.items:
        for score in item_scores(item, answers[item.id]).values():
            assert 0 <= score <= 100
    for competency, score in scored.scores.items():
        assert 0 <= score <= 100, competency


@given(st.integers(1, 7).flatmap(lambda high: st.tuples(st.integers(0, high), st.just(high))))
def test_reverse_keying_twice_is_the_identity(value_and_high):
    value, high = value_and_high
    assert reverse_key(reverse_key(value, 0, high), 0, high) == value


@given(
    st.lists(
        st.tuples(st.sampled_from(ROLES), st.floats(0, 100)),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from(ROLES),
    st.fixed_dictionaries({role: st.integers(1, 4) for role in ROLES}),
)
def test_a_rater_at_the_pooled_average_changes_nothing(rated, role, weights):
    pooled = pooled_buyer_score(rated, weights)
    again = pooled_buyer_score([*rated, (role, pooled)], weights)
    assert math.isclose(again, pooled, rel_tol=1e-12, abs_tol=1e-9)


@settings(max_examples=40, deadline=None)
@given(
    centre=st.integers(1, 5),
    spreads=st.lists(st.tuples(st.sampled_from(ROLES), st.integers(0, 2)), min_size=2, max_size=5),
    newcomer=st.sampled_from(ROLES),
)
def test_end_to_end_a_buyer_at_the_pooled_average_changes_nothing(
    mini_banks, centre, spreads, newcomer
):
    # pairs of raters of one role at centre - d and centre + d average to centre exactly
    responses = []
    for number, (role, spread) in enumerate(spreads):
        low, high = max(1, centre - spread), min(5, centre + spread)
        spread = min(centre - low, high - centre)
        for sign, suffix in ((-1, "a"), (1, "b")):
            value = centre + sign * spread
            responses.append(
                RaterResponse(f"b{number}{suffix}", role, "mini_buyer", {"b_follow": value})
            )
    before = score_rep(mini_banks, responses, rep_name="Kim")
    extra = RaterResponse("new", newcomer, "mini_buyer", {"b_follow": centre})
    after = score_rep(mini_banks, [*responses, extra], rep_name="Kim")
    old = before.competency("follow_through").group("buyers").score
    new = after.competency("follow_through").group("buyers").score
    assert old == (centre - 1) * 25
    assert math.isclose(new, old, abs_tol=1e-9)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_permuting_raters_changes_nothing(mini_banks, data):
    responses = data.draw(rep_responses(mini_banks))
    shuffled = data.draw(st.permutations(responses))
    first = score_rep(mini_banks, responses, rep_name="Kim").to_dict()
    second = score_rep(mini_banks, shuffled, rep_name="Kim").to_dict()
    assert json.dumps(first) == json.dumps(second)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_straight_liner_is_always_flagged(shipped_banks, data):
    bank_id = data.draw(st.sampled_from(sorted(shipped_banks)))
    bank = shipped_banks[bank_id]
    answers = data.draw(answers_for(bank))
    value = data.draw(st.integers(1, 5))
    for item in bank.items:
        if item.type == "likert":
            answers[item.id] = value  # every Likert item the same, shown or not
    response = RaterResponse("r", bank.rater_roles[0], bank.id, answers)
    quality = response_quality(bank, response)
    assert "straight_lining" in [flag.code for flag in quality.flags]
