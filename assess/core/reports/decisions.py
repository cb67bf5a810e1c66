"""The owner's three decisions for this month, from rules applied in a fixed order.

1. trust risks → keep them away from referrals and key accounts;
2. reps without the evidence for a verdict → get it (nothing is decided about them);
   reps on a verdict's cut (borderline) → more buyers before any decision;
3. the biggest shared gap → the team's coaching focus (only when some rep is assessed:
   self-ratings alone choose no focus);
3. reps who are not a fit → a dated decision;
4. the worst disagreement in the alignment survey → seat those two teams together on it;
5. ready reps → the best leads, and coaching others;
6. otherwise → re-assess to confirm.

Each rule reads the finished team view-model (never the raw scores), so a decision
can only say what the report itself shows. The first three rules that apply are kept;
the last always applies, so there are always three.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from assess.core.reports.wording import names_list, number

DECISIONS = 3
NAMES_IN_A_DECISION = 6  # more names than this become "… and N others"

Decision = dict[str, str]


def _decision(rule: str, title: str, why: str) -> Decision:
    return {"rule": rule, "title": title, "why": why}


def _named(names: list[str]) -> str:
    return names_list(names, limit=NAMES_IN_A_DECISION)


def _with_verdict(view: Mapping[str, Any], verdict: str) -> list[str]:
    return [row["name"] for row in view["ranking"] if row["verdict"] == verdict]


def _trust_risk(view: Mapping[str, Any], blunt: bool) -> Decision | None:
    if not view["trust_names"]:
        return None
    who = _named(view["trust_names"])
    return _decision(
        "trust_risk",
        f"Take {who} off referrals and key accounts."
        if blunt
        else f"Pair {who} with a manager on every referral and key account.",
        "What buyers say raises a trust problem (the evidence is under “Trust risks”). "
        "Hand accounts back once a manager has sat in on their next five buyer meetings "
        "and the next round raises no red flag.",
    )


def _evidence(view: Mapping[str, Any], blunt: bool) -> Decision | None:
    missing = view.get("not_assessed") or []
    if not missing:
        return None
    who = _named([row["name"] for row in missing])
    return _decision(
        "evidence",
        f"Get the evidence for a verdict on {who} before deciding anything about them."
        if blunt
        else f"Complete the picture of {who} before any decision about them.",
        "A verdict needs the manager's review and answers from enough buyers; what "
        "each of them still needs is listed with their name.",
    )


def _borderline(view: Mapping[str, Any], blunt: bool) -> Decision | None:
    """More buyers for the reps whose open scores rest on buyers' answers; a look at the
    rep's work for those whose open scores rest on the manager's review alone, where
    more buyers would change nothing (`narrowing.what_narrows`). Each rep named once."""
    open_reps = view.get("borderline") or []
    if not open_reps:
        return None

    def needs(row: Mapping[str, Any]) -> frozenset[str]:
        return frozenset(row.get("narrowed_by") or {"buyers"})

    groups = {
        kind: _named([row["name"] for row in open_reps if needs(row) == kind])
        for kind in (
            frozenset({"buyers"}),
            frozenset({"buyers", "manager"}),
            frozenset({"manager"}),
        )
    }
    ask, both, watch = groups.values()
    parts = []
    if ask:
        parts.append(
            f"ask more buyers about {ask}" if blunt else f"gather more buyers' views of {ask}"
        )
    if both:
        parts.append(
            f"{'also ' if ask else ''}ask more buyers about {both} and watch them at work again"
        )
    if watch:
        parts.append(f"watch {watch} at work again")
    title = "; ".join(parts)
    title = (
        title[0].upper()
        + title[1:]
        + (" before any decision about them." if blunt else " before deciding.")
    )
    why = (
        "Their scores sit on a verdict's cut within the margin of error; each is named "
        "with the verdicts still open."
    )
    if both or watch:
        why += (
            " An open score that rests on the manager's review alone (buyers are not "
            "asked about it) is not settled by more buyers: a ride-along or the next "
            "round settles it."
        )
    return _decision("borderline", title, why)


def _shared_gap(view: Mapping[str, Any], blunt: bool) -> Decision | None:
    gap = view["shared_gap"]
    if not gap or len(view.get("not_assessed") or []) == len(view["ranking"]):
        return None
    first = gap["actions"][0] if gap["actions"] else ""
    return _decision(
        "shared_gap",
        f"Make “{gap['name']}” the whole team's coaching focus this month."
        if blunt
        else f"Choose “{gap['name']}” as this month's team coaching theme.",
        gap["sentence"] + (f" Start with: {first}" if first else ""),
    )


def _not_a_fit(view: Mapping[str, Any], blunt: bool) -> Decision | None:
    misfits = _with_verdict(view, "not_a_fit")
    if not misfits:
        return None
    who = _named(misfits)
    return _decision(
        "not_a_fit",
        f"Decide on {who} within 60 days: a written plan with a clear bar, or a different role."
        if blunt
        else f"Agree a 60-day development plan with {who}, with a clear goal.",
        "Their gaps run across most of the consultative skills; coaching alone is "
        "unlikely to close them.",
    )


def _alignment(view: Mapping[str, Any], blunt: bool) -> Decision | None:
    section = next((section for section in view["alignment"] if section["disagreements"]), None)
    if section is None:
        return None
    worst = section["disagreements"][0]
    # the pair that disagrees: in a three-group area the widest gap could be chance
    widest = worst.get("disagreeing") or worst.get("widest")
    if widest is None:
        return None
    first, second = widest["between"]
    scores = " and ".join(f"{side} {number(worst['by_side'][side])}" for side in (first, second))
    return _decision(
        "alignment",
        f"Seat {first} and {second} together on “{worst['name']}”."
        if blunt
        else f"Bring {first} and {second} together to agree on “{worst['name']}”.",
        f"The two teams see it {abs(widest['shown_gap'] or 0)} points apart "
        f"({scores}). {section['sentence']}".strip(),
    )


def _ready(view: Mapping[str, Any], blunt: bool) -> Decision | None:
    ready = [row for row in view["ranking"] if row["verdict"] == "ready"]
    if not ready:
        return None
    who = _named([row["name"] for row in ready])
    gap = view["shared_gap"]
    coaches: list[str] = []
    if gap and gap["name"] in view["heat_columns"]:
        column = view["heat_columns"].index(gap["name"])
        coaches = [row["name"] for row in ready if row["cells"][column][1] == "strength"]
    topic = f" {_named(coaches)} can coach the others on “{gap['name']}”." if coaches else ""
    weakest = "; ".join(
        f"{row['name']}: {row['weakest']}" for row in ready[:NAMES_IN_A_DECISION] if row["weakest"]
    )
    return _decision(
        "ready",
        f"Give the best leads to {who}." if blunt else f"Route the best leads to {who}.",
        "Ready by the rubric's rules on what their manager and buyers saw."
        + (f" Weakest competency — {weakest}." if weakest else "")
        + topic,
    )


def _reassess(view: Mapping[str, Any], blunt: bool) -> Decision:
    return _decision(
        "reassess",
        "Run the next round in three months to check the coaching worked.",
        "The same questions, the same raters: the trend section will show what moved.",
    )


RULES: tuple[Callable[[Mapping[str, Any], bool], Decision | None], ...] = (
    _trust_risk,
    _evidence,
    _borderline,
    _shared_gap,
    _not_a_fit,
    _alignment,
    _ready,
    _reassess,
)


def three_decisions(view: Mapping[str, Any], tone: str) -> list[Decision]:
    """The first three decisions whose rule applies to the team `view`, worded in `tone`."""
    blunt = tone != "diplomatic"
    applied = (rule(view, blunt) for rule in RULES)
    return [decision for decision in applied if decision is not None][:DECISIONS]
