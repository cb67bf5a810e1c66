"""Who rated the rep and how: the raters line, buyers' anonymity, careless answers, red flags.

The parts of the rep report that describe the answers rather than the scores. Each
says counts only, never who answered what: a buyer's answers appear only in aggregate
and only once enough buyers answered.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.core.banks import BUYER_ROLES
from assess.core.reports.evidence import raters_noun
from assess.core.reports.rubrics import Rubrics
from assess.core.reports.wording import QUALITY_NOTES, ROLE_NOUNS, names_list, plural, text_of


def raters_line(counts: Mapping[str, int]) -> str:
    """Who answered, e.g. "Based on 1 self-assessment, 1 manager review and …"."""
    parts = []
    if counts.get("self"):
        parts.append(plural(counts["self"], "self-assessment"))
    if counts.get("manager"):
        parts.append(plural(counts["manager"], "manager review"))
    buyer_parts = [
        f"{counts[role]} {ROLE_NOUNS[role][0 if counts[role] == 1 else 1]}"
        for role in BUYER_ROLES
        if counts.get(role)
    ]
    buyers = sum(counts.get(role, 0) for role in BUYER_ROLES)
    if buyers:
        parts.append(f"{plural(buyers, 'buyer survey')} ({names_list(buyer_parts)})")
    if not parts:
        return "No answers came back for this rep."
    return "Based on " + names_list(parts) + "."


def buyer_summary(payload: Mapping[str, Any]) -> dict[str, Any]:
    """Whether buyers' answers are shown, and why not when too few answered."""
    buyers = payload["buyers"]
    raters, minimum = buyers.get("raters", 0), buyers.get("min_raters", 3)
    shown = bool(buyers.get("shown"))
    if shown:
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
        verb = "buyer" if raters == 1 else "buyers"
        note = (
            f"Only {raters} {verb} answered; at least {minimum} are needed before their "
            "answers are shown, to keep them anonymous."
        )
    comments = list(payload.get("buyer_comments", [])) if shown else []
    return {
        "shown": shown,
        "raters": raters,
        "min_raters": minimum,
        "note": note,
        "comments": comments,
    }


def quality_notes(payload: Mapping[str, Any], rubrics: Rubrics) -> list[str]:
    """One note per careless-looking response: it still counts, so say so."""
    notes = []
    for response in payload.get("quality", []):
        if not response.get("flags"):
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
        notes.append(f"{who} {names_list(problems)}. Read it with care; it still counts.")
    buyer_quality = payload.get("buyer_quality")
    if buyer_quality and buyer_quality.get("flagged"):
        codes = [
            QUALITY_NOTES.get(code, code.replace("_", " "))
            for code, count in sorted(buyer_quality.get("by_code", {}).items())
            if count
        ]
        notes.append(
            f"{buyer_quality['flagged']} of {plural(buyer_quality['responses'], 'buyer survey')} "
            f"looked careless ({names_list(codes)}). They still count in every score."
        )
    return notes


def red_flag_rows(payload: Mapping[str, Any], rubrics: Rubrics) -> list[dict[str, str]]:
    """Each raised red flag with its counts (never who matched)."""
    flags = []
    for flag in payload.get("red_flags", []):
        flags.append(
            {
                "label": text_of(flag.get("label"), rubrics.locale),
                "evidence": f"{flag['matched']} of {flag['out_of']} "
                f"{raters_noun(flag.get('roles') or [])} matched; "
                f"the rule needs {flag['min_raters']}.",
            }
        )
    return flags
