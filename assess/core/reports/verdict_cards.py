"""The verdict card of a rep without a verdict: what evidence is missing, or which
verdicts the scores' margins of error leave open (and the words the team report
shares with it). The cards speak to the rep, as the whole rep report does; the team
report's words about a rep (``missing_words``) stay in the third person."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from assess.core.reports.evidence import NOT_DECISIVE, red_flag_evidence
from assess.core.reports.narrowing import BUYERS, MANAGER, what_narrows
from assess.core.reports.plain_verdicts import (
    MANAGER_SETTLES,
    PLAIN_PARAGRAPH,
    PLAIN_SETTLED_BY,
    plain_band_line,
    plain_between,
    plain_borderline_fact,
    plain_close_calls,
)
from assess.core.reports.wording import VERDICT_LABELS, names_list, number


def missing_words(missing: list[Mapping[str, Any]], rep: str) -> tuple[list[str], list[str]]:
    """(what a verdict still needs, how to get it) in words, one entry per need; the
    number of buyers who did answer is never said (below the minimum it is a count
    that identifies)."""
    needs, steps = [], []
    order = {"manager_review": 0, "buyers": 1, "buyer_coverage": 2}
    for entry in sorted(missing, key=lambda entry: order.get(entry.get("what"), 2)):
        if entry.get("what") == "manager_review":
            needs.append(f"the manager's review of {rep}")
            steps.append(f"the manager completes the review of {rep} on the round's board")
        elif entry.get("what") == "buyers":
            at_least = entry.get("at_least") or 3
            needs.append(f"answers from at least {at_least} buyers")
            steps.append(
                f"{rep}'s buyers are asked (“Ask a buyer” on the board) until {at_least} answer"
            )
        elif entry.get("what") == "buyer_coverage":
            needs.append("buyers' answers on at least half of what the survey measures")
            steps.append("more of the buyers answer the whole survey")
    return needs, steps


def your_missing_words(missing: list[Mapping[str, Any]]) -> tuple[list[str], list[str]]:
    """``missing_words`` said to the rep: (what a verdict still needs, how to get it)."""
    needs, steps = [], []
    order = {"manager_review": 0, "buyers": 1, "buyer_coverage": 2}
    for entry in sorted(missing, key=lambda entry: order.get(entry.get("what"), 2)):
        if entry.get("what") == "manager_review":
            needs.append("your manager's review")
            steps.append("your manager completes it")
        elif entry.get("what") == "buyers":
            at_least = entry.get("at_least") or 3
            needs.append(f"answers from at least {at_least} of your buyers")
            steps.append(f"more of your buyers are asked, until {at_least} answer")
        elif entry.get("what") == "buyer_coverage":
            needs.append("buyers' answers on at least half of what the survey measures")
            steps.append("more of your buyers answer the whole survey")
    return needs, steps


def evidence_missing_card(missing: list[Mapping[str, Any]]) -> dict[str, Any]:
    """The verdict card of a rep without the evidence a verdict rests on: what is
    missing and how to get it, and no verdict — however good the self-assessment."""
    needs, steps = your_missing_words(missing)
    return {
        "id": None,
        "label": "Not enough evidence yet",
        "headline": "No verdict for you yet: not enough evidence.",
        "reasons": [],
        "evidence": [],
        "paragraph": (
            "A verdict rests on what others saw of you, not on your self-assessment alone. "
            f"It still needs {names_list(needs)}. It comes once {names_list(steps)}."
        ),
    }


def between_words(between: list[str]) -> str:
    """ "worth coaching or not a fit" — the verdicts still open, in words."""
    labels = [VERDICT_LABELS.get(verdict, verdict).lower() for verdict in between]
    return names_list(labels).replace(" and ", " or ")


#: "Could be in the gap band, by the buyers' scores": whose scores a band count read.
BY_WHOSE = {
    "buyers": ", by the buyers' own scores",
    "manager": ", by the manager's scores",
    "combined": ", by the scores of the manager and buyers together",
}


#: The most reasons a borderline card lists on page one; the rest are summed up in a
#: line (each competency's page shows its interval), so the card never pushes the
#: things to work on off page one.
MAX_EVIDENCE = 4


def capped(lines) -> list[str]:
    """The card's reasons, at most `MAX_EVIDENCE`, the last naming how many more."""
    lines = list(lines)
    if len(lines) <= MAX_EVIDENCE:
        return lines
    more = len(lines) - (MAX_EVIDENCE - 1)
    return [
        *lines[: MAX_EVIDENCE - 1],
        f"And {more} more scores close to a rule's line: each competency's page shows how close.",
    ]


def band_count_line(
    band: str, group: str, listed: list[str], alone: set[str], names: Mapping[str, str]
) -> str:
    """ "Could be in the gap band, by …: A and B." — whose scores put `listed` in a band:
    the manager's review alone where buyers are not asked (never "the manager and
    buyers together" for those), each competency named once."""
    thin = [competency for competency in listed if competency in alone]
    named = names_list([names.get(c, c) for c in listed])
    if thin and len(thin) == len(listed):
        return f"Could be in the {band} band, by the manager's review alone: {named}."
    if not thin:
        return f"Could be in the {band} band{BY_WHOSE.get(group, '')}: {named}."
    others = names_list([names.get(c, c) for c in listed if c not in alone])
    thin_named = names_list([names.get(c, c) for c in thin])
    return (
        f"Could be in the {band} band: {others}{BY_WHOSE.get(group, '')}; and {thin_named}, "
        "by the manager's review alone."
    )


#: Whose score a verdict fact tested, as the report names it.
WHOSE = {"buyers": "buyers' score", "manager": "manager's score", "self": "own rating"}


def borderline_fact(
    fact: Mapping[str, Any], names: Mapping[str, str], bank: str = "", min_buyers: int = 3
) -> str:
    """One straddled cut in words, with the interval behind it — naming which score
    it is, so page one never shows two unlabelled numbers for one thing. A red flag
    that is not decisive says what it would need, never how many raised it."""
    if fact.get("test") == "red_flag":
        who = red_flag_evidence(fact.get("roles") or [], fact.get("min_raters"))
        minimum = max(min_buyers, fact.get("min_raters") or 0)
        return f"A red flag {who}: " + NOT_DECISIVE.format(minimum=minimum) + "."
    low, high = (fact.get("interval") or [None, None])[:2]
    span = f"{number(low)}–{number(high)}" if low is not None else ""
    whose = WHOSE.get(fact.get("group", "combined"), "score")
    if fact.get("test") == "band_count":
        listed = names_list([names.get(c, c) for c in fact.get("competencies", [])])
        counted = fact.get("at_least")
        return f"Could be in the {fact.get('band')} band: {listed} (a rule counts {counted})."
    if fact.get("test") == "competency_band":
        name = names.get(fact.get("competency"), fact.get("competency"))
        edge = f"sits on the edge of the {fact.get('band')} band"
        return f"{name}, {whose} {number(fact.get('score'))} ({span}), {edge}."
    if fact.get("score") == "overall":
        label = f"{bank} overall, {whose}" if bank else f"Overall {whose}"
    else:
        label = f"{names.get(fact.get('score'), '')}, {whose}"
    cut = number(fact.get("threshold"))
    return f"{label} {number(fact.get('value'))} ({span}), straddles the cut at {cut}."


#: The borderline card's last sentence: what would settle it (`narrowing.what_narrows`).
SETTLED_BY = {
    frozenset({BUYERS}): "More buyers' answers narrow the intervals.",
    frozenset({MANAGER}): (
        "These scores rest on your manager's review alone (buyers are not asked about "
        "them), so more buyers would not settle it: what your manager sees of your work "
        "before the next round will."
    ),
    frozenset({BUYERS, MANAGER}): (
        "More buyers' answers narrow some of the intervals; the others rest on your "
        "manager's review alone (buyers are not asked about them), and only what your "
        "manager sees of your work before the next round can narrow those."
    ),
}


def borderline_card(
    verdict: Mapping[str, Any],
    names: Mapping[str, str],
    banks: Mapping[str, str] | None = None,
    not_asked_of_buyers: Collection[str] = (),
    min_buyers: int = 3,
    plain: bool = False,
) -> dict[str, Any]:
    """The verdict card of a rep whose scores sit across a verdict rule's cut: which
    verdicts are still open, and the scores that straddle, with their intervals — or,
    `plain` (the rep's copy), what is too close to call and what will settle it, in
    words without intervals or cuts (``plain_verdicts``)."""
    straddled = [
        (fact, (banks or {}).get(entry.get("bank_id"), ""))
        for entry in verdict.get("by_bank", [])
        if entry.get("status") == "borderline"
        for fact in entry.get("facts", [])
        if fact.get("borderline")
    ]
    # Several rules count competencies in one band; the rep reads one line per band
    # naming every competency that could be there, not one line per rule.
    # Whose scores they are is named: a competency may be a strength by the combined
    # score and on the edge of the gap band by the buyers' own.
    counted: dict[tuple[str, str], list[str]] = {}
    alone: set[str] = set()  # scored from the manager's review only
    for fact, _ in straddled:
        if fact.get("test") == "band_count":
            key = (fact.get("band", ""), fact.get("group", "combined"))
            band = counted.setdefault(key, [])
            band.extend(c for c in fact.get("competencies", []) if c not in band)
            alone.update(fact.get("manager_only", []))
    narrows = what_narrows(verdict, not_asked_of_buyers)
    if plain:
        return {
            "id": "borderline",
            "label": "Borderline",
            "headline": f"Too close to call yet between {plain_between(verdict['between'])}: "
            + PLAIN_SETTLED_BY[narrows],
            "reasons": [],
            "evidence": capped(
                dict.fromkeys(
                    [
                        plain_band_line(band, listed, alone, group, names)
                        for (band, group), listed in counted.items()
                    ]
                    + plain_close_calls(straddled, names)
                    + [
                        plain_borderline_fact(fact, names, bank)
                        for fact, bank in straddled
                        if fact.get("test") not in ("band_count", "competency_band")
                    ]
                )
            ),
            "paragraph": PLAIN_PARAGRAPH + (MANAGER_SETTLES if MANAGER in narrows else ""),
        }
    facts = [
        band_count_line(band, group, listed, alone, names)
        for (band, group), listed in counted.items()
    ] + [
        borderline_fact(fact, names, bank, min_buyers)
        for fact, bank in straddled
        if fact.get("test") != "band_count"
    ]
    return {
        "id": "borderline",
        "label": "Borderline",
        "headline": (
            f"You are on the line: {between_words(verdict['between'])}."
            if len(verdict["between"]) < 3
            else "Too close to call yet: your scores are consistent with "
            f"{len(verdict['between'])} verdicts ({between_words(verdict['between'])})."
        ),
        "reasons": [],
        "evidence": capped(dict.fromkeys(facts)),
        "paragraph": (
            "The margins of error of your scores cover more than one verdict, so none is "
            "given: the scores below sit across a rule's cut within their 90 % "
            "intervals. " + SETTLED_BY[narrows]
        ),
    }
