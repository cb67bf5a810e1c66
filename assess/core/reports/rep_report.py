"""The rep's coaching report: view-model built from ``ReportInputs`` alone.

``rep_view(inputs)`` returns a plain dict the template reads (shape below). Numbers
are the scoring snapshot's, shown as whole numbers; the tone only changes words.

Shape::

    meta        {organization, team, round, closed_on, title, subject, running, ...}
    rep         {name, id}
    verdict     {id, label, headline, reasons[str], evidence[str], paragraph}
    overall     {combined, self, manager, buyers: {score, band, band_label, raters}}
    raters_line str
    focus       [{id, name, score, band, band_label, why, action}]   # at most 3
    charts      {competencies, gaps, trend|None}: SVG strings
    perception  [{name, versus, self, other, gap, kind, kind_label}]
    competencies[{id, name, bank, score, band, band_label, meaning, measures,
                  views{self, manager, buyers}, percentile, actions[], exercise, note}]
    buyers      {shown, raters, min_raters, note, comments[str], by_role str}
    manager_comments [str]
    quality     [str]                 # response-quality notes, empty when none
    red_flags   [{label, evidence}]
    trend       None | {previous_round, overall{before, now, change},
                        verdict_before, verdict_now, rows[{name, before, now, change}]}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.core.banks import BUYER_ROLES
from assess.core.reports import charts
from assess.core.reports.inputs import ReportInputs
from assess.core.reports.wording import (
    GROUP_LABELS,
    QUALITY_NOTES,
    ROLE_NOUNS,
    VERDICT_LABELS,
    Rubrics,
    check_tone,
    meta,
    names_list,
    number,
    plural,
    shown_name,
    text_of,
)

VIEW_GROUPS = ("self", "manager", "buyers")
PERCEPTION_ROWS = 5  # the widest perception gaps, listed under the chart

HEADLINES = {
    "blunt": {
        "ready": "{rep} is ready: give them the good leads and hold them to it.",
        "coach": "{rep} is worth coaching: the gaps are specific and fixable.",
        "trust_risk": "{rep} is a trust risk: buyers do not feel safe with them yet.",
        "not_a_fit": "{rep} is not a fit today: the gaps run across most of the job.",
        None: "{rep} could not be assessed: too few answers came back.",
    },
    "diplomatic": {
        "ready": "{rep} is ready for more responsibility and the best leads.",
        "coach": "{rep} is worth coaching: a few specific habits will make the difference.",
        "trust_risk": "{rep} needs support before handling sensitive buyers: "
        "buyers' trust is the first thing to rebuild.",
        "not_a_fit": "{rep} would need a lot of support in this role: the gaps are broad.",
        None: "{rep} could not be assessed yet: too few answers came back.",
    },
}


def _group_score(entry: Mapping[str, Any] | None) -> float | None:
    if not entry or entry.get("status") != "ok":
        return None
    return entry.get("score")


def _views(competency: Mapping[str, Any]) -> dict[str, float | None]:
    groups = competency.get("groups") or {}
    return {group: _group_score(groups.get(group)) for group in VIEW_GROUPS}


def fact_sentence(fact: Mapping[str, Any], rubrics: Rubrics, names: Mapping[str, str]) -> str:
    """One verdict fact in plain English: what was counted, never who."""
    test = fact.get("test")
    group = GROUP_LABELS.get(fact.get("group") or "combined", "Combined")
    if test == "red_flag":
        roles = fact.get("roles") or []
        noun = ROLE_NOUNS.get(roles[0], ("rater", "raters"))[1] if len(roles) == 1 else "raters"
        label = rubrics.red_flag_label(fact.get("red_flag", ""))
        return f"{label} ({fact.get('matched')} of {fact.get('out_of')} {noun})."
    if test == "competency_band":
        competency = fact.get("competency", "")
        name = names.get(competency, competency)
        band = rubrics.band_label(competency, fact.get("band"))
        who = {
            "Self": "own rating",
            "Manager": "manager's score",
            "Buyers": "buyers' score",
        }.get(group, "combined score")
        return f"{name}: {who} {number(fact.get('score'))}, in the {band} band."
    if test == "band_count":
        listed = [names.get(c, c) for c in fact.get("competencies", [])]
        band = fact.get("band", "")
        label = rubrics.band_label(fact.get("competencies", [""])[0], band) if listed else band
        counted = plural(fact.get("count", 0), "competency", "competencies")
        return f"{counted} in the {label} band: {names_list(listed)}."
    if test == "score":
        what = (
            "Overall score" if fact.get("score") == "overall" else names.get(fact.get("score"), "")
        )
        words = "at least" if fact.get("op") == "at_least" else "below"
        return f"{what} {number(fact.get('value'))}, {words} {number(fact.get('threshold'))}."
    return str(fact.get("text", ""))


def _raters_line(counts: Mapping[str, int]) -> str:
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


def _focus(
    competencies: list[dict[str, Any]], rubrics: Rubrics, verdict_competencies: set[str]
) -> list[dict[str, Any]]:
    """The three things to work on first.

    Rule: lowest band first; inside a band, competencies that decided the verdict,
    then the widest blind spot (self above how others see it), then the lowest score.
    """
    scored = [entry for entry in competencies if entry["score"] is not None]
    ordered = sorted(
        scored,
        key=lambda entry: (
            rubrics.band_order(entry["id"], entry["band"]),
            entry["id"] not in verdict_competencies,
            -(entry["blind_spot"] or 0),
            entry["score"],
            entry["id"],
        ),
    )
    focus = []
    for entry in ordered[:3]:
        views = entry["views"]
        why = f"{entry['band_label']} band, {number(entry['score'])} of 100."
        others = [
            (GROUP_LABELS[group].lower(), views[group])
            for group in ("buyers", "manager")
            if views[group] is not None
        ]
        if entry["blind_spot"] and views["self"] is not None and others:
            seen = " and ".join(f"{who} {number(score)}" for who, score in others)
            why += f" Rates themself {number(views['self'])}; {seen}."
        focus.append(
            {
                "id": entry["id"],
                "name": entry["name"],
                "score": entry["score"],
                "band": entry["band"],
                "band_label": entry["band_label"],
                "why": why,
                "action": entry["actions"][0] if entry["actions"] else "",
            }
        )
    return focus


def _verdict(
    payload: Mapping[str, Any], rubrics: Rubrics, names: Mapping[str, str], tone: str
) -> dict[str, Any]:
    verdict = payload["verdict"]
    final = verdict.get("verdict")
    reasons: list[str] = []
    evidence: list[str] = []
    for entry in verdict.get("by_bank", []):
        if entry.get("verdict") != final or final is None:
            continue
        reason = text_of(entry.get("reason"), rubrics.locale)
        if reason and reason not in reasons:
            reasons.append(reason)
        for fact in entry.get("facts", []):
            sentence = fact_sentence(fact, rubrics, names)
            if sentence and sentence not in evidence:
                evidence.append(sentence)
    headline = HEADLINES[tone][final].format(rep=shown_name(payload["rep_name"]))
    overall = payload["overall"]["combined"]
    closing = (
        f"Overall score {number(overall.get('score'))} of 100."
        if overall.get("score") is not None
        else "There is no overall score yet."
    )
    return {
        "id": final,
        "label": VERDICT_LABELS.get(final, "Not assessed"),
        "headline": headline,
        "reasons": reasons,
        "evidence": evidence,
        "paragraph": " ".join([*reasons, closing]),
    }


def _verdict_competencies(payload: Mapping[str, Any]) -> set[str]:
    found: set[str] = set()
    final = payload["verdict"].get("verdict")
    for entry in payload["verdict"].get("by_bank", []):
        if entry.get("verdict") != final:
            continue
        for fact in entry.get("facts", []):
            if fact.get("test") == "competency_band":
                found.add(fact.get("competency", ""))
            elif fact.get("test") == "band_count":
                found.update(fact.get("competencies", []))
    return found


def _buyers(payload: Mapping[str, Any]) -> dict[str, Any]:
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


def _quality(payload: Mapping[str, Any], rubrics: Rubrics) -> list[str]:
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


def _red_flags(payload: Mapping[str, Any], rubrics: Rubrics) -> list[dict[str, str]]:
    flags = []
    for flag in payload.get("red_flags", []):
        roles = flag.get("roles") or []
        noun = ROLE_NOUNS.get(roles[0], ("rater", "raters"))[1] if len(roles) == 1 else "raters"
        flags.append(
            {
                "label": text_of(flag.get("label"), rubrics.locale),
                "evidence": f"{flag['matched']} of {flag['out_of']} {noun} matched; "
                f"the rule needs {flag['min_raters']}.",
            }
        )
    return flags


def whole(value: float | None) -> int | None:
    return None if value is None else round(value)


def change_between(before: float | None, now: float | None) -> int | None:
    """The change a reader computes from the two whole numbers shown."""
    if before is None or now is None:
        return None
    return round(now) - round(before)


def _trend(inputs: ReportInputs, payload: Mapping[str, Any], names: Mapping[str, str]):
    previous = inputs.previous_rep_payload
    if not previous:
        return None
    before = {entry["id"]: entry for entry in previous.get("competencies", [])}
    rows = []
    for entry in payload["competencies"]:
        old = before.get(entry["id"], {}).get("score")
        rows.append(
            {
                "id": entry["id"],
                "name": names[entry["id"]],
                "before": old,
                "now": entry["score"],
                "band": entry["band"],
                "change": change_between(old, entry["score"]),
            }
        )
    overall_before = previous["overall"]["combined"].get("score")
    overall_now = payload["overall"]["combined"].get("score")
    return {
        "previous_round": inputs.previous_round_name or "the previous round",
        "overall": {
            "before": overall_before,
            "now": overall_now,
            "change": change_between(overall_before, overall_now),
        },
        "verdict_before": VERDICT_LABELS.get(previous["verdict"].get("verdict"), "Not assessed"),
        "verdict_now": VERDICT_LABELS.get(payload["verdict"].get("verdict"), "Not assessed"),
        "rows": rows,
    }


def rep_view(inputs: ReportInputs) -> dict[str, Any]:
    """Everything the rep coaching report shows, from `inputs` alone (no IO).

    Raises
    ------
    ValueError
        When `inputs` has no rep payload or an unknown tone.
    """
    tone = check_tone(inputs.tone)
    payload = inputs.rep_payload
    if not payload:
        raise ValueError("a rep report needs inputs.rep_payload (RepResult.to_dict())")
    rubrics = Rubrics(inputs)
    rep_name = shown_name(payload["rep_name"])
    names = {
        entry["id"]: text_of(entry["name"], inputs.locale) for entry in payload["competencies"]
    }

    blind: dict[str, float] = {}
    perception = []
    for gap in payload.get("gaps", []):
        if gap.get("kind") == "blind_spot":
            blind[gap["competency"]] = max(blind.get(gap["competency"], 0.0), gap["gap"])
        if gap.get("kind") in ("blind_spot", "hidden_strength"):
            perception.append(
                {
                    "name": names.get(gap["competency"], gap["competency"]),
                    "versus": GROUP_LABELS.get(gap["versus"], gap["versus"]),
                    "self": gap["self"],
                    "other": gap["other"],
                    "gap": change_between(gap["other"], gap["self"]),
                    "kind": gap["kind"],
                    "kind_label": "Blind spot"
                    if gap["kind"] == "blind_spot"
                    else "Hidden strength",
                }
            )
    perception.sort(key=lambda row: (-abs(row["gap"] or 0), row["name"], row["versus"]))

    competencies = []
    for entry in payload["competencies"]:
        band = entry.get("band")
        values = {"rep": rep_name, "team": inputs.team_name, "score": number(entry.get("score"))}
        coaching = rubrics.coaching(entry["id"], band, **values) or {}
        meaning = rubrics.owner_sentence(entry["id"], band, tone, **values)
        views = _views(entry)
        note = ""
        if entry.get("score") is None:
            note = "Not enough answers to score this competency; no coaching is suggested yet."
        percentile = entry.get("percentile")
        competencies.append(
            {
                "id": entry["id"],
                "name": names[entry["id"]],
                "bank": rubrics.bank_title(entry.get("bank_id", "")),
                "score": entry.get("score"),
                "band": band,
                "band_label": rubrics.band_label(entry["id"], band) if band else "No score",
                "meaning": meaning,
                "measures": rubrics.description(entry["id"]),
                "views": views,
                "percentile": None if percentile is None else round(percentile),
                "actions": coaching.get("actions", []),
                "exercise": coaching.get("exercise", ""),
                "blind_spot": blind.get(entry["id"]),
                "note": note,
            }
        )

    bank_ids = [entry.get("bank_id") for entry in payload["competencies"]]
    zones = rubrics.band_zones(bank_ids[0]) if bank_ids else []
    bars = charts.competency_bars(
        [(entry["name"], entry["score"], entry["band"]) for entry in competencies],
        zones,
        title=f"Competency scores of {rep_name}",
        row_height=21,
    )
    gap_rows = sorted(
        (entry for entry in competencies if any(v is not None for v in entry["views"].values())),
        key=lambda entry: (-(entry["blind_spot"] or 0), entry["score"] or 0, entry["id"]),
    )
    gaps_svg = charts.gap_chart(
        [(entry["name"], entry["views"]) for entry in gap_rows],
        title=f"How {rep_name} sees themself, and how others see them",
        row_height=21,
    )
    trend = _trend(inputs, payload, names)
    trend_svg = None
    if trend is not None:
        trend_svg = charts.trend_chart(
            [(row["name"], row["before"], row["now"], row["band"]) for row in trend["rows"]],
            title=f"{rep_name}: {trend['previous_round']} to {inputs.round_name}",
        )

    overall = {}
    for group in ("combined", "self", "manager", "buyers"):
        entry = payload["overall"].get(group) or {}
        score = _group_score(entry)
        overall[group] = {
            "score": score,
            "band": entry.get("band") if score is not None else None,
            "raters": entry.get("raters", 0),
            "label": GROUP_LABELS[group],
        }
    return {
        "meta": meta(inputs, "Coaching report", rep_name),
        "rep": {"name": rep_name, "id": payload.get("rep_id")},
        "verdict": _verdict(payload, rubrics, names, tone),
        "overall": overall,
        "raters_line": _raters_line(payload.get("rater_counts", {})),
        "focus": _focus(competencies, rubrics, _verdict_competencies(payload)),
        "charts": {"competencies": bars, "gaps": gaps_svg, "trend": trend_svg},
        "perception": perception[:PERCEPTION_ROWS],
        "perception_more": max(0, len(perception) - PERCEPTION_ROWS),
        "competencies": competencies,
        "buyers": _buyers(payload),
        "manager_comments": list(payload.get("manager_comments", [])),
        "quality": _quality(payload, rubrics),
        "red_flags": _red_flags(payload, rubrics),
        "trend": trend,
    }
