"""Who rated the rep and how: the raters line, buyers' anonymity, careless answers, red flags.

The parts of the rep report that describe the answers rather than the scores. None of
them may single a buyer out (docs/anonymity.md): a buyer group below the anonymity
minimum is "fewer than 3", never "2"; a count is given for a buyer role only when the
engine would show that role's own score; careless buyer surveys and buyers' red flags
are worded without counts, so "3 of 3" never tells the rep what each buyer did.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.core.banks import BUYER_ROLES
from assess.core.i18n import N_, gettext, ngettext
from assess.core.reports.evidence import not_decisive, red_flag_evidence
from assess.core.reports.rubrics import Rubrics
from assess.core.reports.wording import (
    QUALITY_NOTES,
    decimal,
    names_list,
    role_count,
    text_of,
    whole_count,
)
from assess.core.scoring.rules import MIN_FORCED_CHOICE_BLOCKS

_ = gettext

DEFAULT_MINIMUM = 3  # when an old snapshot does not say how many buyers are needed


def buyer_surveys(counts: Mapping[str, int], buyers: Mapping[str, Any]) -> str:
    """How many buyer surveys came back, as much as anonymity allows ("" for none).

    Below the minimum: "fewer than 3 buyer surveys". At or above it: the number, and
    per role only for the roles whose own score may be shown (``breakdown_roles``).
    """
    total = sum(counts.get(role, 0) for role in BUYER_ROLES)
    minimum = buyers.get("min_raters", DEFAULT_MINIMUM)
    if not total:
        return ""
    if total < minimum:
        return _("fewer than %(num)s buyer surveys", num=minimum)
    shown = [role for role in buyers.get("breakdown_roles", []) if counts.get(role)]
    parts = [role_count(role, counts[role]) for role in shown]
    others = total - sum(counts[role] for role in shown)
    if parts and others:
        parts.append(
            ngettext("%(num)s other buyer", "%(num)s other buyers", others, num=whole_count(others))
        )
    if parts:
        return ngettext(
            "%(num)s buyer survey (%(parts)s)",
            "%(num)s buyer surveys (%(parts)s)",
            total,
            num=whole_count(total),
            parts=names_list(parts),
        )
    return ngettext("%(num)s buyer survey", "%(num)s buyer surveys", total, num=whole_count(total))


def raters_line(counts: Mapping[str, int], buyers: Mapping[str, Any] | None = None) -> str:
    """Who answered, e.g. "Based on 1 self-assessment, 1 manager review and …"."""
    parts = []
    if counts.get("self"):
        parts.append(role_count("self", counts["self"]))
    if counts.get("manager"):
        reviews = counts["manager"]
        parts.append(
            ngettext(
                "%(num)s manager review",
                "%(num)s manager reviews",
                reviews,
                num=whole_count(reviews),
            )
        )
    from_buyers = buyer_surveys(counts, buyers or {})
    if from_buyers:
        parts.append(from_buyers)
    if not parts:
        return _("No answers came back for this rep.")
    return _("Based on %(parts)s.", parts=names_list(parts))


def buyer_summary(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Whether buyers' answers are shown, and why not when too few answered."""
    buyers = payload["buyers"]
    raters, minimum = buyers.get("raters", 0), buyers.get("min_raters", DEFAULT_MINIMUM)
    shown = bool(buyers.get("shown"))
    withdrawn = bool(payload.get("buyer_comments_withdrawn"))
    if shown and withdrawn:
        note = ngettext(
            "%(num)s buyer answered. Their comments were withdrawn after the round closed, "
            "when one of them asked for their answers to be deleted; their scores stay as "
            "they were issued.",
            "%(num)s buyers answered. Their comments were withdrawn after the round closed, "
            "when one of them asked for their answers to be deleted; their scores stay as "
            "they were issued.",
            raters,
            num=whole_count(raters),
        )
    elif shown:
        note = ngettext(
            "%(num)s buyer answered. Their comments are shown as written, in no particular "
            "order, without names.",
            "%(num)s buyers answered. Their comments are shown as written, in no particular "
            "order, without names.",
            raters,
            num=whole_count(raters),
        )
    elif raters == 0:
        note = _(
            "No buyers answered; at least %(num)s are needed before their answers are "
            "shown, to keep them anonymous.",
            num=minimum,
        )
    else:
        note = _(
            "Fewer than %(num)s buyers answered, so their answers are not shown: at "
            "least %(num)s are needed to keep each of them anonymous.",
            num=minimum,
        )
    if shown:
        count_label = ngettext("%(num)s buyer", "%(num)s buyers", raters, num=whole_count(raters))
    else:
        count_label = _("no buyers") if raters == 0 else _("fewer than %(num)s buyers", num=minimum)
    if shown and payload.get("buyer_comments_held_back"):
        note += " " + _(
            "Comments written in a survey's language that fewer than %(num)s buyers "
            "answered in are left out: the language would tell who wrote them.",
            num=minimum,
        )
    return {
        "shown": shown,
        "raters": raters if shown else None,
        "count_label": count_label,
        "min_raters": minimum,
        "note": note,
        # identical comments once: three copies of "Pushy" would count the raters
        "comments": list(dict.fromkeys(payload.get("buyer_comments", []))) if shown else [],
        "comments_withdrawn": withdrawn,
    }


def quality_notes(
    payload: Mapping[str, Any], rubrics: Rubrics, reader: str = "manager"
) -> list[str]:
    """One note per careless-looking response, and what follows from it.

    Buyers' surveys get one note without counts ("3 of 3 looked careless" would
    describe each of them). A note on the manager's own review is for the manager's
    copy: the rep's copy never quotes a flag on how their manager answered.
    """
    notes = []
    for response in payload.get("quality", []):
        if not response.get("flags"):
            continue
        if reader == "rep" and response.get("rater_role") == "manager":
            continue
        problems = [
            _(QUALITY_NOTES[flag.get("code")])
            if flag.get("code") in QUALITY_NOTES
            else flag.get("message", "").rstrip(".")
            for flag in response["flags"]
        ]
        problems = names_list(list(dict.fromkeys(problems)))
        if response.get("rater_role") == "manager":
            notes.append(
                _(
                    "The manager's review %(problems)s. Read it with care; it still counts in "
                    "the score.",
                    problems=problems,
                )
            )
            continue
        title = rubrics.bank_title(response.get("bank_id", ""))
        if response.get("rater_role") == "self":
            notes.append(
                _(
                    "The self-assessment (%(survey)s) %(problems)s. Read it with care; it is "
                    "not in the score and gives no perception gap.",
                    survey=title,
                    problems=problems,
                )
            )
        else:
            notes.append(
                _(
                    "The self-assessment (%(survey)s) %(problems)s. Read it with care; it "
                    "still counts in the score.",
                    survey=title,
                    problems=problems,
                )
            )
    buyer_quality = payload.get("buyer_quality")
    if buyer_quality and buyer_quality.get("flagged") and payload["buyers"].get("shown"):
        codes = [
            _(QUALITY_NOTES[code]) if code in QUALITY_NOTES else code.replace("_", " ")
            for code, count in sorted(buyer_quality.get("by_code", {}).items())
            if count
        ]
        notes.append(
            _(
                "At least one buyer survey looked careless (%(problems)s). Such surveys still "
                "count in every score; the report does not say which, or how many.",
                problems=names_list(codes),
            )
        )
    return notes


def red_flag_rows(payload: Mapping[str, Any], rubrics: Rubrics) -> list[dict[str, str]]:
    """Each raised red flag with who raised it (for buyers: the rule's threshold only)."""
    flags = []
    min_buyers = (payload.get("buyers") or {}).get("min_raters") or 3
    for flag in payload.get("red_flags", []):
        evidence = red_flag_evidence(flag.get("roles") or [], flag.get("min_raters"))
        if flag.get("decisive") is False:  # snapshots from before the rule say nothing
            minimum = max(min_buyers, flag.get("min_raters") or 0)
            evidence = _("%(raised)s; %(rule)s", raised=evidence, rule=not_decisive(minimum))
        flags.append(
            {
                "label": text_of(flag.get("label"), rubrics.locale),
                "evidence": evidence[0].upper() + evidence[1:] + ".",
            }
        )
    return flags


#: The referral share is said as one of three bands, never as a count or a percentage,
#: highest first in the team table: (id, words, order). Each band holds at least two
#: counts from 3 answers on — the lowest one always holds 1 as well as 0, the highest
#: n − 1 as well as n — so no band means "none" or "all" and no buyer's own answer can
#: be read off it, whoever else's the reader knows.
REFERRAL_BANDS = (
    ("most", N_("Two thirds or more"), 3),
    ("middle", N_("Between a third and two thirds"), 2),
    ("few", N_("A third or fewer"), 1),
)
#: Below 3 answers even a band would say what each buyer answered ("a third or fewer"
#: of 2 is none of them), whatever the bank's own anonymity minimum.
REFERRAL_BANDS_FROM = 3


def referral_band(answered: int, would: int) -> tuple[str, str, int]:
    """(band id, words, order) of `would` recommending out of `answered`: "A third or
    fewer" up to and including a third, "Two thirds or more" from two thirds, "Between
    a third and two thirds" strictly between (counted in whole numbers, so 1 of 3 is a
    third, 2 of 3 two thirds).

    Examples
    --------
    >>> [referral_band(3, would)[0] for would in range(4)]
    ['few', 'few', 'most', 'most']
    >>> [referral_band(7, would)[0] for would in range(8)]
    ['few', 'few', 'few', 'middle', 'middle', 'most', 'most', 'most']
    """
    if answered < REFERRAL_BANDS_FROM or not 0 <= would <= answered:
        raise ValueError(
            f"a referral band needs at least {REFERRAL_BANDS_FROM} answers and 0 to "
            f"{answered} who would recommend, got {would} of {answered}"
        )
    if 3 * would <= answered:
        return REFERRAL_BANDS[2]
    if 3 * would >= 2 * answered:
        return REFERRAL_BANDS[0]
    return REFERRAL_BANDS[1]


def referral(payload: Mapping[str, Any] | None, who: str = "the rep") -> dict[str, Any] | None:
    """The buyers' referral outcome in a band (`referral_band`), with how many answered;
    None when it may not be shown (fewer buyers answered it than the minimum, or than
    ``REFERRAL_BANDS_FROM``, or no buyer survey asked it): the one number the product
    grew from, "would they send you their friends?". Neither the count nor the share is
    ever printed (docs/anonymity.md)."""
    found = ((payload or {}).get("buyers") or {}).get("referral")
    if not found or (found.get("answered") or 0) < REFERRAL_BANDS_FROM:
        return None
    answered = found["answered"]
    band, words, order = referral_band(answered, found["would_refer"])
    return {
        "answered": answered,
        "band": band,
        "label": _(words).lower(),
        "order": order,
        "sentence": referral_sentence(band, answered, who),
    }


def referral_sentence(band: str, answered: int, who: str) -> str:
    """ "Two thirds or more of the 6 buyers who answered would recommend you to a friend
    or colleague (9 or 10 out of 10)." — `who` is "you" (the rep's report, said to the
    rep) or the rep as the team report names them."""
    values = {"num": whole_count(answered), "who": who}
    if who == "you":
        if band == "most":
            return ngettext(
                "Two thirds or more of the %(num)s buyer who answered would recommend you to "
                "a friend or colleague (9 or 10 out of 10).",
                "Two thirds or more of the %(num)s buyers who answered would recommend you to "
                "a friend or colleague (9 or 10 out of 10).",
                answered,
                **values,
            )
        if band == "middle":
            return ngettext(
                "Between a third and two thirds of the %(num)s buyer who answered would "
                "recommend you to a friend or colleague (9 or 10 out of 10).",
                "Between a third and two thirds of the %(num)s buyers who answered would "
                "recommend you to a friend or colleague (9 or 10 out of 10).",
                answered,
                **values,
            )
        return ngettext(
            "A third or fewer of the %(num)s buyer who answered would recommend you to a "
            "friend or colleague (9 or 10 out of 10).",
            "A third or fewer of the %(num)s buyers who answered would recommend you to a "
            "friend or colleague (9 or 10 out of 10).",
            answered,
            **values,
        )
    if band == "most":
        return ngettext(
            "Two thirds or more of the %(num)s buyer who answered would recommend %(who)s to "
            "a friend or colleague (9 or 10 out of 10).",
            "Two thirds or more of the %(num)s buyers who answered would recommend %(who)s to "
            "a friend or colleague (9 or 10 out of 10).",
            answered,
            **values,
        )
    if band == "middle":
        return ngettext(
            "Between a third and two thirds of the %(num)s buyer who answered would "
            "recommend %(who)s to a friend or colleague (9 or 10 out of 10).",
            "Between a third and two thirds of the %(num)s buyers who answered would "
            "recommend %(who)s to a friend or colleague (9 or 10 out of 10).",
            answered,
            **values,
        )
    return ngettext(
        "A third or fewer of the %(num)s buyer who answered would recommend %(who)s to a "
        "friend or colleague (9 or 10 out of 10).",
        "A third or fewer of the %(num)s buyers who answered would recommend %(who)s to a "
        "friend or colleague (9 or 10 out of 10).",
        answered,
        **values,
    )


def forced_choice_note(payload: Mapping[str, Any]) -> str | None:
    """A word on the self-ratings when the forced choices rank the competencies
    otherwise: the ratings may describe an ideal rather than habits. Nothing from fewer
    than ``MIN_FORCED_CHOICE_BLOCKS`` blocks, including in a snapshot scored before
    that rule: a faking warning resting on two choices cannot be trusted."""
    profile = payload.get("forced_choice") or {}
    if not profile.get("disagrees") or profile.get("blocks", 0) < MIN_FORCED_CHOICE_BLOCKS:
        return None
    return _(
        "In the forced choices, where only one statement can be most like you, the "
        "competencies come in a different order from the self-ratings (rank correlation "
        "%(agreement)s): the self-ratings may describe an ideal more than everyday habits. "
        "Read the perception gaps with that in mind.",
        agreement=decimal(profile["agreement"], 2, sign=True),
    )
