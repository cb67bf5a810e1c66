"""Why a verdict was given, in plain English: the rubric's reasons and the facts behind them.

Both reports explain verdicts the same way (the rep's own, and each trust risk in the
owner's report), so the wording lives here once. Facts are scores and rules only: a
red flag raised by buyers is worded with its rule's threshold ("raised by at least 2
referred buyers"), never with how many matched or were asked — "2 of 2" would tell the
rep what each of them answered (docs/anonymity.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.core.banks import BUYER_ROLES
from assess.core.i18n import N_, gettext, ngettext
from assess.core.reports.rubrics import Rubrics
from assess.core.reports.wording import (
    GROUP_LABELS,
    names_list,
    number,
    text_of,
)
from assess.core.scoring.rules import REFERENCE_ITEMS

_ = gettext

#: How a competency-band fact names the rater group whose score it read (N_: the
#: English keys are the group labels, the values are translated where shown).
WHOSE_SCORE = {
    "Self": N_("own rating"),
    "Manager": N_("manager's score"),
    "Buyers": N_("buyers' score"),
}
COMBINED_SCORE = N_("combined score")


#: The roles a red flag names by their own noun ("referred buyers").
NAMED_ROLES = ("prospect", "referral", "customer", "marketing")

#: Raters who are known people, and how a red flag they raised names them.
NAMED_RATERS = {"manager": N_("the manager's review"), "self": N_("the self-assessment")}


def raters_kind(roles: list[str]) -> str:
    """Which raters a red flag names: one role, "buyers" or "raters"."""
    if len(roles) == 1 and roles[0] in NAMED_ROLES:
        return roles[0]
    if roles and all(role in BUYER_ROLES for role in roles):
        return "buyers"
    return "raters"


def raised_by_some(kind: str) -> str:
    """ "raised by referred buyers": a red flag's raters without a threshold."""
    if kind == "prospect":
        return _("raised by prospects")
    if kind == "referral":
        return _("raised by referred buyers")
    if kind == "customer":
        return _("raised by customers")
    if kind == "marketing":
        return _("raised by marketers")
    if kind == "buyers":
        return _("raised by buyers")
    return _("raised by raters")


def raised_by_at_least(kind: str, minimum: int) -> str:
    """ "raised by at least 2 referred buyers": the rule's threshold, never a count."""
    if kind == "prospect":
        return ngettext(
            "raised by at least %(num)s prospect", "raised by at least %(num)s prospects", minimum
        )
    if kind == "referral":
        return ngettext(
            "raised by at least %(num)s referred buyer",
            "raised by at least %(num)s referred buyers",
            minimum,
        )
    if kind == "customer":
        return ngettext(
            "raised by at least %(num)s customer", "raised by at least %(num)s customers", minimum
        )
    if kind == "marketing":
        return ngettext(
            "raised by at least %(num)s marketer", "raised by at least %(num)s marketers", minimum
        )
    if kind == "buyers":
        return ngettext(
            "raised by at least %(num)s buyer", "raised by at least %(num)s buyers", minimum
        )
    return ngettext(
        "raised by at least %(num)s rater", "raised by at least %(num)s raters", minimum
    )


def red_flag_evidence(roles: list[str], min_raters: int | None) -> str:
    """Who raised a red flag, in words that single nobody out.

    A flag of named raters says whose review raised it. A flag of anonymous raters says
    the rule's threshold only, never how many matched nor how many answered.

    Examples
    --------
    ``(["referral"], 2)`` gives "raised by at least 2 referred buyers";
    ``(["manager"], 1)`` gives "raised by the manager's review".
    """
    if roles and all(role in NAMED_RATERS for role in roles):
        return _("raised by %(names)s", names=names_list([_(NAMED_RATERS[role]) for role in roles]))
    if not min_raters:
        return raised_by_some(raters_kind(roles))
    return raised_by_at_least(raters_kind(roles), min_raters)


def not_decisive(minimum: int) -> str:
    """What a red flag needs before it decides a verdict alone (`flags.decisive`), in
    words, with the buyers' minimum."""
    return _(
        "it rests on too few answers to decide a verdict alone: a buyers' red flag decides "
        "only when at least %(minimum)s of them raise it (and not every one of them), or when "
        "each raises it on two questions",
        minimum=minimum,
    )


def manager_only_words(competencies: list[str], rubrics: Rubrics, names: Mapping[str, str]) -> str:
    """That a verdict fact rests on the manager's review alone, on a few answers
    (`thin_evidence.manager_alone`): said beside the fact, never left for the reader to find.

    Examples
    --------
    "Qualifying and account growth rest on the manager's review alone, on fewer than 4
    answers each (buyers are not asked about them): one person's view, not confirmed
    by buyers."
    """
    if not competencies:
        return ""
    listed = names_list([names.get(c, c) for c in competencies])
    values = {"names": listed[0].upper() + listed[1:], "num": REFERENCE_ITEMS}
    many = len(competencies) > 1
    not_asked = all(c in rubrics.not_asked_of_buyers for c in competencies)
    if many and not_asked:
        return _(
            "%(names)s rest on the manager's review alone, on fewer than %(num)s answers each "
            "(buyers are not asked about them): one person's view, not confirmed by buyers.",
            **values,
        )
    if many:
        return _(
            "%(names)s rest on the manager's review alone, on fewer than %(num)s answers each "
            "(too few buyers answered): one person's view, not confirmed by buyers.",
            **values,
        )
    if not_asked:
        return _(
            "%(names)s rests on the manager's review alone, on fewer than %(num)s answers "
            "(buyers are not asked about it): one person's view, not confirmed by buyers.",
            **values,
        )
    return _(
        "%(names)s rests on the manager's review alone, on fewer than %(num)s answers "
        "(too few buyers answered): one person's view, not confirmed by buyers.",
        **values,
    )


def fact_sentence(
    fact: Mapping[str, Any], rubrics: Rubrics, names: Mapping[str, str], bank_id: str = ""
) -> str:
    """One verdict fact in plain English: what was counted, never who — and whose
    score, and which survey's overall, so no number on page one goes unlabelled; a
    fact resting on the manager's few answers alone says so."""
    sentence = _fact_words(fact, rubrics, names, bank_id)
    alone = manager_only_words(list(fact.get("manager_only") or []), rubrics, names)
    return f"{sentence} {alone}" if alone and sentence else sentence


def _fact_words(
    fact: Mapping[str, Any], rubrics: Rubrics, names: Mapping[str, str], bank_id: str
) -> str:
    test = fact.get("test")
    group = GROUP_LABELS.get(fact.get("group") or "combined", "Combined")
    if test == "red_flag":
        flag_id = fact.get("red_flag", "")
        label = rubrics.red_flag_label(flag_id)
        threshold = fact.get("min_raters") or rubrics.red_flag_min_raters(flag_id)
        evidence = red_flag_evidence(fact.get("roles") or [], threshold)
        return _("%(label)s (%(evidence)s).", label=label, evidence=evidence)
    if test == "competency_band":
        competency = fact.get("competency", "")
        name = names.get(competency, competency)
        band = rubrics.band_label(competency, fact.get("band"))
        who = _(WHOSE_SCORE.get(group, COMBINED_SCORE))
        return _(
            "%(name)s: %(whose)s %(score)s, in the %(band)s band.",
            name=name,
            whose=who,
            score=number(fact.get("score")),
            band=band,
        )
    if test == "band_count":
        listed = [names.get(c, c) for c in fact.get("competencies", [])]
        band = fact.get("band", "")
        label = rubrics.band_label(fact.get("competencies", [""])[0], band) if listed else band
        count = fact.get("count", 0)
        values = {"band": label, "names": names_list(listed)}
        if group == "Combined":
            return ngettext(
                "%(num)s competency in the %(band)s band: %(names)s.",
                "%(num)s competencies in the %(band)s band: %(names)s.",
                count,
                **values,
            )
        whose = WHOSE_SCORE.get(group)
        return ngettext(
            "%(num)s competency in the %(band)s band by the %(whose)s: %(names)s.",
            "%(num)s competencies in the %(band)s band by the %(whose)s: %(names)s.",
            count,
            whose=_(whose) if whose else _(group),
            **values,
        )
    if test == "score":
        title = rubrics.subject(bank_id) if bank_id else ""
        if fact.get("score") == "overall":
            what = _("%(title)s overall", title=title) if title else _("Overall score")
        else:
            what = names.get(fact.get("score"), "")
        if group != "Combined":
            whose = WHOSE_SCORE.get(group)
            what = _("%(what)s, %(whose)s", what=what, whose=_(whose) if whose else _(group))
        values = {
            "what": what,
            "value": number(fact.get("value")),
            "threshold": number(fact.get("threshold")),
        }
        if fact.get("op") == "at_least":
            return _("%(what)s %(value)s, at least %(threshold)s.", **values)
        return _("%(what)s %(value)s, below %(threshold)s.", **values)
    return str(fact.get("text", ""))


def verdict_evidence(
    verdict: Mapping[str, Any], given: str | None, rubrics: Rubrics, names: Mapping[str, str]
) -> tuple[list[str], list[str]]:
    """(reasons, evidence) of every bank whose verdict was `given`, each line once.

    `verdict` is a rep payload's ``verdict``; banks are read in its order, so the
    deciding bank's reason leads. Nothing is given for a rep without a verdict.
    """
    reasons: list[str] = []
    evidence: list[str] = []
    if given is None:
        return reasons, evidence
    for entry in verdict.get("by_bank", []):
        if entry.get("verdict") != given:
            continue
        reason = text_of(entry.get("reason"), rubrics.locale)
        if reason and reason not in reasons:
            reasons.append(reason)
        for fact in entry.get("facts", []):
            sentence = fact_sentence(fact, rubrics, names, entry.get("bank_id", ""))
            if sentence and sentence not in evidence:
                evidence.append(sentence)
    return reasons, evidence
