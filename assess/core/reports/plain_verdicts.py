"""The verdict card as the rep's own copy says it: who rated what, in words.

The manager's copy keeps the technical card (``evidence``, ``verdict_cards``): whose
score, its value, its 90 % interval and the rule's cut. The rep reads the same facts
with none of that — "Transparency: rated low by buyers and your manager (the Gap
band)", "too close to call between worth coaching and ready" — and no count that
could tell them what a buyer answered (a red flag still gives the rule's threshold
only, as both copies do).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from assess.core.i18n import N_, gettext
from assess.core.reports.evidence import red_flag_evidence, verdict_evidence
from assess.core.reports.narrowing import BUYERS, MANAGER
from assess.core.reports.rubrics import Rubrics
from assess.core.reports.wording import names_list, number

_ = gettext

#: Who gave a score, as the rep's copy names them (N_: translated where shown).
RATED_BY = {
    "buyers": N_("your buyers"),
    "manager": N_("your manager"),
    "self": N_("you"),
    "combined": N_("buyers and your manager"),
}
#: Who a score rests on when it is the manager's few answers alone (`thin_evidence`).
MANAGER_ALONE = N_("your manager alone, on a few answers")

#: How a verdict is named inside a sentence ("between worth coaching and ready").
VERDICT_WORDS = {
    "ready": N_("ready"),
    "coach": N_("worth coaching"),
    "trust_risk": N_("trust risk"),
    "not_a_fit": N_("not a fit"),
    "borderline": N_("borderline"),
    None: N_("not enough evidence yet"),
}


def verdict_words(verdict: str | None) -> str:
    """A verdict as a sentence names it: its label in lower case ("worth coaching")."""
    return _(VERDICT_WORDS[verdict]) if verdict in VERDICT_WORDS else str(verdict)


def as_written(band: str) -> str:
    """A band id as the English cards print it ("the gap band"): the default
    `band_name` of the borderline cards."""
    return band


def rated_by(fact: Mapping[str, Any]) -> str:
    """Who gave the score a fact read: "your manager alone…" when it rests on the
    manager's few answers, never "buyers and your manager" then."""
    group = fact.get("group") or "combined"
    if fact.get("manager_only") and group in ("combined", "manager"):
        return _(MANAGER_ALONE)
    return _(RATED_BY.get(group, RATED_BY["combined"]))


def level(rubrics: Rubrics, competency_id: str, band: str | None) -> str:
    """ "low", "high" or "in the middle": a band by its place among the rubric's bands."""
    if rubrics.band_order(competency_id, band) == 0:
        return "low"
    if rubrics.is_top_band(competency_id, band):
        return "high"
    return "in the middle"


def rated_line(level_words: str, name: str, who: str, band: str) -> str:
    """ "Transparency: rated low by your buyers (the Gap band)." """
    values = {"name": name, "who": who, "band": band}
    if level_words == "low":
        return _("%(name)s: rated low by %(who)s (the %(band)s band).", **values)
    if level_words == "high":
        return _("%(name)s: rated high by %(who)s (the %(band)s band).", **values)
    return _("%(name)s: rated in the middle by %(who)s (the %(band)s band).", **values)


def rated_list(level_words: str, who: str, band: str, named: str, also: bool) -> str:
    """ "Rated low by your buyers (the Gap band): A and B." — "Also rated …" when a line
    above already named some of the band's competencies."""
    values = {"who": who, "band": band, "names": named}
    if also:
        if level_words == "low":
            return _("Also rated low by %(who)s (the %(band)s band): %(names)s.", **values)
        if level_words == "high":
            return _("Also rated high by %(who)s (the %(band)s band): %(names)s.", **values)
        return _("Also rated in the middle by %(who)s (the %(band)s band): %(names)s.", **values)
    if level_words == "low":
        return _("Rated low by %(who)s (the %(band)s band): %(names)s.", **values)
    if level_words == "high":
        return _("Rated high by %(who)s (the %(band)s band): %(names)s.", **values)
    return _("Rated in the middle by %(who)s (the %(band)s band): %(names)s.", **values)


def plain_fact(
    fact: Mapping[str, Any],
    rubrics: Rubrics,
    names: Mapping[str, str],
    bank_id: str = "",
    also: bool = False,
) -> str:
    """One fact behind a given verdict (other than a competency's band, which
    ``plain_evidence`` says once for every rater group), said to the rep without score
    names or cuts; `also` when a line above already named some of a band's competencies.

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
        return _(
            "%(label)s (%(evidence)s).", label=rubrics.red_flag_label(flag_id), evidence=evidence
        )
    if test == "band_count":
        listed = list(fact.get("competencies", []))
        first = listed[0] if listed else ""
        band = rubrics.band_label(first, fact.get("band")) if listed else fact.get("band", "")
        words = level(rubrics, first, fact.get("band"))
        named = names_list([names.get(c, c) for c in listed])
        return rated_list(words, who, band, named, also)
    if test == "score":
        if fact.get("score") == "overall":
            title = rubrics.subject(bank_id) if bank_id else ""
            what = _("%(title)s overall", title=title) if title else _("Your overall score")
        else:
            what = names.get(fact.get("score"), "")
        values = {
            "what": what,
            "who": who,
            "value": number(fact.get("value")),
            "threshold": number(fact.get("threshold")),
        }
        if fact.get("op") == "at_least":
            return _(
                "%(what)s, as %(who)s rated you: %(value)s of 100, at least %(threshold)s.",
                **values,
            )
        return _("%(what)s, as %(who)s rated you: %(value)s of 100, below %(threshold)s.", **values)
    return str(fact.get("text", ""))


def plain_evidence(
    verdict: Mapping[str, Any], given: str, rubrics: Rubrics, names: Mapping[str, str]
) -> tuple[list[str], list[str]]:
    """``evidence.verdict_evidence`` in the rep's words: (the rubric's reasons, plain
    facts). One line per competency and band, naming everyone who rated it so: the
    combined and the buyers' own score in one band are one thing to the rep, not two."""
    reasons, _unused = verdict_evidence(verdict, given, rubrics, names)
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
    combined = _(RATED_BY["combined"])
    for line in lines:
        if isinstance(line, Mapping):  # a band count: each competency is named once
            band = line.get("band", "")
            rest = [c for c in line.get("competencies", []) if (c, band) not in rated]
            if not rest:
                continue
            said = len(rest) < len(line.get("competencies", []))
            line = plain_fact({**line, "competencies": rest}, rubrics, names, also=said)
        if isinstance(line, tuple):
            competency, band = line
            first, *others = dict.fromkeys(rated[line])
            who = _("%(who)s together", who=first) if others and first == combined else first
            for other in others:
                who = _("%(who)s, and by %(other)s on their own", who=who, other=other)
            words = level(rubrics, competency, band)
            label = rubrics.band_label(competency, band)
            line = rated_line(words, names.get(competency, competency), who, label)
        if line and line not in evidence:
            evidence.append(line)
    return reasons, evidence


def plain_between(between: list[str]) -> str:
    """ "worth coaching and ready": the verdicts still open, for "between … "."""
    return names_list([verdict_words(verdict) for verdict in between])


#: What settles a borderline card, as the rep's headline ends (`narrowing.what_narrows`).
PLAIN_SETTLED_BY = {
    frozenset({BUYERS}): N_("a few more answers from your buyers will settle it."),
    frozenset({MANAGER}): N_(
        "what your manager sees of your work before the next round will settle it."
    ),
    frozenset({BUYERS, MANAGER}): N_(
        "a few more answers from your buyers, and what your "
        "manager sees of your work before the next round, will settle it."
    ),
}
#: The borderline card's paragraph in the rep's copy; a second sentence when some of
#: the open scores rest on the manager alone, so the rep does not wait for buyers.
PLAIN_PARAGRAPH = N_(
    "Your answers so far do not point to one verdict, so none is given yet. Below: what "
    "is still too close to call."
)
MANAGER_SETTLES = N_(
    "Some of it rests on your manager's review alone (buyers are not asked about it), "
    "so more buyers would not settle that part."
)


def plain_borderline_fact(
    fact: Mapping[str, Any],
    names: Mapping[str, str],
    bank: str,
    band_name: Callable[[str], str] = as_written,
) -> str:
    """One score too close to a verdict's line, said without its interval or the cut."""
    who = rated_by(fact)
    if fact.get("test") == "red_flag":
        raised = red_flag_evidence(fact.get("roles") or [], fact.get("min_raters"))
        return _(
            "A red flag %(raised)s: too few answers so far for it to decide a verdict on its own.",
            raised=raised,
        )
    if fact.get("test") == "competency_band":
        name = names.get(fact.get("competency"), fact.get("competency"))
        return _(
            "%(name)s: too close to call whether %(who)s rated you in the %(band)s band.",
            name=name,
            who=who,
            band=band_name(str(fact.get("band"))),
        )
    if fact.get("score") == "overall":
        label = _("%(title)s overall", title=bank) if bank else _("Your overall score")
    else:
        label = names.get(fact.get("score"), "")
    return _(
        "%(what)s, as %(who)s rated you: too close to the line between two verdicts to call.",
        what=label,
        who=who,
    )


def plain_band_line(
    band: str,
    listed: list[str],
    alone: set[str],
    group: str,
    names,
    band_name: Callable[[str], str] = as_written,
) -> str:
    """ "Could be in the gap band, as your buyers rated you: A and B." — naming the
    competencies rated by the manager's review alone apart, never "buyers and your
    manager" for those, and each competency once (page one has no room for a list
    said twice)."""
    named = names_list([names.get(c, c) for c in listed])
    thin = [competency for competency in listed if competency in alone]
    shown = band_name(band)
    if thin and len(thin) == len(listed):
        return _(
            "Could be in the %(band)s band, as your manager alone rated you: %(names)s.",
            band=shown,
            names=named,
        )
    who = _(RATED_BY.get(group, RATED_BY["combined"]))
    if not thin:
        return _(
            "Could be in the %(band)s band, as %(who)s rated you: %(names)s.",
            band=shown,
            who=who,
            names=named,
        )
    others = names_list([names.get(c, c) for c in listed if c not in alone])
    return _(
        "Could be in the %(band)s band: %(others)s, as %(who)s rated you; and %(thin)s, by "
        "your manager's review alone.",
        band=shown,
        others=others,
        who=who,
        thin=names_list([names.get(c, c) for c in thin]),
    )


def plain_close_calls(
    straddled, names: Mapping[str, str], band_name: Callable[[str], str] = as_written
) -> list[str]:
    """One line per band and rater group for the single competencies too close to call:
    "Too close to call whether your buyers rated you in the gap band: A and B." — one
    line instead of one per competency, so page one keeps room for the focus areas."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for fact, _bank in straddled:
        if fact.get("test") == "competency_band":
            named = grouped.setdefault((str(fact.get("band")), rated_by(fact)), [])
            name = names.get(fact.get("competency"), fact.get("competency"))
            if name not in named:
                named.append(name)
    return [
        _(
            "Too close to call whether %(who)s rated you in the %(band)s band: %(names)s.",
            who=who,
            band=band_name(band),
            names=names_list(named),
        )
        for (band, who), named in grouped.items()
    ]
