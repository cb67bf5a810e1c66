"""How far a borderline rep's evidence reaches into a verdict still open for them.

A borderline rep's verdict is open because some score's 90 % interval straddles a cut
(docs/scoring.md, "Cuts are met only when the interval clears them"). Straddling says
nothing about how far: an interval of 44–81 against a cut at 50 has a sixth of its
width past the cut, one of 40–66 two fifths. The team report's headline counts a rep
as one who "could be" a trust risk only when the evidence reaches the verdict
*meaningfully* (`reaches_verdict`):

* a score test (a competency in a band, a score below or at least a value, a count of
  competencies in a band) reaches when at least ``REACH_SHARE`` — a third — of the
  score's 90 % interval lies on the verdict's side of the cut. For a symmetric interval
  that is a true score past the cut with a chance of about 3 in 10 or more (the point
  estimate at most 0.55 standard errors short of the cut); less is the noise of the
  measurement, not a lead. A count of competencies reaches when as many competencies
  as the rule counts reach the band so;
* a raised red flag reaches — buyers did say it; it is open only because it rests on
  too few answers to decide alone — and so does a test that holds for sure (one
  resting on the manager's few answers alone, `thin_evidence`, is open with its whole
  interval in the band);
* the rubric's ``all`` needs every part to reach, ``any`` one; a ``not`` cannot be
  measured as a reach past a cut, and counts as reaching, as does a bank the round's
  rubrics do not hold: where the reach cannot be read, the report keeps the cautious
  "could be".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from assess.core.banks import (
    AllOf,
    AnyOf,
    BandCount,
    Bank,
    CompetencyInBand,
    RedFlagRaised,
    ScoreTest,
)
from assess.core.reports.rubrics import Rubrics

#: The share of a score's 90 % interval that must lie past a verdict's cut for the
#: verdict to count as within reach (see the module docstring).
REACH_SHARE = 1 / 3

Fact = Mapping[str, Any]


def share_within(interval: Iterable[float], low: float, high: float) -> float:
    """The share of `interval` that lies in [`low`, `high`]; for an interval of no
    width (a score without a standard error), 1 when it is inside and 0 otherwise.

    Examples
    --------
    >>> round(share_within([43.73, 81.27], 0, 50), 3)
    0.167
    """
    start, end = interval
    if end <= start:
        return 1.0 if low <= start <= high else 0.0
    inside = min(end, high) - max(start, low)
    return max(0.0, inside) / (end - start)


def reaches_verdict(payload: Mapping[str, Any], rubrics: Rubrics, verdict: str) -> bool:
    """Whether a borderline rep's evidence reaches `verdict` meaningfully: in some bank
    still open on `verdict`, one of the rubric's rules giving it reaches (module
    docstring). False when no bank has `verdict` open.

    Meant for a verdict a rule gives on its own evidence (``trust_risk``,
    ``not_a_fit``); an unconditional last rule (``ready``) is open because the rules
    before it are, and counts as reaching.

    Examples
    --------
    A rep between trust risk and coaching whose only open trust-risk test is buyer
    first in the gap band (below 50) at 62.5, interval 43.7–81.3: a sixth of the
    interval is past the cut, so False.
    """
    open_banks = [
        entry
        for entry in (payload.get("verdict") or {}).get("by_bank") or []
        if verdict in (entry.get("between") or [])
    ]
    if not open_banks:
        # the rep's verdict names it open, yet no bank does: a payload this code cannot
        # read the reach from, so the cautious reading stands
        return verdict in ((payload.get("verdict") or {}).get("between") or [])
    for entry in open_banks:
        bank = rubrics.banks.get(entry.get("bank_id", ""))
        if bank is None:
            return True
        facts = entry.get("facts") or []
        for rule in bank.rubric.verdicts:
            if rule.verdict == verdict and _reaches(rule.when, bank, facts, payload):
                return True
    return False


def _reaches(condition: Any, bank: Bank, facts: list[Fact], payload: Mapping[str, Any]) -> bool:
    """Whether `condition` (a rule's ``when``; None: the unconditional last rule) reaches,
    read from the facts the scoring engine kept for the open bank."""
    if condition is None:
        return True
    if isinstance(condition, AllOf):
        return all(_reaches(part, bank, facts, payload) for part in condition.conditions)
    if isinstance(condition, AnyOf):
        return any(_reaches(part, bank, facts, payload) for part in condition.conditions)
    if isinstance(condition, RedFlagRaised):
        return _fact(facts, test="red_flag", red_flag=condition.red_flag) is not None
    if isinstance(condition, CompetencyInBand):
        fact = _fact(
            facts,
            test="competency_band",
            competency=condition.competency,
            group=condition.group,
            band=condition.band,
        )
        return fact is not None and (
            not fact.get("borderline") or _in_band(fact.get("interval"), bank, condition.band)
        )
    if isinstance(condition, ScoreTest):
        fact = _fact(
            facts,
            test="score",
            score=condition.score,
            group=condition.group,
            op=condition.op,
            threshold=condition.value,
        )
        if fact is None or not fact.get("borderline"):
            return fact is not None
        low, high = (0, condition.value) if condition.op == "below" else (condition.value, 100)
        return _reach(fact.get("interval"), low, high)
    if isinstance(condition, BandCount):
        fact = _fact(
            facts,
            test="band_count",
            band=condition.band,
            group=condition.group,
            at_least=condition.at_least,
        )
        if fact is None or not fact.get("borderline"):
            return fact is not None
        reaching = [
            competency
            for competency in fact.get("competencies") or []
            if _in_band(_interval_of(payload, competency, condition.group), bank, condition.band)
        ]
        return len(reaching) >= condition.at_least
    return True  # `not`, or a condition this module does not know: cannot be measured


def _fact(facts: list[Fact], **fields: Any) -> Fact | None:
    """The fact the scoring engine kept for one test of a rule, by what it tested."""
    for fact in facts:
        if all(fact.get(key) == value for key, value in fields.items()):
            return fact
    return None


def _in_band(interval: Iterable[float] | None, bank: Bank, band_id: str) -> bool:
    """Whether at least `REACH_SHARE` of `interval` lies in `bank`'s band `band_id`."""
    for band in bank.rubric.bands:
        if band.id == band_id:
            return _reach(interval, band.min, band.max)
    return True  # a band the rubric does not name: cannot be measured


def _reach(interval: Iterable[float] | None, low: float, high: float) -> bool:
    if not interval:
        return True  # a fact without an interval (a snapshot before intervals)
    return share_within(interval, low, high) >= REACH_SHARE


def _interval_of(payload: Mapping[str, Any], competency: str, group: str) -> list[float] | None:
    """A competency's 90 % interval for a rater group in the rep's payload."""
    for entry in payload.get("competencies") or []:
        if entry.get("id") == competency:
            scores = (
                entry.get("combined")
                if group == "combined"
                else (entry.get("groups") or {}).get(group)
            )
            return (scores or {}).get("interval")
    return None
