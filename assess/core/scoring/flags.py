"""Red flags: the rubrics' rules, tested on each rater's (shown) answers.

A rule is raised when at least ``min_raters`` raters of its roles match it. A rule
about anonymous raters (buyers) must also rest on a group big enough to keep them
anonymous: at least the anonymity minimum of the bank and the banks it mirrors, and
more raters than the rule needs, so that a raised flag never means "every one of
them" (with 2 referrals and a rule needing 2, raising it would tell the rep what each
referral answered). The evidence is counts, never which rater; the reports word it
without counts for anonymous raters (docs/anonymity.md).

A raised flag of anonymous raters is *decisive* — it may give a verdict on its own —
only when it rests on more than single answers (`decisive`); otherwise a verdict rule
that tests it stays open (borderline) and the reports ask for more buyers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from assess.core.banks import AllOf, AnswerTest, AnyOf, Bank, RedFlagRule, condition_holds
from assess.core.scoring.model import RaisedFlag
from assess.core.scoring.responses import ScoredResponse

#: Raters who are known people: their own answers may be shown, flags included.
NAMED_ROLES = ("self", "manager")


def evaluate_rule(
    rule: RedFlagRule, bank: Bank, scored: Sequence[ScoredResponse]
) -> tuple[int, int]:
    """``(matched, out_of)`` for one rule over the responses to its bank.

    Examples
    --------
    Three referrals, two of whom chose "pushy": ``(2, 3)``.
    """
    matched, out_of, _ = _rule_answers(rule, bank, scored)
    return matched, out_of


def _rule_answers(
    rule: RedFlagRule, bank: Bank, scored: Sequence[ScoredResponse]
) -> tuple[int, int, int]:
    """``(matched, out_of, matched on two items or more)`` for one rule."""
    relevant = [
        entry
        for entry in scored
        if entry.response.bank_id == bank.id and entry.response.rater_role in rule.raters
    ]
    matching = [
        entry.visible_answers
        for entry in relevant
        if condition_holds(rule.when, entry.visible_answers)
    ]
    twice = sum(1 for answers in matching if len(matched_items(rule.when, answers)) >= 2)
    return len(matching), len(relevant), twice


def matched_items(condition: Any, answers: Mapping[str, Any]) -> set[str]:
    """The items of an answer condition whose own test holds for one rater (tests
    under a ``not`` count for none: an unanswered item satisfies them).

    Examples
    --------
    ``any: [bf_pushed at_least 4, bf_listened at_most 2]`` with bf_pushed 5 and
    bf_listened 4 gives ``{"bf_pushed"}``: the flag rests on one answer of that rater.
    """
    if isinstance(condition, AnswerTest):
        return {condition.item} if condition_holds(condition, answers) else set()
    if isinstance(condition, AllOf | AnyOf):
        return set().union(*(matched_items(entry, answers) for entry in condition.conditions))
    return set()


def rule_items(condition: Any) -> set[str]:
    """Every item an answer condition reads."""
    if isinstance(condition, AnswerTest):
        return {condition.item}
    if isinstance(condition, AllOf | AnyOf):
        return set().union(*(rule_items(entry) for entry in condition.conditions))
    inner = getattr(condition, "condition", None)
    return rule_items(inner) if inner is not None else set()


def decisive(rule: RedFlagRule, minimum: int, matched: int, out_of: int, twice: int) -> bool:
    """Whether a raised flag may decide a verdict on its own.

    A flag of named raters (the manager's review) is a known person's judgement: yes.
    A flag of anonymous raters needs more than one answer per person behind it:

    * at least ``min_raters`` of the matching raters matched on two or more of the
      rule's items each, or
    * at least ``S = max(minimum, min_raters)`` raters matched — the anonymity minimum
      (``min_raters_per_group``) of agreeing raters — out of more than ``S``, so that a
      decisive flag never means "every one of them" either.

    Examples
    --------
    2 of 3 referrals said "pushed" (one item each): not decisive. 3 of 4: decisive
    (S = 3). 3 of 3: not decisive (it would say what each of them answered). 2 of 3 who
    each said both "pushed" and "did not listen": decisive.
    """
    if all(role in NAMED_ROLES for role in rule.raters):
        return True
    enough = max(minimum, rule.min_raters)
    return twice >= rule.min_raters or (matched >= enough and out_of > enough)


def anonymity_minimum(bank: Bank, banks: Mapping[str, Bank]) -> int:
    """The strictest ``min_raters_per_group`` of the bank and the banks it mirrors."""
    minimum = bank.rubric.min_raters_per_group
    for mirrored in bank.mirrors:
        if mirrored in banks:
            minimum = max(minimum, banks[mirrored].rubric.min_raters_per_group)
    return minimum


def raters_needed(rule: RedFlagRule, bank: Bank, banks: Mapping[str, Bank]) -> int:
    """How many raters of the rule's roles must have answered before it may be raised.

    A rule about named raters (self, manager) needs one. A rule about anonymous raters
    needs the strictest ``min_raters_per_group`` of the bank and the banks it mirrors,
    and one more rater than the rule's own ``min_raters``.

    Examples
    --------
    ``referrals_pushy_or_unheard`` (referrals, ``min_raters: 2``) in buyer_feedback,
    which mirrors banks with a minimum of 3: ``max(3, 2 + 1) = 3``.
    """
    if all(role in NAMED_ROLES for role in rule.raters):
        return 1
    return max(anonymity_minimum(bank, banks), rule.min_raters + 1)


def raised_flags(
    banks: Mapping[str, Bank], scored: Sequence[ScoredResponse]
) -> tuple[RaisedFlag, ...]:
    """Every red flag raised by the responses, sorted by bank id then rule order.

    Parameters
    ----------
    banks : mapping
        bank id -> Bank (every bank whose rules should be tested).
    scored : sequence of ScoredResponse
        The rep's responses.

    Returns
    -------
    tuple of RaisedFlag
        Rules whose ``matched >= min_raters`` and whose raters are at least
        ``raters_needed``.
    """
    raised = []
    answered_banks = {entry.response.bank_id for entry in scored}
    for bank_id in sorted(answered_banks & set(banks)):
        bank = banks[bank_id]
        minimum = anonymity_minimum(bank, banks)
        for rule in bank.rubric.red_flags:
            matched, out_of, twice = _rule_answers(rule, bank, scored)
            if out_of >= raters_needed(rule, bank, banks) and matched >= rule.min_raters:
                scored_in = {
                    competency
                    for item_id in rule_items(rule.when)
                    if (item := bank.item(item_id)) is not None
                    for competency in item.competencies
                }
                raised.append(
                    RaisedFlag(
                        id=rule.id,
                        bank_id=bank.id,
                        label=rule.label,
                        roles=tuple(sorted(rule.raters)),
                        matched=matched,
                        out_of=out_of,
                        min_raters=rule.min_raters,
                        decisive=decisive(rule, minimum, matched, out_of, twice),
                        competencies=tuple(sorted(scored_in)),
                    )
                )
    return tuple(raised)
