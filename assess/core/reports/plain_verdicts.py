"""The verdict card as the rep's own copy says it: who rated what, in words.

The manager's copy keeps the technical card (``evidence``, ``verdict_cards``): whose
score, its value, its 90 % interval and the rule's cut. The rep reads the same facts
with none of that — "Transparency: rated low by buyers and your manager (the Gap
band)", "too close to call between worth coaching and ready" — and no count that
could tell them what a buyer answered (a red flag still gives the rule's threshold
only, as both copies do).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.core.reports.evidence import red_flag_evidence, verdict_evidence
from assess.core.reports.narrowing import BUYERS, MANAGER
from assess.core.reports.rubrics import Rubrics
from assess.core.reports.wording import VERDICT_LABELS, names_list, number

#: Who gave a score, as the rep's copy names them.
RATED_BY = {
    "buyers": "your buyers",
    "manager": "your manager",
    "self": "you",
    "combined": "buyers and your manager",
}
#: Who a score rests on when it is the manager's few answers alone (`thin_evidence`).
MANAGER_ALONE = "your manager alone, on a few answers"


def rated_by(fact: Mapping[str, Any]) -> str:
    """Who gave the score a fact read: "your manager alone…" when it rests on the
    manager's few answers, never "buyers and your manager" then."""
    group = fact.get("group") or "combined"
    if fact.get("manager_only") and group in ("combined", "manager"):
        return MANAGER_ALONE
    return RATED_BY.get(group, RATED_BY["combined"])


def level(rubrics: Rubrics, competency_id: str, band: str | None) -> str:
    """ "low", "high" or "in the middle": a band by its place among the rubric's bands."""
    if rubrics.band_order(competency_id, band) == 0:
        return "low"
    if rubrics.is_top_band(competency_id, band):
        return "high"
    return "in the middle"


def plain_fact(
    fact: Mapping[str, Any], rubrics: Rubrics, names: Mapping[str, str], bank_id: str = ""
) -> str:
    """One fact behind a given verdict (other than a competency's band, which
    ``plain_evidence`` says once for every rater group), said to the rep without score
    names or cuts.

    Examples
    --------
    "Rated low by your buyers (the Gap band): Transparency and Listening."
    """
    test = fact.get("test")
    who = rated_by(fact)
    if test == "red_flag":
        flag_id = fact.get("red_flag", "")
        threshold = fact.get("min_raters") or rubrics.red_flag_min_raters(flag_id)
        evidence = red_flag_evidence(fact.get("roles") or [], threshold)
        return f"{rubrics.red_flag_label(flag_id)} ({evidence})."
    if test == "band_count":
        listed = list(fact.get("competencies", []))
        first = listed[0] if listed else ""
        band = rubrics.band_label(first, fact.get("band")) if listed else fact.get("band", "")
        words = level(rubrics, first, fact.get("band"))
        named = names_list([names.get(c, c) for c in listed])
        return f"Rated {words} by {who} (the {band} band): {named}."
    if test == "score":
        if fact.get("score") == "overall":
            title = rubrics.subject(bank_id) if bank_id else ""
            what = f"{title} overall" if title else "Your overall score"
        else:
            what = names.get(fact.get("score"), "")
        words = "at least" if fact.get("op") == "at_least" else "below"
        threshold = number(fact.get("threshold"))
        return (
            f"{what}, as {who} rated you: {number(fact.get('value'))} of 100, {words} {threshold}."
        )
    return str(fact.get("text", ""))


def plain_evidence(
    verdict: Mapping[str, Any], given: str, rubrics: Rubrics, names: Mapping[str, str]
) -> tuple[list[str], list[str]]:
    """``evidence.verdict_evidence`` in the rep's words: (the rubric's reasons, plain
    facts). One line per competency and band, naming everyone who rated it so: the
    combined and the buyers' own score in one band are one thing to the rep, not two."""
    reasons, _ = verdict_evidence(verdict, given, rubrics, names)
    lines: list[str | tuple[str, str]] = []
    rated: dict[tuple[str, str], list[str]] = {}
    for entry in verdict.get("by_bank", []):
        if entry.get("verdict") != given:
            continue
        for fact in entry.get("facts", []):
            if fact.get("test") == "competency_band":
                key = (fact.get("competency", ""), fact.get("band", ""))
                if key not in rated:
                    lines.append(key)
                rated.setdefault(key, []).append(rated_by(fact))
            elif fact.get("test") == "band_count":
                lines.append(fact)  # said last: without what a line above already said
            else:
                lines.append(plain_fact(fact, rubrics, names, entry.get("bank_id", "")))
    evidence = []
    for line in lines:
        if isinstance(line, Mapping):  # a band count: each competency is named once
            band = line.get("band", "")
            rest = [c for c in line.get("competencies", []) if (c, band) not in rated]
            if not rest:
                continue
            said = len(rest) < len(line.get("competencies", []))
            line = plain_fact({**line, "competencies": rest}, rubrics, names)
            line = "Also r" + line[1:] if said else line
        if isinstance(line, tuple):
            competency, band = line
            first, *others = dict.fromkeys(rated[line])
            who = first + (" together" if others and first == RATED_BY["combined"] else "")
            who += "".join(f", and by {other} on their own" for other in others)
            words = level(rubrics, competency, band)
            label = rubrics.band_label(competency, band)
            line = (
                f"{names.get(competency, competency)}: rated {words} by {who} (the {label} band)."
            )
        if line and line not in evidence:
            evidence.append(line)
    return reasons, evidence


def plain_between(between: list[str]) -> str:
    """ "worth coaching and ready": the verdicts still open, for "between … "."""
    return names_list([VERDICT_LABELS.get(verdict, verdict).lower() for verdict in between])


#: What settles a borderline card, as the rep's headline ends (`narrowing.what_narrows`).
PLAIN_SETTLED_BY = {
    frozenset({BUYERS}): "a few more answers from your buyers will settle it.",
    frozenset({MANAGER}): "what your manager sees of your work before the next round "
    "will settle it.",
    frozenset({BUYERS, MANAGER}): "a few more answers from your buyers, and what your "
    "manager sees of your work before the next round, will settle it.",
}
#: The borderline card's paragraph in the rep's copy; a second sentence when some of
#: the open scores rest on the manager alone, so the rep does not wait for buyers.
PLAIN_PARAGRAPH = (
    "Your answers so far do not point to one verdict, so none is given yet. Below: what "
    "is still too close to call."
)
MANAGER_SETTLES = (
    " Some of it rests on your manager's review alone (buyers are not asked about it), "
    "so more buyers would not settle that part."
)


def plain_borderline_fact(fact: Mapping[str, Any], names: Mapping[str, str], bank: str) -> str:
    """One score too close to a verdict's line, said without its interval or the cut."""
    who = rated_by(fact)
    if fact.get("test") == "red_flag":
        raised = red_flag_evidence(fact.get("roles") or [], fact.get("min_raters"))
        return f"A red flag {raised}: too few answers so far for it to decide a verdict on its own."
    if fact.get("test") == "competency_band":
        name = names.get(fact.get("competency"), fact.get("competency"))
        return f"{name}: too close to call whether {who} rated you in the {fact.get('band')} band."
    if fact.get("score") == "overall":
        label = f"{bank} overall" if bank else "Your overall score"
    else:
        label = names.get(fact.get("score"), "")
    return f"{label}, as {who} rated you: too close to the line between two verdicts to call."


def plain_band_line(band: str, listed: list[str], alone: set[str], group: str, names) -> str:
    """ "Could be in the gap band, as your buyers rated you: A and B." — naming the
    competencies rated by the manager's review alone apart, never "buyers and your
    manager" for those, and each competency once (page one has no room for a list
    said twice)."""
    named = names_list([names.get(c, c) for c in listed])
    thin = [competency for competency in listed if competency in alone]
    if thin and len(thin) == len(listed):
        return f"Could be in the {band} band, as your manager alone rated you: {named}."
    who = RATED_BY.get(group, RATED_BY["combined"])
    if not thin:
        return f"Could be in the {band} band, as {who} rated you: {named}."
    others = names_list([names.get(c, c) for c in listed if c not in alone])
    return (
        f"Could be in the {band} band: {others}, as {who} rated you; and "
        f"{names_list([names.get(c, c) for c in thin])}, by your manager's review alone."
    )


def plain_close_calls(straddled, names: Mapping[str, str]) -> list[str]:
    """One line per band and rater group for the single competencies too close to call:
    "Too close to call whether your buyers rated you in the gap band: A and B." — one
    line instead of one per competency, so page one keeps room for the focus areas."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for fact, _ in straddled:
        if fact.get("test") == "competency_band":
            named = grouped.setdefault((str(fact.get("band")), rated_by(fact)), [])
            name = names.get(fact.get("competency"), fact.get("competency"))
            if name not in named:
                named.append(name)
    return [
        f"Too close to call whether {who} rated you in the {band} band: {names_list(named)}."
        for (band, who), named in grouped.items()
    ]
