"""What would settle a borderline verdict: more buyers, or the manager seeing more.

A rep is borderline when a score's 90 % interval straddles a verdict rule's cut. "Ask
more buyers" is the right advice only when a straddling score rests on buyers' answers:
a competency buyers are not asked about is scored from the manager's review alone, and
no number of buyers narrows it. The reports and the owner's decisions say which.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

BUYERS = "buyers"
MANAGER = "manager"


def straddling_facts(verdict: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The verdict facts whose interval crosses a rule's cut."""
    return [
        fact
        for entry in verdict.get("by_bank", [])
        if entry.get("status") == "borderline"
        for fact in entry.get("facts", [])
        if fact.get("borderline")
    ]


def _fact_competencies(fact: Mapping[str, Any]) -> list[str]:
    if fact.get("test") == "band_count":
        return list(fact.get("competencies", []))
    if fact.get("competency"):
        return [fact["competency"]]
    score = fact.get("score")
    return [] if score in (None, "overall") else [score]


def what_narrows(
    verdict: Mapping[str, Any], not_asked_of_buyers: Collection[str]
) -> frozenset[str]:
    """Who could settle the straddling scores: BUYERS where a score rests on buyers'
    answers (their own, or a combined score of a competency they are asked about),
    MANAGER where it rests on the manager's review alone. Both when both."""
    needs = set()
    for fact in straddling_facts(verdict):
        group = fact.get("group", "combined")
        if group in (BUYERS, MANAGER):
            needs.add(group)
            continue
        # A combined score of a competency buyers are asked about moves with more
        # buyers; one they are not asked about rests on the manager alone. A count of
        # competencies near a band needs every one of them settled, so it names both
        # when it holds both kinds ("not a fit" resting on three manager-only scores
        # is not settled by buyers because a fourth competency in it is theirs).
        competencies = _fact_competencies(fact)
        if not competencies or any(c not in not_asked_of_buyers for c in competencies):
            needs.add(BUYERS)
        if any(c in not_asked_of_buyers for c in competencies):
            needs.add(MANAGER)
    return frozenset(needs or {BUYERS})
