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
from assess.core.reports.rubrics import Rubrics
from assess.core.reports.wording import (
    GROUP_LABELS,
    ROLE_NOUNS,
    names_list,
    number,
    text_of,
)
from assess.core.scoring.rules import REFERENCE_ITEMS
from assess.core.text import plural

#: How a competency-band fact names the rater group whose score it read.
WHOSE_SCORE = {"Self": "own rating", "Manager": "manager's score", "Buyers": "buyers' score"}


#: Raters who are known people, and how a red flag they raised names them.
NAMED_RATERS = {"manager": "the manager's review", "self": "the self-assessment"}


def raters_noun(roles: list[str], count: int = 2) -> str:
    """The noun for the raters of a red flag: "referred buyers", "buyers" or "raters"."""
    if len(roles) == 1:
        nouns = ROLE_NOUNS.get(roles[0], ("rater", "raters"))
    elif roles and all(role in BUYER_ROLES for role in roles):
        nouns = ("buyer", "buyers")
    else:
        nouns = ("rater", "raters")
    return nouns[0 if count == 1 else 1]


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
        return "raised by " + names_list([NAMED_RATERS[role] for role in roles])
    if not min_raters:
        return f"raised by {raters_noun(roles)}"
    return f"raised by at least {min_raters} {raters_noun(roles, min_raters)}"


#: What a red flag needs before it decides a verdict alone (`flags.decisive`), in words.
NOT_DECISIVE = (
    "it rests on too few answers to decide a verdict alone: a buyers' red flag decides "
    "only when at least {minimum} of them raise it (and not every one of them), or when "
    "each raises it on two questions"
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
    many = len(competencies) > 1
    why = (
        f"buyers are not asked about {'them' if many else 'it'}"
        if all(c in rubrics.not_asked_of_buyers for c in competencies)
        else "too few buyers answered"
    )
    return (
        f"{listed[0].upper() + listed[1:]} {'rest' if many else 'rests'} on the manager's "
        f"review alone, on fewer than {REFERENCE_ITEMS} answers{' each' if many else ''} "
        f"({why}): one person's view, not confirmed by buyers."
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
        return f"{label} ({red_flag_evidence(fact.get('roles') or [], threshold)})."
    if test == "competency_band":
        competency = fact.get("competency", "")
        name = names.get(competency, competency)
        band = rubrics.band_label(competency, fact.get("band"))
        who = WHOSE_SCORE.get(group, "combined score")
        return f"{name}: {who} {number(fact.get('score'))}, in the {band} band."
    if test == "band_count":
        listed = [names.get(c, c) for c in fact.get("competencies", [])]
        band = fact.get("band", "")
        label = rubrics.band_label(fact.get("competencies", [""])[0], band) if listed else band
        counted = plural(fact.get("count", 0), "competency", "competencies")
        whose = "" if group == "Combined" else f" by the {WHOSE_SCORE.get(group, group)}"
        return f"{counted} in the {label} band{whose}: {names_list(listed)}."
    if test == "score":
        title = rubrics.subject(bank_id) if bank_id else ""
        if fact.get("score") == "overall":
            what = f"{title} overall" if title else "Overall score"
        else:
            what = names.get(fact.get("score"), "")
        if group != "Combined":
            what += f", {WHOSE_SCORE.get(group, group)}"
        words = "at least" if fact.get("op") == "at_least" else "below"
        return f"{what} {number(fact.get('value'))}, {words} {number(fact.get('threshold'))}."
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
