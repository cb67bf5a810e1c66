"""Verdicts: the rubric's ordered rules, the first that holds wins, with its reasons.

Each bank with verdict rules gives its own verdict; the rep's verdict is the most
severe of them (``VERDICT_SEVERITY``). Alongside the rule's ``reason`` text, the
*facts* that made its condition hold are kept (which red flag, which competency in
which band at what score...), so the report can say why.

Thin data: when fewer than half of a bank's competencies have a combined score, its
last, unconditional rule does not apply (knowing little is no reason to call a rep
ready); its conditional rules still do, so a raised red flag still makes a trust risk.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assess.core.banks import (
    VERDICT_SEVERITY,
    AllOf,
    AnyOf,
    BandCount,
    Bank,
    CompetencyInBand,
    Not,
    RedFlagRaised,
    ScoreTest,
)
from assess.core.banks.serialize import condition_to_dict
from assess.core.scoring.model import (
    NOT_ENOUGH_DATA,
    NOT_ENOUGH_EVIDENCE,
    OK,
    BankVerdict,
    CompetencyResult,
    GroupScore,
    RaisedFlag,
    Verdict,
)
from assess.core.scoring.rules import MIN_SCORED_COMPETENCY_SHARE
from assess.core.scoring.stats import at_least_share, rounded

Fact = dict[str, Any]


@dataclass(frozen=True)
class VerdictContext:
    """What a bank's verdict conditions may test."""

    flags: Mapping[str, RaisedFlag]  # raised red flags of any bank, by id
    competencies: Mapping[str, CompetencyResult]  # every competency of the rep, by id
    bank_competencies: tuple[str, ...]  # the competencies of the bank whose rules run
    overall: Mapping[str, GroupScore]  # group -> that bank's overall score


def _group_score(context: VerdictContext, competency: str, group: str) -> GroupScore | None:
    result = context.competencies.get(competency)
    return None if result is None else result.group(group)


def evaluate(condition: Any, context: VerdictContext) -> tuple[bool, list[Fact]]:
    """Whether a verdict condition holds, and the facts that made it hold.

    Parameters
    ----------
    condition : RedFlagRaised, CompetencyInBand, ScoreTest, BandCount, AllOf, AnyOf or Not
        A verdict rule's ``when``.
    context : VerdictContext
        The rep's results.

    Returns
    -------
    (bool, list of dict)
        The facts are empty when the condition does not hold. For ``any``, the facts
        of every branch that holds; for ``not``, the negated condition.

    Examples
    --------
    ``{score: overall, below: 75}`` with an overall of 68.2 holds with the fact
    ``{"test": "score", "score": "overall", "op": "below", "threshold": 75,
    "value": 68.2, ...}``.
    """
    if isinstance(condition, RedFlagRaised):
        flag = context.flags.get(condition.red_flag)
        if flag is None:
            return False, []
        return True, [
            {
                "test": "red_flag",
                "red_flag": flag.id,
                "matched": flag.matched,
                "out_of": flag.out_of,
                "roles": list(flag.roles),
                "min_raters": flag.min_raters,
                "text": f"Red flag {flag.id}: raised by at least {flag.min_raters} "
                f"{'/'.join(flag.roles)} raters.",
            }
        ]
    if isinstance(condition, CompetencyInBand):
        entry = _group_score(context, condition.competency, condition.group)
        if entry is None or entry.band != condition.band:
            return False, []
        return True, [
            {
                "test": "competency_band",
                "competency": condition.competency,
                "group": condition.group,
                "band": condition.band,
                "score": rounded(entry.score),
                "text": f"{condition.competency} ({condition.group}) scores "
                f"{entry.score:.1f}, in band {condition.band}.",
            }
        ]
    if isinstance(condition, ScoreTest):
        if condition.score == "overall":
            entry = context.overall.get(condition.group)
        else:
            entry = _group_score(context, condition.score, condition.group)
        value = None if entry is None else entry.score
        if value is None:
            return False, []
        holds = value >= condition.value if condition.op == "at_least" else value < condition.value
        if not holds:
            return False, []
        words = "at least" if condition.op == "at_least" else "below"
        return True, [
            {
                "test": "score",
                "score": condition.score,
                "group": condition.group,
                "op": condition.op,
                "threshold": condition.value,
                "value": rounded(value),
                "text": f"{condition.score} ({condition.group}) is {value:.1f}, "
                f"{words} {condition.value}.",
            }
        ]
    if isinstance(condition, BandCount):
        in_band = sorted(
            competency
            for competency in context.bank_competencies
            if (entry := _group_score(context, competency, condition.group)) is not None
            and entry.band == condition.band
        )
        if len(in_band) < condition.at_least:
            return False, []
        return True, [
            {
                "test": "band_count",
                "band": condition.band,
                "group": condition.group,
                "at_least": condition.at_least,
                "count": len(in_band),
                "competencies": in_band,
                "text": f"{len(in_band)} {'competency' if len(in_band) == 1 else 'competencies'}"
                f" ({condition.group}) in band {condition.band}: {', '.join(in_band)}.",
            }
        ]
    if isinstance(condition, AllOf):
        facts: list[Fact] = []
        for entry in condition.conditions:
            holds, found = evaluate(entry, context)
            if not holds:
                return False, []
            facts.extend(found)
        return True, facts
    if isinstance(condition, AnyOf):
        facts = []
        any_holds = False
        for entry in condition.conditions:
            holds, found = evaluate(entry, context)
            any_holds = any_holds or holds
            facts.extend(found)
        return any_holds, facts if any_holds else []
    if isinstance(condition, Not):
        holds, _ = evaluate(condition.condition, context)
        if holds:
            return False, []
        negated = condition_to_dict(condition.condition)
        return True, [{"test": "not", "condition": negated, "text": f"Not true: {negated}."}]
    raise ValueError(f"not a verdict condition: {condition!r}")


def bank_verdict(
    bank: Bank, context: VerdictContext, missing: tuple[tuple[str, int | None], ...] = ()
) -> BankVerdict:
    """Try ``bank``'s verdict rules in order; the first that holds gives the verdict.

    With evidence `missing` (see `missing_evidence`) no rule is tried: a verdict on
    less than the rubric's evidence would be a guess stated as a finding.

    Examples
    --------
    consultative_selling with one competency in band ``gap`` and no red flag: the
    ``coach`` rule (index 2) holds with a ``band_count`` fact.
    """
    if missing:
        return BankVerdict(bank.id, None, None, None, (), NOT_ENOUGH_EVIDENCE, missing)
    scored = sum(
        1
        for competency in context.bank_competencies
        if (entry := context.competencies.get(competency)) is not None and entry.score is not None
    )
    enough = scored >= at_least_share(len(context.bank_competencies), MIN_SCORED_COMPETENCY_SHARE)
    for index, rule in enumerate(bank.rubric.verdicts):
        if rule.when is None:
            if not enough:
                break
            return BankVerdict(bank.id, rule.verdict, index, rule.reason, (), OK)
        holds, facts = evaluate(rule.when, context)
        if holds:
            return BankVerdict(bank.id, rule.verdict, index, rule.reason, tuple(facts), OK)
    return BankVerdict(bank.id, None, None, None, (), NOT_ENOUGH_DATA)


def combine_verdicts(verdicts: Sequence[BankVerdict]) -> Verdict:
    """The most severe verdict of the banks (``VERDICT_SEVERITY`` order).

    Examples
    --------
    ``coach`` from consultative_selling and ``trust_risk`` from trustworthiness give
    ``trust_risk``, decided by trustworthiness.
    """
    ordered = tuple(sorted(verdicts, key=lambda entry: entry.bank_id))
    missing = merged_missing(entry.missing for entry in ordered)
    if missing:  # one bank short of evidence: no verdict at all, rather than half of one
        return Verdict(None, (), ordered, missing)
    given = [(entry, entry.verdict) for entry in ordered if entry.verdict is not None]
    if not given:
        return Verdict(None, (), ordered)
    worst = min(VERDICT_SEVERITY.index(verdict) for _, verdict in given)
    verdict = VERDICT_SEVERITY[worst]
    deciding = tuple(entry.bank_id for entry, given_verdict in given if given_verdict == verdict)
    return Verdict(verdict, deciding, ordered)


def missing_evidence(
    bank: Bank, manager_reviewed: bool, buyers: int
) -> tuple[tuple[str, int | None], ...]:
    """What `bank`'s verdict still needs (`Evidence`): the manager's review, and
    buyers — given `manager_reviewed` and the number of `buyers` who answered a survey
    that scores this bank's competencies."""
    rubric = bank.rubric
    missing: list[tuple[str, int | None]] = []
    if rubric.evidence.manager_review and not manager_reviewed:
        missing.append(("manager_review", None))
    if buyers < rubric.buyers_needed:
        missing.append(("buyers", rubric.buyers_needed))
    return tuple(missing)


def merged_missing(entries) -> tuple[tuple[str, int | None], ...]:
    """The union of banks' missing evidence; for buyers, the largest number needed."""
    merged: dict[str, int | None] = {}
    for missing in entries:
        for what, needed in missing:
            known = merged.get(what)
            merged[what] = needed if known is None else max(known, needed or 0)
    return tuple(sorted(merged.items()))
