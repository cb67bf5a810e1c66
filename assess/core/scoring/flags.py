"""Red flags: the rubrics' rules, tested on each rater's (shown) answers.

A rule is raised when at least ``min_raters`` raters of its roles match it. A rule
about anonymous raters (buyers) must also rest on a group big enough to keep them
anonymous: at least the anonymity minimum of the bank and the banks it mirrors, and
more raters than the rule needs, so that a raised flag never means "every one of
them" (with 2 referrals and a rule needing 2, raising it would tell the rep what each
referral answered). The evidence is counts, never which rater; the reports word it
without counts for anonymous raters (docs/anonymity.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assess.core.banks import Bank, RedFlagRule, condition_holds
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
    relevant = [
        entry
        for entry in scored
        if entry.response.bank_id == bank.id and entry.response.rater_role in rule.raters
    ]
    matched = sum(1 for entry in relevant if condition_holds(rule.when, entry.visible_answers))
    return matched, len(relevant)


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
    minimum = bank.rubric.min_raters_per_group
    for mirrored in bank.mirrors:
        if mirrored in banks:
            minimum = max(minimum, banks[mirrored].rubric.min_raters_per_group)
    return max(minimum, rule.min_raters + 1)


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
        for rule in bank.rubric.red_flags:
            matched, out_of = evaluate_rule(rule, bank, scored)
            if out_of >= raters_needed(rule, bank, banks) and matched >= rule.min_raters:
                raised.append(
                    RaisedFlag(
                        id=rule.id,
                        bank_id=bank.id,
                        label=rule.label,
                        roles=tuple(sorted(rule.raters)),
                        matched=matched,
                        out_of=out_of,
                        min_raters=rule.min_raters,
                    )
                )
    return tuple(raised)
