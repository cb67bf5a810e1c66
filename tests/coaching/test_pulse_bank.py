"""The pulse's short survey, without an app: at most six rating items per respondent,
only the plan's competencies, every rating still paired with a self statement, banks the
validator accepts, and the same plan giving the same bank versions."""

from __future__ import annotations

import pytest

from assess.core.banks import load_banks
from assess.core.coaching.pulse_bank import MAX_PULSE_ITEMS, pulse_banks, pulse_problems
from assess.services.bank_versions import SHIPPED_BANKS

PLANS = [
    ["listening"],
    ["listening", "transparency"],
    ["discovery", "follow_through", "qualifying"],
    ["intimacy", "buyer_first", "offer_mastery"],
    ["marketing_partnership"],
]


@pytest.fixture(scope="module")
def shipped():
    return list(load_banks(SHIPPED_BANKS).values())


def asked_by_role(banks) -> dict[str, int]:
    counts: dict[str, int] = {}
    for bank in banks:
        for role in bank.rater_roles:
            counts[role] = counts.get(role, 0) + len(bank.for_role(role).items)
    return counts


@pytest.mark.parametrize("plan", PLANS)
def test_each_respondent_gets_at_most_six_items_on_the_plans_competencies(shipped, plan):
    derived = pulse_banks(shipped, plan)
    assert pulse_problems(derived) == []
    assert set(asked_by_role(derived)) >= {"self", "manager"}
    assert all(count <= MAX_PULSE_ITEMS for count in asked_by_role(derived).values())
    for bank in derived:
        assert {item.competency for item in bank.items} <= set(plan)
        assert all(item.is_scale for item in bank.items)
        assert bank.version.endswith("-pulse")
    # every plan competency is asked of the rep and of the manager
    self_asked = {i.competency for b in derived if "self" in b.rater_roles for i in b.items}
    manager_asked = {i.competency for b in derived if "manager" in b.rater_roles for i in b.items}
    assert self_asked == manager_asked == set(plan)


def test_the_items_are_spread_over_the_competencies_and_keep_a_reverse_key(shipped):
    derived = pulse_banks(shipped, ["listening", "transparency"])
    self_items = [i for b in derived if "self" in b.rater_roles for i in b.items]
    by_competency = {
        c: [i for i in self_items if i.competency == c] for c in ("listening", "transparency")
    }
    assert [len(items) for items in by_competency.values()] == [3, 3]
    originals = {bank.id: bank for bank in shipped}
    for bank in pulse_banks(shipped, ["listening"]):
        could = any(i.reverse_keyed for i in originals[bank.id].items_for("listening"))
        assert any(item.reverse_keyed for item in bank.items) == could, bank.id


def test_ratings_keep_their_self_statement_and_the_scoring_rules(shipped):
    originals = {bank.id: bank for bank in shipped}
    derived = pulse_banks(shipped, ["discovery", "follow_through", "qualifying"])
    self_ids = {i.id for b in derived if not b.mirrors for i in b.items}
    for bank in derived:
        original = originals[bank.id]
        assert bank.scales == original.scales
        assert bank.rubric.bands == original.rubric.bands
        assert bank.rubric.rater_weights == original.rubric.rater_weights
        assert not bank.rubric.red_flags and not bank.rubric.verdicts
        for item in bank.items:
            assert item == original.item(item.id)  # same wording, scale and key
            if bank.mirrors:
                assert item.pairs_with in self_ids
    buyers = next(bank for bank in derived if bank.is_buyer_survey)
    # buyers are not asked about qualifying: the derived survey says so, as the full one
    assert buyers.not_asked_reason("qualifying") is not None


def test_the_same_plan_gives_the_same_versions(shipped):
    first = [b.content_hash for b in pulse_banks(shipped, ["listening", "transparency"])]
    again = [
        b.content_hash for b in pulse_banks(list(reversed(shipped)), ["listening", "transparency"])
    ]
    other = [b.content_hash for b in pulse_banks(shipped, ["listening"])]
    assert sorted(first) == sorted(again)
    assert first != other
    originals = {bank.content_hash for bank in shipped}
    assert not originals & set(first)


@pytest.mark.parametrize(
    ("plan", "message"),
    [([], "at least one competency"), (["no_such"], "No self-assessment of the round defines")],
)
def test_a_plan_the_banks_cannot_ask_is_refused(shipped, plan, message):
    with pytest.raises(ValueError, match=message):
        pulse_banks(shipped, plan)


def all_competencies(shipped) -> list[str]:
    return sorted({c.id for bank in shipped if not bank.mirrors for c in bank.rubric.competencies})


def test_no_competency_is_rated_only_in_reverse_when_a_plain_rating_exists(shipped):
    """A manager or buyer asked only reverse-keyed statements about a competency answers a
    differently worded measure from the baseline's mix (and careless agreement reads as a
    low score): where their bank rates the competency with a plainly worded statement too,
    the pulse asks them one."""
    found = []
    for plan in [[c] for c in all_competencies(shipped)] + PLANS:
        try:
            derived = pulse_banks(shipped, plan)
        except ValueError:
            continue  # a plan the banks cannot ask (tested above)
        originals = {bank.id: bank for bank in shipped}
        for bank in (b for b in derived if b.mirrors):
            for competency in plan:
                picked = [i for i in bank.items if i.competency == competency]
                plain = [
                    i
                    for i in originals[bank.id].items_for(competency)
                    if i.is_scale and not i.reverse_keyed and i.show_if is None
                ]
                if picked and plain and all(i.reverse_keyed for i in picked):
                    found.append((tuple(plan), bank.id, competency))
    assert found == []
