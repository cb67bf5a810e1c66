"""The owner's team-readiness report: view-model and chunked HTML.

``team_view(inputs)`` returns a plain dict; ``team_report_html(inputs, progress)``
renders it, the per-rep parts (ranking rows, heat map) in chunks of reps so progress
can be reported and the work grows linearly with the team.

Shape::

    meta, tone
    headline       str                       # page 1's first sentence, tone-worded
    answer         [str]                     # page 1's plain-English paragraph(s)
    counts         [{id, label, count}]      # ready, coach, trust_risk, not_a_fit, ...
    trust_names    [str]  (every trust risk, by name)
    decisions      [{title, why, rule}]      # exactly three
    overall        {mean, stdev, min, max, previous_mean, change, reps}
    ranking        [{rank, name, rep_id, overall, band, verdict, verdict_label,
                     change, strongest, weakest}]
    heat           {columns[str], rows[(name, [(score, band)...])]}
    shared_gap     None | {id, name, mean, band_label, in_low_band, n, sentence,
                           actions[], exercise}
    competency_table [{id, name, mean, stdev, min, max, change, band, band_label,
                       in_low_band}]
    trust_risks    [{name, overall, reasons[], evidence[], sentence}]
    coachability   [{name, verdict_label, overall, blind_spots, flagged, change,
                     level, first}]
    alignment      [{title, sides[], raters, areas[...], chart, disagreements, sentence,
                     comments[], note}]
    trend          None | {previous_round, overall{before, now, change}, rows[...],
                           improvers[], decliners[], verdict_moves[]}
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from markupsafe import Markup

from assess.core.reports import charts
from assess.core.reports.inputs import ReportInputs
from assess.core.reports.render import render
from assess.core.reports.rep_report import change_between, fact_sentence
from assess.core.reports.wording import (
    VERDICT_LABELS,
    Rubrics,
    check_tone,
    fill,
    meta,
    names_list,
    number,
    plural,
    shown_name,
    text_of,
)

CHUNK = 50  # reps per rendering step
COACHABILITY_ROWS = 25  # the most coachable reps, listed; the rest are in the ranking
PAGE_ONE_NAMES = 12  # trust risks named on page 1 (the rest are named in their section)
VERDICT_ORDER = ("ready", "coach", "trust_risk", "not_a_fit", "not_assessed")
COUNT_LABELS = {
    "blunt": {
        "ready": "ready",
        "coach": "worth coaching",
        "trust_risk": "trust risk",
        "not_a_fit": "not a fit",
        "not_assessed": "not assessed",
    },
    "diplomatic": {
        "ready": "ready",
        "coach": "worth coaching",
        "trust_risk": "need trust rebuilt",
        "not_a_fit": "struggling in role",
        "not_assessed": "not assessed",
    },
}


def _rep_index(inputs: ReportInputs) -> dict[str, Mapping[str, Any]]:
    return {payload["rep_id"]: payload for payload in inputs.rep_payloads}


def _names(team: Mapping[str, Any], locale: str) -> dict[str, str]:
    return {entry["id"]: text_of(entry["name"], locale) for entry in team["competencies"]}


def _extremes(payload: Mapping[str, Any] | None, names: Mapping[str, str]) -> tuple[str, str]:
    """(strongest, weakest) competency names of one rep, "" when unscored."""
    if not payload:
        return "", ""
    scored = [entry for entry in payload["competencies"] if entry.get("score") is not None]
    if not scored:
        return "", ""
    best = max(scored, key=lambda entry: (entry["score"], entry["id"]))
    worst = min(scored, key=lambda entry: (entry["score"], entry["id"]))
    return names.get(best["id"], best["id"]), names.get(worst["id"], worst["id"])


def _shared_gap(team, rubrics: Rubrics, names, team_name: str):
    """The team's biggest shared gap.

    Rule: the competency with the most reps in its lowest band; ties go to the lower
    team average. Without anyone in a lowest band, the lowest team average.
    """
    candidates = []
    for entry in team["competencies"]:
        if not entry.get("n"):
            continue
        scores = [score for score in entry["scores"].values() if score is not None]
        low = sum(
            1
            for score in scores
            if rubrics.band_order(entry["id"], _band(rubrics, entry["id"], score)) == 0
        )
        candidates.append((entry, low))
    if not candidates:
        return None
    entry, low = min(candidates, key=lambda item: (-item[1], item[0]["mean"], item[0]["id"]))
    band = _band(rubrics, entry["id"], entry["mean"])
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
            f"{rubrics.band_label(entry['id'], _lowest_band(rubrics, entry['id']))} band "
            f"on {name}; the team average is {number(entry['mean'])}."
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


def _band(rubrics: Rubrics, competency_id: str, score: float | None) -> str | None:
    bank = rubrics.owners.get(competency_id)
    if bank is None or score is None:
        return None
    band = bank.rubric.band_for(score)
    return None if band is None else band.id


def _lowest_band(rubrics: Rubrics, competency_id: str) -> str | None:
    bank = rubrics.owners.get(competency_id)
    return bank.rubric.bands[0].id if bank is not None and bank.rubric.bands else None


def _alignment(inputs: ReportInputs, rubrics: Rubrics, tone: str) -> list[dict[str, Any]]:
    sections = []
    alignment = (inputs.team_payload or {}).get("alignment") or {}
    for bank_id, result in sorted(alignment.items()):
        bank = inputs.banks.get(bank_id)
        sides = list(result.get("sides", []))
        side_labels = [side.capitalize() for side in sides]
        areas = []
        for area in result.get("areas", []):
            scores = area.get("sides", {})
            areas.append(
                {
                    "id": area["id"],
                    "name": text_of(area.get("name"), inputs.locale),
                    "scores": [scores.get(side, {}).get("score") for side in sides],
                    "gap": area.get("gap"),
                    "shown_gap": change_between(
                        scores.get(sides[1], {}).get("score") if len(sides) > 1 else None,
                        scores.get(sides[0], {}).get("score") if sides else None,
                    ),
                    "disagreement": bool(area.get("disagreement")),
                    "combined": area.get("combined"),
                    "band": area.get("band"),
                    "band_label": _alignment_band_label(bank, area.get("band"), rubrics),
                }
            )
        chart_svg = charts.gap_chart(
            [(area["name"], dict(zip(sides, area["scores"], strict=False))) for area in areas],
            title="Sales and marketing, area by area",
            groups=[
                (side, label, color)
                for side, label, color in zip(
                    sides, side_labels, ("#2f6fd0", "#d9822b"), strict=False
                )
            ],
            connect=(sides[0], sides[1]) if len(sides) == 2 else ("", ""),
        )
        disagreements = [area for area in areas if area["disagreement"]]
        sentence = ""
        if disagreements and bank is not None:
            worst = disagreements[0]
            sentence = _owner_line(
                bank, worst["id"], worst["band"], tone, inputs.team_name, rubrics
            )
        raters = result.get("raters", {})
        minimum = result.get("min_raters", 3)
        short = [side for side in sides if 0 < raters.get(side, 0) < minimum]
        note = ""
        if short:
            note = (
                f"Too few answers from {names_list([s.capitalize() for s in short])} "
                f"(at least {minimum} are needed): their scores are not shown."
            )
        sections.append(
            {
                "title": rubrics.bank_title(bank_id),
                "sides": side_labels,
                "raters": ", ".join(
                    f"{plural(raters.get(side, 0), 'answer')} from {side}" for side in sides
                ),
                "areas": areas,
                "chart": chart_svg,
                "disagreements": disagreements,
                "threshold": result.get("gap_threshold"),
                "sentence": sentence,
                "comments": list(result.get("comments", [])),
                "note": note,
            }
        )
    return sections


def _alignment_band_label(bank, band: str | None, rubrics: Rubrics) -> str:
    if bank is None or band is None:
        return "No score" if band is None else band.capitalize()
    for entry in bank.rubric.bands:
        if entry.id == band:
            return rubrics.text(bank, entry.label)
    return band.capitalize()


def _owner_line(bank, area_id: str, band: str | None, tone: str, team: str, rubrics) -> str:
    for competency in bank.rubric.competencies:
        if competency.id == area_id and band is not None:
            entry = competency.coaching_for(band)
            if entry is None:
                return ""
            text = entry.owner_diplomatic if tone == "diplomatic" else entry.owner_blunt
            return fill(
                rubrics.text(bank, text),
                rep=team,
                team=team,
                competency=rubrics.text(bank, competency.name),
            )
    return ""


def _decisions(view: dict[str, Any], tone: str) -> list[dict[str, str]]:
    """Three decisions for this month, from rules applied in a fixed order:

    1. trust risks → keep them away from referrals and key accounts;
    2. the biggest shared gap → the team's coaching focus;
    3. reps who are not a fit → a dated decision;
    4. the worst sales–marketing disagreement → seat the two teams together on it;
    5. ready reps → the best leads, and coaching others;
    6. otherwise → re-assess to confirm.
    """
    blunt = tone != "diplomatic"
    decisions = []
    trust = view["trust_names"]
    if trust:
        who = names_list(trust, limit=6)
        decisions.append(
            {
                "rule": "trust_risk",
                "title": (
                    f"Take {who} off referrals and key accounts."
                    if blunt
                    else f"Pair {who} with a manager on every referral and key account."
                ),
                "why": "Buyers' answers or the reps' own raise a trust problem (evidence below). "
                "Hand accounts back once a manager has sat in on their next five buyer meetings "
                "and the next round raises no red flag.",
            }
        )
    gap = view["shared_gap"]
    if gap:
        first = gap["actions"][0] if gap["actions"] else ""
        decisions.append(
            {
                "rule": "shared_gap",
                "title": (
                    f"Make “{gap['name']}” the whole team's coaching focus this month."
                    if blunt
                    else f"Choose “{gap['name']}” as this month's team coaching theme."
                ),
                "why": gap["sentence"] + (f" Start with: {first}" if first else ""),
            }
        )
    misfits = [row["name"] for row in view["ranking"] if row["verdict"] == "not_a_fit"]
    if misfits:
        who = names_list(misfits, limit=6)
        decisions.append(
            {
                "rule": "not_a_fit",
                "title": (
                    f"Decide on {who} within 60 days: a written plan with a clear bar, "
                    "or a different role."
                    if blunt
                    else f"Agree a 60-day development plan with {who}, with a clear goal."
                ),
                "why": "Their gaps run across most of the consultative skills; coaching alone is "
                "unlikely to close them.",
            }
        )
    for section in view["alignment"]:
        if section["disagreements"]:
            worst = section["disagreements"][0]
            scores = " and ".join(
                f"{side.lower()} {number(score)}"
                for side, score in zip(section["sides"], worst["scores"], strict=False)
            )
            decisions.append(
                {
                    "rule": "alignment",
                    "title": (
                        f"Seat sales and marketing together on “{worst['name']}”."
                        if blunt
                        else f"Bring sales and marketing together to agree on “{worst['name']}”."
                    ),
                    "why": f"The two teams see it {abs(worst['shown_gap'] or 0)} points apart "
                    f"({scores}). {section['sentence']}".strip(),
                }
            )
            break
    ready = [row["name"] for row in view["ranking"] if row["verdict"] == "ready"]
    if ready:
        who = names_list(ready, limit=6)
        topic = f" on “{gap['name']}”" if gap else ""
        decisions.append(
            {
                "rule": "ready",
                "title": (
                    f"Give the best leads to {who}, and have them coach the others{topic}."
                    if blunt
                    else f"Route the best leads to {who} and invite them to mentor "
                    f"colleagues{topic}."
                ),
                "why": "They are ready: strong across the board, and buyers trust them.",
            }
        )
    decisions.append(
        {
            "rule": "reassess",
            "title": "Run the next round in three months to check the coaching worked.",
            "why": "The same questions, the same raters: the trend section will show what moved.",
        }
    )
    return decisions[:3]


def _trust_risks(inputs, reps, rubrics, names, tone) -> list[dict[str, Any]]:
    risks = []
    for row in inputs.team_payload["team"]["ranking"]:
        if row.get("verdict") != "trust_risk":
            continue
        payload = reps.get(row["rep_id"])
        reasons, evidence = [], []
        sentence = ""
        if payload:
            for entry in payload["verdict"].get("by_bank", []):
                if entry.get("verdict") != "trust_risk":
                    continue
                reason = text_of(entry.get("reason"), inputs.locale)
                if reason and reason not in reasons:
                    reasons.append(reason)
                for fact in entry.get("facts", []):
                    line = fact_sentence(fact, rubrics, names)
                    if line not in evidence:
                        evidence.append(line)
            trust_scores = [
                entry
                for entry in payload["competencies"]
                if entry.get("bank_id") == "trustworthiness" and entry.get("score") is not None
            ] or [entry for entry in payload["competencies"] if entry.get("score") is not None]
            if trust_scores:
                weakest = min(trust_scores, key=lambda entry: (entry["score"], entry["id"]))
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


def _coachability(inputs, reps, names, changes) -> list[dict[str, Any]]:
    """Reps worth coaching, most coachable first.

    Rule: a rep who sees their own gaps (no blind spot), answered carefully (no
    response flagged) and did not slip since the previous round coaches fastest:
    "high" with all three, "medium" with two, "low" otherwise.
    """
    rows = []
    for row in inputs.team_payload["team"]["ranking"]:
        if row.get("verdict") not in ("coach", "not_a_fit"):
            continue
        payload = reps.get(row["rep_id"]) or {}
        blind = len(
            {
                gap["competency"]
                for gap in payload.get("gaps", [])
                if gap.get("kind") == "blind_spot"
            }
        )
        flagged = sum(1 for response in payload.get("quality", []) if response.get("flags"))
        change = changes.get(row["rep_id"])
        points = (blind == 0) + (flagged == 0) + (change is None or change >= 0)
        level = "High" if points == 3 else ("Medium" if points == 2 else "Low")
        _, weakest = _extremes(payload, names)
        rows.append(
            {
                "name": shown_name(row["rep_name"]),
                "verdict": row.get("verdict"),
                "verdict_label": VERDICT_LABELS.get(row.get("verdict")),
                "overall": row.get("overall"),
                "blind_spots": blind,
                "flagged": flagged,
                "change": change,
                "level": level,
                "points": points,
                "first": weakest,
            }
        )
    rows.sort(key=lambda item: (-item["points"], -(item["overall"] or 0), item["name"]))
    return rows


def _trend(inputs, team, names) -> dict[str, Any] | None:
    trends = team.get("trends")
    if trends is None:
        return None
    overall = team["overall"]
    rows = [
        {
            "name": names[entry["id"]],
            "before": entry.get("previous_mean"),
            "now": entry.get("mean"),
            "change": change_between(entry.get("previous_mean"), entry.get("mean")),
        }
        for entry in team["competencies"]
    ]
    moved = [
        {
            "name": shown_name(entry["rep_name"]),
            "change": change_between(entry.get("previous_overall"), entry.get("overall")),
            "before": VERDICT_LABELS.get(entry.get("previous_verdict")),
            "now": VERDICT_LABELS.get(entry.get("verdict")),
        }
        for entry in trends
        if entry.get("previous_overall") is not None
    ]
    improvers = sorted(
        (m for m in moved if (m["change"] or 0) > 0), key=lambda m: (-m["change"], m["name"])
    )[:5]
    decliners = sorted(
        (m for m in moved if (m["change"] or 0) < 0), key=lambda m: (m["change"], m["name"])
    )[:5]
    verdict_moves = sorted((m for m in moved if m["before"] != m["now"]), key=lambda m: m["name"])
    return {
        "previous_round": inputs.previous_round_name
        or ((inputs.team_payload or {}).get("previous_round") or {}).get("name")
        or "the previous round",
        "overall": {
            "before": overall.get("previous_mean"),
            "now": overall.get("mean"),
            "change": change_between(overall.get("previous_mean"), overall.get("mean")),
        },
        "rows": rows,
        "improvers": improvers,
        "decliners": decliners,
        "verdict_moves": verdict_moves[:30],
        "verdict_moves_more": max(0, len(verdict_moves) - 30),
        "compared": len(moved),
    }


def _headline(counts: Mapping[str, int], tone: str) -> str:
    reps = sum(counts.values())
    ready, risk = counts.get("ready", 0), counts.get("trust_risk", 0)
    if tone == "diplomatic":
        first = f"{ready} of {plural(reps, 'rep')} {'is' if ready == 1 else 'are'} ready"
        second = (
            f"; {risk} need{'s' if risk == 1 else ''} support to earn buyers' trust."
            if risk
            else ", and no one is a trust risk."
        )
        return first + second
    first = f"{ready} of {plural(reps, 'rep')} {'is' if ready == 1 else 'are'} ready."
    second = (
        f" {risk} {'is a trust risk' if risk == 1 else 'are trust risks'}."
        if risk
        else " No trust risks."
    )
    return first + second


def _answer(counts: Mapping[str, int], view: dict[str, Any], tone: str) -> list[str]:
    reps = sum(counts.values())
    ready, coach = counts.get("ready", 0), counts.get("coach", 0)
    risk, misfit = counts.get("trust_risk", 0), counts.get("not_a_fit", 0)
    missing = counts.get("not_assessed", 0)
    if tone == "diplomatic":
        lines = [
            f"Of {plural(reps, 'rep')} assessed this round, {ready} "
            f"{'is' if ready == 1 else 'are'} "
            f"ready for more responsibility, {coach} would grow with focused coaching, "
            f"{risk} need{'s' if risk == 1 else ''} support to rebuild buyers' trust and "
            f"{misfit} {'is' if misfit == 1 else 'are'} struggling in the role."
        ]
    else:
        lines = [
            f"Of {plural(reps, 'rep')}, {ready} {'is' if ready == 1 else 'are'} ready, "
            f"{coach} {'is' if coach == 1 else 'are'} worth coaching, "
            f"{risk} {'is a trust risk' if risk == 1 else 'are trust risks'} and "
            f"{misfit} {'is' if misfit == 1 else 'are'} not a fit."
        ]
    if missing:
        lines[0] += f" {plural(missing, 'rep')} could not be assessed: too few answers came back."
    overall = view["overall"]
    if overall["mean"] is not None:
        line = f"Team average {number(overall['mean'])} of 100"
        if overall["change"] is not None:
            direction = "up" if overall["change"] > 0 else "down"
            line += f", {direction if overall['change'] else 'unchanged'}"
            line += (
                f" {abs(overall['change'])} since {view['previous_round']}"
                if overall["change"]
                else f" since {view['previous_round']}"
            )
        lines.append(line + ".")
    return lines


def team_view(inputs: ReportInputs) -> dict[str, Any]:
    """Everything the team-readiness report shows, from `inputs` alone (no IO).

    Raises
    ------
    ValueError
        Without a team payload, or with an unknown tone.
    """
    tone = check_tone(inputs.tone)
    if not inputs.team_payload or "team" not in inputs.team_payload:
        raise ValueError("a team report needs inputs.team_payload with a 'team' result")
    team = inputs.team_payload["team"]
    rubrics = Rubrics(inputs)
    names = _names(team, inputs.locale)
    reps = _rep_index(inputs)
    counts = {verdict: team["verdicts"].get(verdict, 0) for verdict in VERDICT_ORDER}
    changes = {
        entry["rep_id"]: change_between(entry.get("previous_overall"), entry.get("overall"))
        for entry in team.get("trends") or []
    }
    ranking = []
    for row in team["ranking"]:
        payload = reps.get(row["rep_id"])
        strongest, weakest = _extremes(payload, names)
        band = (payload or {}).get("overall", {}).get("combined", {}).get("band")
        ranking.append(
            {
                "rank": row.get("rank"),
                "rep_id": row["rep_id"],
                "name": shown_name(row["rep_name"]),
                "overall": row.get("overall"),
                "band": band,
                "verdict": row.get("verdict"),
                "verdict_label": VERDICT_LABELS.get(row.get("verdict"), "Not assessed"),
                "change": changes.get(row["rep_id"]),
                "strongest": strongest,
                "weakest": weakest,
            }
        )
    by_id = {entry["id"]: entry for entry in team["competencies"]}
    columns = [entry["id"] for entry in team["competencies"]]
    heat_rows = []
    for row in ranking:
        cells = []
        for competency in columns:
            score = by_id[competency]["scores"].get(row["rep_id"])
            cells.append((score, _band(rubrics, competency, score)))
        row["cells"] = cells
        heat_rows.append((row["name"], [*cells, (row["overall"], row["band"])]))
    competency_table = []
    for entry in team["competencies"]:
        band = _band(rubrics, entry["id"], entry.get("mean"))
        scores = [score for score in entry["scores"].values() if score is not None]
        competency_table.append(
            {
                "id": entry["id"],
                "name": names[entry["id"]],
                "mean": entry.get("mean"),
                "stdev": entry.get("stdev"),
                "min": entry.get("min"),
                "max": entry.get("max"),
                "change": change_between(entry.get("previous_mean"), entry.get("mean")),
                "band": band,
                "band_label": rubrics.band_label(entry["id"], band) if band else "No score",
                "in_low_band": sum(
                    1
                    for score in scores
                    if _band(rubrics, entry["id"], score) == _lowest_band(rubrics, entry["id"])
                ),
                "n": entry.get("n", 0),
            }
        )
    coachable = _coachability(inputs, reps, names, changes)
    overall = team["overall"]
    previous_round = (
        inputs.previous_round_name
        or ((inputs.team_payload or {}).get("previous_round") or {}).get("name")
        or "the previous round"
    )
    view: dict[str, Any] = {
        "meta": meta(inputs, "Team readiness report", inputs.team_name),
        "tone": tone,
        "counts": [
            {"id": verdict, "label": COUNT_LABELS[tone][verdict], "count": counts[verdict]}
            for verdict in VERDICT_ORDER
            if verdict != "not_assessed" or counts[verdict]
        ],
        "reps": team["reps"],
        "trust_names": [row["name"] for row in ranking if row["verdict"] == "trust_risk"],
        "overall": {
            "mean": overall.get("mean"),
            "stdev": overall.get("stdev"),
            "min": overall.get("min"),
            "max": overall.get("max"),
            "previous_mean": overall.get("previous_mean"),
            "change": change_between(overall.get("previous_mean"), overall.get("mean"))
            if overall.get("previous_mean") is not None
            else None,
        },
        "previous_round": previous_round,
        "ranking": ranking,
        "heat": {
            "columns": [names[c] for c in columns] + ["Overall"],
            "rows": heat_rows,
        },
        "competency_table": competency_table,
        "shared_gap": _shared_gap(team, rubrics, names, inputs.team_name),
        "alignment": _alignment(inputs, rubrics, tone),
        "trust_risks": _trust_risks(inputs, reps, rubrics, names, tone),
        "coachability": coachable[:COACHABILITY_ROWS],
        "coachability_more": max(0, len(coachable) - COACHABILITY_ROWS),
        "verdict_chart": charts.verdict_strip(
            [
                (verdict, VERDICT_LABELS.get(verdict, "Not assessed"), counts[verdict])
                for verdict in VERDICT_ORDER
            ],
            title="Verdicts across the team",
        ),
    }
    view["trust_names_page_one"] = view["trust_names"][:PAGE_ONE_NAMES]
    view["trust_names_more"] = max(0, len(view["trust_names"]) - PAGE_ONE_NAMES)
    view["headline"] = _headline(counts, tone)
    view["answer"] = _answer(counts, view, tone)
    view["trend"] = _trend(inputs, team, names)
    view["decisions"] = _decisions(view, tone)
    return view


def team_report_html(inputs: ReportInputs, progress: Callable[[int], None] | None = None) -> str:
    """The team report as one HTML document.

    The ranking-and-competency-map rows (the only part that grows with every rep) are
    rendered in chunks of ``CHUNK`` reps, reporting progress from 15 to 50.
    """
    view = team_view(inputs)
    if progress is not None:
        progress(15)
    rows = view["ranking"]
    chunks = max(1, -(-len(rows) // CHUNK))
    parts = []
    for index in range(chunks):
        chunk = rows[index * CHUNK : (index + 1) * CHUNK]
        parts.append(render("_ranking_rows.html", rows=chunk, with_change=bool(view["trend"])))
        if progress is not None:
            progress(15 + round(35 * (index + 1) / chunks))
    return render(
        "team_report.html",
        **view,
        heat_columns=view["heat"]["columns"][:-1],
        ranking_rows=Markup("".join(parts)),  # noqa: S704 - autoescaped partials
    )
