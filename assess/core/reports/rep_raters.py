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
from assess.core.reports.evidence import NOT_DECISIVE, red_flag_evidence
from assess.core.reports.rubrics import Rubrics
from assess.core.reports.wording import QUALITY_NOTES, ROLE_NOUNS, names_list, text_of
from assess.core.scoring.rules import MIN_FORCED_CHOICE_BLOCKS
from assess.core.text import plural

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
        return f"fewer than {minimum} buyer surveys"
    shown = [role for role in buyers.get("breakdown_roles", []) if counts.get(role)]
    parts = [f"{counts[role]} {ROLE_NOUNS[role][0 if counts[role] == 1 else 1]}" for role in shown]
    others = total - sum(counts[role] for role in shown)
    if parts and others:
        parts.append(plural(others, "other buyer"))
    surveys = plural(total, "buyer survey")
    return f"{surveys} ({names_list(parts)})" if parts else surveys


def raters_line(counts: Mapping[str, int], buyers: Mapping[str, Any] | None = None) -> str:
    """Who answered, e.g. "Based on 1 self-assessment, 1 manager review and …"."""
    parts = []
    if counts.get("self"):
        parts.append(plural(counts["self"], "self-assessment"))
    if counts.get("manager"):
        parts.append(plural(counts["manager"], "manager review"))
    from_buyers = buyer_surveys(counts, buyers or {})
    if from_buyers:
        parts.append(from_buyers)
    if not parts:
        return "No answers came back for this rep."
    return "Based on " + names_list(parts) + "."


def buyer_summary(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Whether buyers' answers are shown, and why not when too few answered."""
    buyers = payload["buyers"]
    raters, minimum = buyers.get("raters", 0), buyers.get("min_raters", DEFAULT_MINIMUM)
    shown = bool(buyers.get("shown"))
    withdrawn = bool(payload.get("buyer_comments_withdrawn"))
    if shown and withdrawn:
        note = (
            f"{plural(raters, 'buyer')} answered. Their comments were withdrawn after the "
            "round closed, when one of them asked for their answers to be deleted; their "
            "scores stay as they were issued."
        )
    elif shown:
        note = (
            f"{plural(raters, 'buyer')} answered. Their comments are shown as written, "
            "in no particular order, without names."
        )
    elif raters == 0:
        note = (
            f"No buyers answered; at least {minimum} are needed before their answers are "
            "shown, to keep them anonymous."
        )
    else:
        note = (
            f"Fewer than {minimum} buyers answered, so their answers are not shown: at "
            f"least {minimum} are needed to keep each of them anonymous."
        )
    if shown:
        count_label = plural(raters, "buyer")
    else:
        count_label = "no buyers" if raters == 0 else f"fewer than {minimum} buyers"
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
        who = (
            "The manager's review"
            if response.get("rater_role") == "manager"
            else f"The self-assessment ({rubrics.bank_title(response.get('bank_id', ''))})"
        )
        problems = [
            QUALITY_NOTES.get(flag.get("code"), flag.get("message", "")).rstrip(".")
            for flag in response["flags"]
        ]
        problems = list(dict.fromkeys(problems))
        counted = (
            "it is not in the score and gives no perception gap"
            if response.get("rater_role") == "self"
            else "it still counts in the score"
        )
        notes.append(f"{who} {names_list(problems)}. Read it with care; {counted}.")
    buyer_quality = payload.get("buyer_quality")
    if buyer_quality and buyer_quality.get("flagged") and payload["buyers"].get("shown"):
        codes = [
            QUALITY_NOTES.get(code, code.replace("_", " "))
            for code, count in sorted(buyer_quality.get("by_code", {}).items())
            if count
        ]
        notes.append(
            f"At least one buyer survey looked careless ({names_list(codes)}). Such "
            "surveys still count in every score; the report does not say which, or how many."
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
            evidence += "; " + NOT_DECISIVE.format(minimum=minimum)
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
    ("most", "Two thirds or more", 3),
    ("middle", "Between a third and two thirds", 2),
    ("few", "A third or fewer", 1),
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
        "label": words.lower(),
        "order": order,
        "sentence": (
            f"{words} of the {plural(answered, 'buyer')} who answered would recommend "
            f"{who} to a friend or colleague (9 or 10 out of 10)."
        ),
    }


def forced_choice_note(payload: Mapping[str, Any]) -> str | None:
    """A word on the self-ratings when the forced choices rank the competencies
    otherwise: the ratings may describe an ideal rather than habits. Nothing from fewer
    than ``MIN_FORCED_CHOICE_BLOCKS`` blocks, including in a snapshot scored before
    that rule: a faking warning resting on two choices cannot be trusted."""
    profile = payload.get("forced_choice") or {}
    if not profile.get("disagrees") or profile.get("blocks", 0) < MIN_FORCED_CHOICE_BLOCKS:
        return None
    return (
        "In the forced choices, where only one statement can be most like you, the "
        "competencies come in a different order from the self-ratings (rank correlation "
        f"{profile['agreement']:+.2f}): the self-ratings may describe an ideal more than "
        "everyday habits. Read the perception gaps with that in mind."
    )
