"""Verdicts: the rubric's ordered rules, the first that holds wins, with its reasons.

Each bank with verdict rules gives its own verdict; the rep's verdict is the most
severe of them (``VERDICT_SEVERITY``). Alongside the rule's ``reason`` text, the
*facts* that made its condition hold are kept (which red flag, which competency in
which band at what score...), so the report can say why.

Thin data: when fewer than half of a bank's competencies have a combined score, its
last, unconditional rule does not apply (knowing little is no reason to call a rep
ready); its conditional rules still do, so a raised red flag still makes a trust risk.

Evidence counts once and says what it rests on: a flag that is not decisive (one
answer each from a few buyers, `flags.decisive`) leaves its rule open rather than
giving a severe verdict; within a rule that tests a raised flag, decisive or not, the
competencies its items are scored in are not counted again from buyers' answers; and
a score that rests on the manager's review alone, on fewer than ``REFERENCE_ITEMS``
answers, never makes a test hold for sure (`thin_evidence`): its fact lists the
competency under ``manager_only`` and the rule stays open.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from assess.core.banks import (
    AllOf,
    AnyOf,
    Band,
    BandCount,
    Bank,
    CompetencyInBand,
    Not,
    RedFlagRaised,
    ScoreTest,
)
from assess.core.banks.serialize import condition_to_dict
from assess.core.scoring.model import (
    BORDERLINE_STATUS,
    NOT_ENOUGH_DATA,
    NOT_ENOUGH_EVIDENCE,
    OK,
    CompetencyResult,
    GroupScore,
    RaisedFlag,
)
from assess.core.scoring.precision import interval
from assess.core.scoring.rules import MIN_SCORED_COMPETENCY_SHARE
from assess.core.scoring.stats import at_least_share, rounded
from assess.core.scoring.thin_evidence import manager_alone, manager_only, sure_only_with_enough
from assess.core.scoring.verdict_results import BankVerdict

Fact = dict[str, Any]


@dataclass(frozen=True)
class VerdictContext:
    """What a bank's verdict conditions may test."""

    flags: Mapping[str, RaisedFlag]  # raised red flags of any bank, by id
    competencies: Mapping[str, CompetencyResult]  # every competency of the rep, by id
    bank_competencies: tuple[str, ...]  # the competencies of the bank whose rules run
    overall: Mapping[str, GroupScore]  # group -> that bank's overall score
    #: band id -> band, of the bank whose rules run
    bands: Mapping[str, Band] = field(default_factory=dict)
    #: competencies whose buyers' answers a decisive red flag of the rule already counts
    counted: frozenset[str] = frozenset()


#: Groups whose scores hold no buyer's answer: a red flag never counts them already.
NO_BUYERS = ("self", "manager")


def _score_in(context: VerdictContext, group: str, competency: str) -> GroupScore | None:
    return _group_score(context, competency, group)


def _group_score(context: VerdictContext, competency: str, group: str) -> GroupScore | None:
    if competency in context.counted and group not in NO_BUYERS:
        return None  # its answers are in the rule's red flag: counted once, there
    result = context.competencies.get(competency)
    return None if result is None else result.group(group)


#: What a condition may be: it holds (True), it does not (False), or the scores' 90 %
#: intervals do not tell (BORDERLINE).
BORDERLINE = None


def _interval(entry: GroupScore) -> tuple[float, float]:
    if entry.score is None:
        raise ValueError("no score")
    if entry.error is None:
        return entry.score, entry.score
    return interval(entry.score, entry.error)


def _within(low: float, high: float, band: Band) -> bool | None:
    """Whether [low, high] lies in the band (True), outside it (False), or across an
    edge (BORDERLINE)."""
    if band.contains(low) and band.contains(high):
        return True
    if high < band.min or (low >= band.max and not band.contains(low)):
        return False
    return BORDERLINE


def _combine_all(results: list[bool | None]) -> bool | None:
    if any(result is False for result in results):
        return False
    return BORDERLINE if any(result is BORDERLINE for result in results) else True


def _combine_any(results: list[bool | None]) -> bool | None:
    if any(result is True for result in results):
        return True
    return BORDERLINE if any(result is BORDERLINE for result in results) else False


def evaluate(condition: Any, context: VerdictContext) -> tuple[bool | None, list[Fact]]:
    """Whether a verdict condition holds, and the facts that made it hold.

    A test on a score holds only when the score's whole 90 % interval meets it, fails
    when the whole interval misses it, and is BORDERLINE (None) otherwise: a rep at
    75.1 ± 6 is neither clearly below 75 nor clearly not.

    Parameters
    ----------
    condition : RedFlagRaised, CompetencyInBand, ScoreTest, BandCount, AllOf, AnyOf or Not
        A verdict rule's ``when``.
    context : VerdictContext
        The rep's results.

    Returns
    -------
    (True, False or None, list of dict)
        The facts are empty when the condition does not hold; when it is borderline
        they say which score straddles which edge. For ``any``, the facts of every
        branch that holds; for ``not``, the negated condition.

    Examples
    --------
    ``{score: overall, below: 75}`` with an overall of 68.2 (interval 63.3–73.1) holds
    with the fact ``{"test": "score", "score": "overall", "op": "below",
    "threshold": 75, "value": 68.2, ...}``.
    """
    if isinstance(condition, RedFlagRaised):
        flag = context.flags.get(condition.red_flag)
        if flag is None:
            return False, []
        return (True if flag.decisive else BORDERLINE), [
            {
                "test": "red_flag",
                "red_flag": flag.id,
                "matched": flag.matched,
                "out_of": flag.out_of,
                "roles": list(flag.roles),
                "min_raters": flag.min_raters,
                "competencies": list(flag.competencies),
                "borderline": not flag.decisive,
                "text": f"Red flag {flag.id}: raised by at least {flag.min_raters} "
                f"{'/'.join(flag.roles)} raters"
                + ("." if flag.decisive else ", not decisive alone (flags.decisive)."),
            }
        ]
    if isinstance(condition, CompetencyInBand):
        entry = _group_score(context, condition.competency, condition.group)
        band = context.bands.get(condition.band)
        if entry is None or entry.score is None or band is None:
            return False, []
        holds = sure_only_with_enough(_within(*_interval(entry), band), entry)
        if holds is False:
            return False, []
        low, high = _interval(entry)
        return holds, [
            {
                "test": "competency_band",
                "competency": condition.competency,
                "group": condition.group,
                "band": condition.band,
                "score": rounded(entry.score),
                "interval": [rounded(low), rounded(high)],
                "borderline": holds is BORDERLINE,
                "manager_only": [condition.competency] if manager_alone(entry) else [],
                "text": f"{condition.competency} ({condition.group}) scores "
                f"{entry.score:.1f} ({low:.1f}–{high:.1f}), "
                + (
                    f"in band {condition.band}."
                    if holds
                    else f"on the edge of band {condition.band}."
                ),
            }
        ]
    if isinstance(condition, ScoreTest):
        if condition.score == "overall":
            entry = context.overall.get(condition.group)
        else:
            entry = _group_score(context, condition.score, condition.group)
        if entry is None or entry.score is None:
            return False, []
        low, high = _interval(entry)
        if condition.op == "at_least":
            holds = (
                True if low >= condition.value else False if high < condition.value else BORDERLINE
            )
        else:
            holds = (
                True if high < condition.value else False if low >= condition.value else BORDERLINE
            )
        if condition.score != "overall":
            holds = sure_only_with_enough(holds, entry)
        if holds is False:
            return False, []
        words = "at least" if condition.op == "at_least" else "below"
        return holds, [
            {
                "test": "score",
                "score": condition.score,
                "group": condition.group,
                "op": condition.op,
                "threshold": condition.value,
                "value": rounded(entry.score),
                "interval": [rounded(low), rounded(high)],
                "borderline": holds is BORDERLINE,
                "manager_only": [condition.score]
                if condition.score != "overall" and manager_alone(entry)
                else [],
                "text": f"{condition.score} ({condition.group}) is {entry.score:.1f} "
                f"({low:.1f}–{high:.1f}), "
                + (f"{words} {condition.value}." if holds else f"straddling {condition.value}."),
            }
        ]
    if isinstance(condition, BandCount):
        band = context.bands.get(condition.band)
        score_of = partial(_score_in, context, condition.group)
        sure, possible = [], []
        for competency in context.bank_competencies:
            entry = _group_score(context, competency, condition.group)
            if entry is None or entry.score is None or band is None:
                continue
            placed = sure_only_with_enough(_within(*_interval(entry), band), entry)
            if placed is True:
                sure.append(competency)
            if placed is not False:
                possible.append(competency)
        if len(possible) < condition.at_least:
            return False, []
        holds = True if len(sure) >= condition.at_least else BORDERLINE
        in_band = sorted(sure if holds else possible)
        return holds, [
            {
                "test": "band_count",
                "band": condition.band,
                "group": condition.group,
                "at_least": condition.at_least,
                "count": len(in_band),
                "competencies": in_band,
                "borderline": holds is BORDERLINE,
                "manager_only": manager_only(in_band, score_of),
                "text": f"{len(in_band)} {'competency' if len(in_band) == 1 else 'competencies'}"
                f" ({condition.group}) {'in' if holds else 'in or on the edge of'} band "
                f"{condition.band}: {', '.join(in_band)}.",
            }
        ]
    if isinstance(condition, AllOf):
        results, facts = [], []
        for entry in condition.conditions:
            holds, found = evaluate(entry, context)
            if holds is False:
                return False, []
            results.append(holds)
            facts.extend(found)
        return _combine_all(results), facts
    if isinstance(condition, AnyOf):
        results, held, open_facts = [], [], []
        for entry in condition.conditions:
            holds, found = evaluate(entry, context)
            results.append(holds)
            if holds is True:
                held.extend(found)
            elif holds is BORDERLINE:
                open_facts.extend(found)
        combined = _combine_any(results)
        # the facts that made it hold; only when nothing held, the ones on the edge
        facts = held if combined is True else open_facts if combined is BORDERLINE else []
        return combined, facts
    if isinstance(condition, Not):
        holds, found = evaluate(condition.condition, context)
        if holds is True:
            return False, []
        negated = condition_to_dict(condition.condition)
        if holds is BORDERLINE:
            return BORDERLINE, found
        return True, [{"test": "not", "condition": negated, "text": f"Not true: {negated}."}]
    raise ValueError(f"not a verdict condition: {condition!r}")


def evaluate_once(condition: Any, context: VerdictContext) -> tuple[bool | None, list[Fact]]:
    """`evaluate`, counting each buyer's answer once per verdict rule.

    When a red flag the rule tests is raised, decisive or not, the competencies its
    items are scored in are tested without buyers' answers: "two customers say the rep
    did not keep their word" and "follow-through in the gap band by the buyers' score"
    are the same answers to ``bf_kept_word``, one piece of evidence, not two — and a
    flag judged too thin to decide alone must not decide through its competency.
    """
    counted = frozenset(
        competency
        for flag_id in _flags_in(condition)
        if flag_id in context.flags
        for competency in context.flags[flag_id].competencies
    )
    if not counted:
        return evaluate(condition, context)
    return evaluate(condition, replace(context, counted=counted))


def _flags_in(condition: Any) -> list[str]:
    """The red flags a rule tests (not under a ``not``)."""
    if isinstance(condition, RedFlagRaised):
        return [condition.red_flag]
    if isinstance(condition, AllOf | AnyOf):
        return [flag for entry in condition.conditions for flag in _flags_in(entry)]
    return []


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
    opened: list[tuple[int, list[Fact]]] = []  # rules that might hold, in order
    for index, rule in enumerate(bank.rubric.verdicts):
        if rule.when is None:
            if not enough:
                break
            holds, facts = True, []
        else:
            holds, facts = evaluate_once(rule.when, context)
        if holds is BORDERLINE:
            opened.append((index, facts))
        elif holds:
            if not opened:
                return BankVerdict(bank.id, rule.verdict, index, rule.reason, tuple(facts), OK)
            between = tuple(
                dict.fromkeys([*(bank.rubric.verdicts[i].verdict for i, _ in opened), rule.verdict])
            )
            if len(between) == 1:  # every open rule gives the same verdict as this one
                return BankVerdict(bank.id, rule.verdict, index, rule.reason, tuple(facts), OK)
            first, reasons = opened[0]
            return BankVerdict(
                bank.id, None, first, None,
                tuple(fact for _, found in opened for fact in found),
                BORDERLINE_STATUS, between=between,
            )  # fmt: skip
    if opened:  # nothing definite after them: one of theirs, or none
        first, _ = opened[0]
        between = tuple(dict.fromkeys(bank.rubric.verdicts[i].verdict for i, _ in opened))
        return BankVerdict(
            bank.id, None, first, None,
            tuple(fact for _, found in opened for fact in found),
            BORDERLINE_STATUS, between=between,
        )  # fmt: skip
    return BankVerdict(bank.id, None, None, None, (), NOT_ENOUGH_DATA)


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
