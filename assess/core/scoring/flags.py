"""Red flags: the rubrics' rules, tested on each rater's (shown) answers.

A rule is raised when at least ``min_raters`` raters of its roles match it. The
evidence is counts only — how many matched, out of how many raters in those roles
answered that bank — never which rater.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assess.core.banks import Bank, RedFlagRule, condition_holds
from assess.core.scoring.model import RaisedFlag
from assess.core.scoring.responses import ScoredResponse


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
    """
    raised = []
    answered_banks = {entry.response.bank_id for entry in scored}
    for bank_id in sorted(answered_banks & set(banks)):
        bank = banks[bank_id]
        for rule in bank.rubric.red_flags:
            matched, out_of = evaluate_rule(rule, bank, scored)
            if out_of and matched >= rule.min_raters:
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
