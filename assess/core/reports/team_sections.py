"""The team report's per-rep and per-competency sections, from the team score snapshot.

Ranking (with each rep's competency map row), the competency table, the biggest
shared gap, trust risks, coachability and the trend since the previous round. Each
function returns plain values the template reads; ``team_report.team_view`` puts
them together. The rules that pick something (the shared gap, how coachable a rep is,
which competencies explain a trust risk) are written in their docstrings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.core.reports.evidence import verdict_evidence
from assess.core.reports.inputs import ReportInputs
from assess.core.reports.rep_raters import referral
from assess.core.reports.rubrics import Rubrics
from assess.core.reports.team_trend import matched_row
from assess.core.reports.wording import (
    VERDICT_LABELS,
    change_between,
    number,
    shown_name,
    text_of,
)
from assess.core.text import plural

#: Marks a team-map cell scored by the manager alone. An asterisk: Inter's "†" draws
#: nothing (tests/reports/test_glyphs.py).
MANAGER_ONLY = "*"

Payloads = Mapping[str, Mapping[str, Any]]  # rep id -> the rep's score snapshot


def competency_names(team: Mapping[str, Any], locale: str) -> dict[str, str]:
    return {entry["id"]: text_of(entry["name"], locale) for entry in team["competencies"]}


def overall_changes(team: Mapping[str, Any]) -> dict[str, int | None]:
    """Rep id -> change of the overall score since the previous round."""
    return {
        entry["rep_id"]: change_between(entry.get("previous_overall"), entry.get("overall"))
        for entry in team.get("trends") or []
    }


def overall_moves(team: Mapping[str, Any]) -> dict[str, str | None]:
    """Rep id -> whether their overall moved beyond noise ("improved", "slipped",
    "steady"; None for older snapshots)."""
    return {entry["rep_id"]: entry.get("moved") for entry in team.get("trends") or []}


def rep_extremes(payload: Mapping[str, Any] | None, names: Mapping[str, str]) -> tuple[str, str]:
    """(strongest, weakest) competency names of one rep, "" when unscored."""
    if not payload:
        return "", ""
    scored = [entry for entry in payload["competencies"] if entry.get("score") is not None]
    if not scored:
        return "", ""
    best = max(scored, key=lambda entry: (entry["score"], entry["id"]))
    worst = min(scored, key=lambda entry: (entry["score"], entry["id"]))
    return names.get(best["id"], best["id"]), names.get(worst["id"], worst["id"])


def competencies_without_buyers(payload: Mapping[str, Any] | None) -> set[str]:
    """The competencies of a rep whose score rests on the manager alone (too few buyers)."""
    found = set()
    for entry in (payload or {}).get("competencies", []):
        buyers = (entry.get("groups") or {}).get("buyers") or {}
        if buyers.get("status") != "ok":
            found.add(entry["id"])
    return found


def rater_basis(payload: Mapping[str, Any] | None) -> str:
    """Who the rep's scores rest on: "manager, 4 buyers"; "manager, too few buyers"."""
    if not payload:
        return ""
    parts = []
    managers = (payload.get("rater_counts") or {}).get("manager", 0)
    if managers:
        parts.append("manager" if managers == 1 else plural(managers, "manager"))
    buyers = payload.get("buyers") or {}
    if buyers.get("shown"):
        parts.append(plural(buyers.get("raters", 0), "buyer"))
    elif buyers.get("raters"):
        parts.append("too few buyers")
    return ", ".join(parts) or "no one else yet"


def ranking_rows(
    team: Mapping[str, Any],
    reps: Payloads,
    names: Mapping[str, str],
    rubrics: Rubrics,
    changes: Mapping[str, int | None],
) -> list[dict[str, Any]]:
    """Every rep in rank order, with their row of the competency map (``cells``)."""
    ranking = []
    moves = overall_moves(team)
    for row in team["ranking"]:
        payload = reps.get(row["rep_id"])
        strongest, weakest = rep_extremes(payload, names)
        cells = []
        # a competency buyers are not asked about is marked once, in its column's head
        without_buyers = competencies_without_buyers(payload) - set(rubrics.not_asked_of_buyers)
        for competency in team["competencies"]:
            score = competency["scores"].get(row["rep_id"])
            mark = MANAGER_ONLY if score is not None and competency["id"] in without_buyers else ""
            cells.append((score, rubrics.band_of(competency["id"], score), mark))
        ranking.append(
            {
                "rank": row.get("rank"),
                "rep_id": row["rep_id"],
                "name": shown_name(row["rep_name"]),
                "basis": rater_basis(payload),
                "referral": referral(payload),
                "overall": row.get("overall"),
                "band": (payload or {}).get("overall", {}).get("combined", {}).get("band"),
                "verdict": row.get("verdict"),
                "verdict_label": VERDICT_LABELS.get(row.get("verdict"), VERDICT_LABELS[None]),
                "change": changes.get(row["rep_id"]),
                "moved": moves.get(row["rep_id"]),
                "strongest": strongest,
                "weakest": weakest,
                "cells": cells,
            }
        )
    return ranking


def lowest_band_reps(competency_id: str, reps: Payloads, rubrics: Rubrics) -> tuple[int, int]:
    """(reps surely in the competency's lowest band, reps there only by the point score:
    their 90 % interval reaches the next band) — a count of reps "in Gap" counts only
    the first."""
    sure = edge = 0
    for payload in reps.values():
        entry = next(
            (c for c in payload.get("competencies", []) if c.get("id") == competency_id), None
        )
        if entry is None or entry.get("score") is None:
            continue
        if rubrics.band_order(competency_id, entry.get("band")) != 0:
            continue
        if (entry.get("combined") or {}).get("band_certain") is False:
            edge += 1
        else:
            sure += 1
    return sure, edge


def lowest_band_counts(
    team: Mapping[str, Any], reps: Payloads, rubrics: Rubrics
) -> dict[str, tuple[int, int]]:
    """`lowest_band_reps` of every competency, counted once for the table and the gap."""
    return {
        entry["id"]: lowest_band_reps(entry["id"], reps, rubrics) for entry in team["competencies"]
    }


def competency_table(
    team: Mapping[str, Any],
    rubrics: Rubrics,
    names: Mapping[str, str],
    lowest: Mapping[str, tuple[int, int]],
) -> list[dict[str, Any]]:
    """Each competency's team average, band, spread, reps in its lowest band and its
    change since the previous round (the one the trend section prints)."""
    table = []
    for entry in team["competencies"]:
        band = rubrics.band_of(entry["id"], entry.get("mean"))
        change = matched_row(entry)
        sure, edge = lowest[entry["id"]]
        table.append(
            {
                "id": entry["id"],
                "name": names[entry["id"]],
                "mean": entry.get("mean"),
                "stdev": entry.get("stdev"),
                "min": entry.get("min"),
                "max": entry.get("max"),
                # the trend section's change, from the same whole numbers (``matched_row``)
                "change": change["change"],
                "moved": change["moved"],
                "band": band,
                "band_label": rubrics.band_label(entry["id"], band) if band else "No score",
                "in_low_band": sure,
                "on_edge": edge,
                "n": entry.get("n", 0),
            }
        )
    return table


def shared_gap(
    team: Mapping[str, Any],
    rubrics: Rubrics,
    names: Mapping[str, str],
    team_name: str,
    lowest: Mapping[str, tuple[int, int]],
) -> dict[str, Any] | None:
    """The team's biggest shared gap.

    Rule: the competency with the most reps surely in its lowest band (their interval
    inside it); ties go to the lower team average. Without anyone there, the lowest
    team average.
    """
    candidates = [
        (entry, lowest[entry["id"]][0]) for entry in team["competencies"] if entry.get("n")
    ]
    if not candidates:
        return None
    entry, low = min(candidates, key=lambda item: (-item[1], item[0]["mean"], item[0]["id"]))
    band = rubrics.band_of(entry["id"], entry["mean"])
    coaching = (
        rubrics.coaching(
            entry["id"], band, rep=team_name, team=team_name, score=number(entry["mean"])
        )
        or {}
    )
    name = names[entry["id"]]
    if low:
        sentence = (
            f"{low} of {entry['n']} reps are in the "
            f"{rubrics.lowest_band_label(entry['id'])} band "
            f"on {name}; the team average is {number(entry['mean'])}."
        )
    elif lowest[entry["id"]][1]:
        edge = lowest[entry["id"]][1]
        sentence = (
            f"{plural(edge, 'rep')} of {entry['n']} "
            f"{'is' if edge == 1 else 'are'} in or near the "
            f"{rubrics.lowest_band_label(entry['id'])} band on {name} (too close to its "
            f"edge to say which), and the team average is {number(entry['mean'])}, the "
            "lowest of the team."
        )
    else:
        sentence = (
            f"No rep is in the lowest band, but {name} has the lowest team average: "
            f"{number(entry['mean'])}."
        )
    return {
        "id": entry["id"],
        "name": name,
        "mean": entry["mean"],
        "band": band,
        "band_label": rubrics.band_label(entry["id"], band),
        "in_low_band": low,
        "n": entry["n"],
        "sentence": sentence,
        "actions": coaching.get("actions", []),
        "exercise": coaching.get("exercise", ""),
    }


def _weakest_on_trust(payload: Mapping[str, Any], rubrics: Rubrics) -> Mapping[str, Any] | None:
    """The rep's lowest-scored competency of the banks that carry trust.

    Which banks carry trust is read from their rubrics (``rubrics.trust_bank_ids``);
    without a scored trust competency, the rep's lowest-scored competency of all.
    """
    scored = [entry for entry in payload["competencies"] if entry.get("score") is not None]
    on_trust = [entry for entry in scored if entry.get("bank_id") in rubrics.trust_bank_ids]
    candidates = on_trust or scored
    if not candidates:
        return None
    return min(candidates, key=lambda entry: (entry["score"], entry["id"]))


def trust_risks(
    inputs: ReportInputs, reps: Payloads, rubrics: Rubrics, names: Mapping[str, str], tone: str
) -> list[dict[str, Any]]:
    """Every trust risk by name, with the rubric's reasons, the evidence and what to
    tell the owner about the rep's weakest trust competency."""
    risks = []
    for row in inputs.team_payload["team"]["ranking"]:
        if row.get("verdict") != "trust_risk":
            continue
        payload = reps.get(row["rep_id"])
        reasons, evidence = [], []
        sentence = ""
        if payload:
            reasons, evidence = verdict_evidence(payload["verdict"], "trust_risk", rubrics, names)
            weakest = _weakest_on_trust(payload, rubrics)
            if weakest is not None:
                sentence = rubrics.owner_sentence(
                    weakest["id"],
                    weakest.get("band"),
                    tone,
                    rep=shown_name(row["rep_name"]),
                    team=inputs.team_name,
                    score=number(weakest["score"]),
                )
        risks.append(
            {
                "name": shown_name(row["rep_name"]),
                "overall": row.get("overall"),
                "reasons": reasons,
                "evidence": evidence,
                "sentence": sentence,
            }
        )
    return risks


def coachability(
    team: Mapping[str, Any],
    reps: Payloads,
    names: Mapping[str, str],
    changes: Mapping[str, int | None],
) -> list[dict[str, Any]]:
    """Reps worth coaching, most coachable first.

    Rule: a rep who sees their own gaps (no blind spot against buyers), answered
    carefully (no response flagged) and did not slip (reliably) since the previous round coaches
    fastest: "high" with all three, "medium" with two, "low" otherwise. Without buyers'
    view to compare with, a blind spot cannot be ruled out: "unknown".
    """
    trend_moves = overall_moves(team)
    rows = []
    for row in team["ranking"]:
        if row.get("verdict") not in ("coach", "not_a_fit"):
            continue
        payload = reps.get(row["rep_id"]) or {}
        blind = len(
            {
                gap["competency"]
                for gap in payload.get("gaps", [])
                if gap.get("kind") == "blind_spot" and gap.get("versus") == "buyers"
            }
        )
        flagged = sum(  # the rep's own answers: a manager's careless review is not theirs
            1
            for response in payload.get("quality", [])
            if response.get("flags") and response.get("rater_role") == "self"
        )
        change = changes.get(row["rep_id"])
        move = trend_moves.get(row["rep_id"])  # reliable change; older snapshots: any drop
        slipped = move == "slipped" if move is not None else (change or 0) < 0
        points = (blind == 0) + (flagged == 0) + (not slipped)
        level = "High" if points == 3 else ("Medium" if points == 2 else "Low")
        if not any(gap.get("versus") == "buyers" for gap in payload.get("gaps", [])):
            level, points = "Unknown (no buyers' view)", -1
        _, weakest = rep_extremes(payload, names)
        rows.append(
            {
                "name": shown_name(row["rep_name"]),
                "verdict": row.get("verdict"),
                "verdict_label": VERDICT_LABELS.get(row.get("verdict")),
                "overall": row.get("overall"),
                "blind_spots": blind,
                "flagged": flagged,
                "change": change,
                "moved": move,
                "level": level,
                "points": points,
                "first": weakest,
            }
        )
    rows.sort(key=lambda item: (-item["points"], -(item["overall"] or 0), item["name"]))
    return rows


def referral_rows(ranking: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Reps whose buyers' referral answers may be shown, by the band shown (most
    recommended first), then by name: the band is all the table says, so nothing finer
    orders it."""
    shown = [row for row in ranking if row["referral"]]
    ordered = sorted(shown, key=lambda row: (-row["referral"]["order"], row["name"]))
    return [{"name": row["name"], **row["referral"]} for row in ordered]
