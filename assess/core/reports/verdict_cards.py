"""The verdict card of a rep without a verdict: what evidence is missing, or which
verdicts the scores' margins of error leave open (and the words the team report
shares with it). The cards speak to the rep, as the whole rep report does; the team
report's words about a rep (``missing_words``) stay in the third person."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from assess.core.i18n import N_, gettext, ngettext
from assess.core.reports.evidence import not_decisive, red_flag_evidence
from assess.core.reports.narrowing import BUYERS, MANAGER, what_narrows
from assess.core.reports.plain_verdicts import (
    MANAGER_SETTLES,
    PLAIN_PARAGRAPH,
    PLAIN_SETTLED_BY,
    as_written,
    plain_band_line,
    plain_between,
    plain_borderline_fact,
    plain_close_calls,
    verdict_words,
)
from assess.core.reports.wording import VERDICT_LABELS, either_list, names_list, number

_ = gettext


def missing_words(missing: list[Mapping[str, Any]], rep: str) -> tuple[list[str], list[str]]:
    """(what a verdict still needs, how to get it) in words, one entry per need; the
    number of buyers who did answer is never said (below the minimum it is a count
    that identifies)."""
    needs, steps = [], []
    order = {"manager_review": 0, "buyers": 1, "buyer_coverage": 2}
    for entry in sorted(missing, key=lambda entry: order.get(entry.get("what"), 2)):
        if entry.get("what") == "manager_review":
            needs.append(_("the manager's review of %(rep)s", rep=rep))
            steps.append(
                _("the manager completes the review of %(rep)s on the round's board", rep=rep)
            )
        elif entry.get("what") == "buyers":
            at_least = entry.get("at_least") or 3
            needs.append(_("answers from at least %(num)s buyers", num=at_least))
            steps.append(
                _(
                    "%(rep)s's buyers are asked (“Ask a buyer” on the board) until %(num)s answer",
                    rep=rep,
                    num=at_least,
                )
            )
        elif entry.get("what") == "buyer_coverage":
            needs.append(_("buyers' answers on at least half of what the survey measures"))
            steps.append(_("more of the buyers answer the whole survey"))
    return needs, steps


def your_missing_words(missing: list[Mapping[str, Any]]) -> tuple[list[str], list[str]]:
    """``missing_words`` said to the rep: (what a verdict still needs, how to get it)."""
    needs, steps = [], []
    order = {"manager_review": 0, "buyers": 1, "buyer_coverage": 2}
    for entry in sorted(missing, key=lambda entry: order.get(entry.get("what"), 2)):
        if entry.get("what") == "manager_review":
            needs.append(_("your manager's review"))
            steps.append(_("your manager completes it"))
        elif entry.get("what") == "buyers":
            at_least = entry.get("at_least") or 3
            needs.append(_("answers from at least %(num)s of your buyers", num=at_least))
            steps.append(_("more of your buyers are asked, until %(num)s answer", num=at_least))
        elif entry.get("what") == "buyer_coverage":
            needs.append(_("buyers' answers on at least half of what the survey measures"))
            steps.append(_("more of your buyers answer the whole survey"))
    return needs, steps


def evidence_missing_card(missing: list[Mapping[str, Any]]) -> dict[str, Any]:
    """The verdict card of a rep without the evidence a verdict rests on: what is
    missing and how to get it, and no verdict — however good the self-assessment."""
    needs, steps = your_missing_words(missing)
    return {
        "id": None,
        "label": _(VERDICT_LABELS[None]),
        "headline": _("No verdict for you yet: not enough evidence."),
        "reasons": [],
        "evidence": [],
        "paragraph": _(
            "A verdict rests on what others saw of you, not on your self-assessment alone. "
            "It still needs %(needs)s. It comes once %(steps)s.",
            needs=names_list(needs),
            steps=names_list(steps),
        ),
    }


def between_words(between: list[str]) -> str:
    """ "worth coaching or not a fit" — the verdicts still open, in words."""
    return either_list([verdict_words(verdict) for verdict in between])


#: "Could be in the gap band, by the buyers' scores": whose scores a band count read.
BY_WHOSE = {
    "buyers": N_(", by the buyers' own scores"),
    "manager": N_(", by the manager's scores"),
    "combined": N_(", by the scores of the manager and buyers together"),
}


def by_whose(group: str) -> str:
    return _(BY_WHOSE[group]) if group in BY_WHOSE else ""


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
        ngettext(
            "And %(num)s more score close to a rule's line: each competency's page shows how "
            "close.",
            "And %(num)s more scores close to a rule's line: each competency's page shows how "
            "close.",
            more,
        ),
    ]


def band_count_line(
    band: str,
    group: str,
    listed: list[str],
    alone: set[str],
    names: Mapping[str, str],
    band_name: Callable[[str], str] = as_written,
) -> str:
    """ "Could be in the gap band, by …: A and B." — whose scores put `listed` in a band:
    the manager's review alone where buyers are not asked (never "the manager and
    buyers together" for those), each competency named once."""
    thin = [competency for competency in listed if competency in alone]
    named = names_list([names.get(c, c) for c in listed])
    shown = band_name(band)
    if thin and len(thin) == len(listed):
        return _(
            "Could be in the %(band)s band, by the manager's review alone: %(names)s.",
            band=shown,
            names=named,
        )
    if not thin:
        return _(
            "Could be in the %(band)s band%(whose)s: %(names)s.",
            band=shown,
            whose=by_whose(group),
            names=named,
        )
    others = names_list([names.get(c, c) for c in listed if c not in alone])
    thin_named = names_list([names.get(c, c) for c in thin])
    return _(
        "Could be in the %(band)s band: %(others)s%(whose)s; and %(thin)s, by the manager's "
        "review alone.",
        band=shown,
        others=others,
        whose=by_whose(group),
        thin=thin_named,
    )


#: Whose score a verdict fact tested, as the report names it.
WHOSE = {"buyers": N_("buyers' score"), "manager": N_("manager's score"), "self": N_("own rating")}


def borderline_fact(
    fact: Mapping[str, Any],
    names: Mapping[str, str],
    bank: str = "",
    min_buyers: int = 3,
    band_name: Callable[[str], str] = as_written,
) -> str:
    """One straddled cut in words, with the interval behind it — naming which score
    it is, so page one never shows two unlabelled numbers for one thing. A red flag
    that is not decisive says what it would need, never how many raised it."""
    if fact.get("test") == "red_flag":
        who = red_flag_evidence(fact.get("roles") or [], fact.get("min_raters"))
        minimum = max(min_buyers, fact.get("min_raters") or 0)
        return _("A red flag %(raised)s: %(rule)s.", raised=who, rule=not_decisive(minimum))
    low, high = (fact.get("interval") or [None, None])[:2]
    span = f"{number(low)}–{number(high)}" if low is not None else ""
    group = fact.get("group", "combined")
    whose = _(WHOSE[group]) if group in WHOSE else _("score")
    if fact.get("test") == "band_count":
        listed = names_list([names.get(c, c) for c in fact.get("competencies", [])])
        return _(
            "Could be in the %(band)s band: %(names)s (a rule counts %(count)s).",
            band=band_name(str(fact.get("band"))),
            names=listed,
            count=fact.get("at_least"),
        )
    if fact.get("test") == "competency_band":
        name = names.get(fact.get("competency"), fact.get("competency"))
        return _(
            "%(name)s, %(whose)s %(score)s (%(span)s), sits on the edge of the %(band)s band.",
            name=name,
            whose=whose,
            score=number(fact.get("score")),
            span=span,
            band=band_name(str(fact.get("band"))),
        )
    if fact.get("score") == "overall":
        if bank:
            label = _("%(title)s overall, %(whose)s", title=bank, whose=whose)
        else:
            label = _("Overall %(whose)s", whose=whose)
    else:
        label = _("%(what)s, %(whose)s", what=names.get(fact.get("score"), ""), whose=whose)
    return _(
        "%(what)s %(value)s (%(span)s), straddles the cut at %(cut)s.",
        what=label,
        value=number(fact.get("value")),
        span=span,
        cut=number(fact.get("threshold")),
    )


#: The borderline card's last sentence: what would settle it (`narrowing.what_narrows`).
SETTLED_BY = {
    frozenset({BUYERS}): N_("More buyers' answers narrow the intervals."),
    frozenset({MANAGER}): N_(
        "These scores rest on your manager's review alone (buyers are not asked about "
        "them), so more buyers would not settle it: what your manager sees of your work "
        "before the next round will."
    ),
    frozenset({BUYERS, MANAGER}): N_(
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
    band_name: Callable[[str], str] = as_written,
) -> dict[str, Any]:
    """The verdict card of a rep whose scores sit across a verdict rule's cut: which
    verdicts are still open, and the scores that straddle, with their intervals — or,
    `plain` (the rep's copy), what is too close to call and what will settle it, in
    words without intervals or cuts (``plain_verdicts``). `band_name` names a band by
    its id ("gap", as the English cards print it; another language its rubric label)."""
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
    for fact, _bank in straddled:
        if fact.get("test") == "band_count":
            key = (fact.get("band", ""), fact.get("group", "combined"))
            band = counted.setdefault(key, [])
            band.extend(c for c in fact.get("competencies", []) if c not in band)
            alone.update(fact.get("manager_only", []))
    narrows = what_narrows(verdict, not_asked_of_buyers)
    if plain:
        paragraph = _(PLAIN_PARAGRAPH)
        if MANAGER in narrows:
            paragraph += " " + _(MANAGER_SETTLES)
        return {
            "id": "borderline",
            "label": _(VERDICT_LABELS["borderline"]),
            "headline": _(
                "Too close to call yet between %(verdicts)s: %(settled)s",
                verdicts=plain_between(verdict["between"]),
                settled=_(PLAIN_SETTLED_BY[narrows]),
            ),
            "reasons": [],
            "evidence": capped(
                dict.fromkeys(
                    [
                        plain_band_line(band, listed, alone, group, names, band_name)
                        for (band, group), listed in counted.items()
                    ]
                    + plain_close_calls(straddled, names, band_name)
                    + [
                        plain_borderline_fact(fact, names, bank, band_name)
                        for fact, bank in straddled
                        if fact.get("test") not in ("band_count", "competency_band")
                    ]
                )
            ),
            "paragraph": paragraph,
        }
    facts = [
        band_count_line(band, group, listed, alone, names, band_name)
        for (band, group), listed in counted.items()
    ] + [
        borderline_fact(fact, names, bank, min_buyers, band_name)
        for fact, bank in straddled
        if fact.get("test") != "band_count"
    ]
    between = between_words(verdict["between"])
    return {
        "id": "borderline",
        "label": _(VERDICT_LABELS["borderline"]),
        "headline": (
            _("You are on the line: %(verdicts)s.", verdicts=between)
            if len(verdict["between"]) < 3
            else _(
                "Too close to call yet: your scores are consistent with %(num)s verdicts "
                "(%(verdicts)s).",
                num=len(verdict["between"]),
                verdicts=between,
            )
        ),
        "reasons": [],
        "evidence": capped(dict.fromkeys(facts)),
        "paragraph": _(
            "The margins of error of your scores cover more than one verdict, so none is "
            "given: the scores below sit across a rule's cut within their %(level)s intervals.",
            level="90 %",
        )
        + " "
        + _(SETTLED_BY[narrows]),
    }
