"""The owner's team-readiness report: view-model and chunked HTML.

``team_view(inputs)`` returns a plain dict; ``team_report_html(inputs, progress)``
renders it, the per-rep rows (ranking and competency map) in chunks of reps so
progress can be reported and the work grows linearly with the team. The parts are
built elsewhere: page one's words in ``team_summary``, the sections in
``team_sections`` and ``alignment_section``, the decisions in ``decisions``.

Shape::

    meta, tone
    headline       str                       # page 1's first sentence, tone-worded
    answer         [str]                     # page 1's plain-English paragraph(s)
    counts         [{id, label, count}]      # ready, coach, trust_risk, not_a_fit, ...
    reps           int
    trust_names    [str]  (every trust risk, by name; page one shows the first few)
    decisions      [{rule, title, why}]      # exactly three
    overall        {mean, stdev, min, max, previous_mean, change}
    previous_round str
    ranking        [{rank, name, rep_id, overall, band, verdict, verdict_label,
                     change, strongest, weakest, cells[(score, band, mark)...]}]
    heat_columns   [str]                     # the competency map's column names
    verdict_chart  str (SVG)
    shared_gap     None | {id, name, mean, band, band_label, in_low_band, n, sentence,
                           actions[], exercise}
    competency_table [{id, name, mean, stdev, min, max, change, band, band_label,
                       in_low_band, n}]
    trust_risks    [{name, overall, reasons[], evidence[], sentence}]
    coachability   [{name, verdict_label, overall, blind_spots, flagged, change,
                     level, first}]
    alignment      [{title, sides[], raters, areas[...], chart, disagreements, sentence,
                     comments[], note}]
    trend          None | {previous_round, overall{before, now, change}, rows[...],
                           improvers[], decliners[], verdict_moves[]}
    validity       None | {as_of, reps, min_reps, measures[], rows[...], claims[],
                           groups[...], not_enough, note}   # "Does it predict here?"
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from assess.core.reports import charts
from assess.core.reports.alignment_section import alignment_sections
from assess.core.reports.decisions import three_decisions
from assess.core.reports.inputs import ReportInputs
from assess.core.reports.narrowing import what_narrows
from assess.core.reports.render import render
from assess.core.reports.rubrics import Rubrics
from assess.core.reports.team_sections import (
    MANAGER_ONLY,
    coachability,
    competency_names,
    competency_table,
    lowest_band_counts,
    overall_changes,
    ranking_rows,
    referral_rows,
    shared_gap,
    trust_risks,
)
from assess.core.reports.team_summary import VERDICT_ORDER, answer_lines, count_cells, headline
from assess.core.reports.team_trend import matched_row, previous_round_name, team_trend
from assess.core.reports.validity_section import validity_section
from assess.core.reports.verdict_cards import between_words, missing_words
from assess.core.reports.verdict_reach import reaches_verdict
from assess.core.reports.wording import (
    VERDICT_LABELS,
    change_between,
    check_tone,
    meta,
    names_list,
)

CHUNK = 50  # reps per rendering step
COACHABILITY_ROWS = 25  # the most coachable reps, listed; the rest are in the ranking
PAGE_ONE_NAMES = 12  # trust risks named on page 1 (the rest are named in their section)


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
    names = competency_names(team, inputs.locale)
    reps = {payload["rep_id"]: payload for payload in inputs.rep_payloads}
    counts = {verdict: team["verdicts"].get(verdict, 0) for verdict in VERDICT_ORDER}
    changes = overall_changes(team)
    ranking = ranking_rows(team, reps, names, rubrics, changes)
    trust_names = [row["name"] for row in ranking if row["verdict"] == "trust_risk"]
    coachable = coachability(team, reps, names, changes)
    unassessed = not_assessed_rows(ranking, reps)
    lowest = lowest_band_counts(team, reps, rubrics)
    borderline = [
        {
            "name": row["name"],
            "between": between_words(
                reps.get(row["rep_id"], {}).get("verdict", {}).get("between", [])
            ),
            "narrowed_by": what_narrows(
                reps.get(row["rep_id"], {}).get("verdict", {}), rubrics.not_asked_of_buyers
            ),
        }
        for row in ranking
        if row["verdict"] == "borderline"
    ]
    overall = team["overall"]
    previous_round = previous_round_name(inputs)
    view: dict[str, Any] = {
        "meta": meta(inputs, "Team readiness report", inputs.team_name),
        "tone": tone,
        "counts": count_cells(counts, tone),
        "reps": team["reps"],
        "trust_names": trust_names,
        "trust_names_page_one": trust_names[:PAGE_ONE_NAMES],
        "trust_names_more": max(0, len(trust_names) - PAGE_ONE_NAMES),
        "overall": {
            "mean": overall.get("mean"),
            "stdev": overall.get("stdev"),
            "min": overall.get("min"),
            "max": overall.get("max"),
            "previous_mean": overall.get("previous_mean"),
            "change": change_between(overall.get("previous_mean"), overall.get("mean")),
            "matched": matched_row(overall) if team.get("trends") is not None else None,
        },
        "previous_round": previous_round,
        "ranking": ranking,
        "not_assessed": unassessed,
        "borderline": borderline,
        "not_assessed_page_one": unassessed[:PAGE_ONE_NAMES],
        "not_assessed_more": max(0, len(unassessed) - PAGE_ONE_NAMES),
        "heat_columns": [
            names[entry["id"]]
            + (MANAGER_ONLY if entry["id"] in rubrics.not_asked_of_buyers else "")
            for entry in team["competencies"]
        ],
        "competency_table": competency_table(team, rubrics, names, lowest),
        "shared_gap": shared_gap(team, rubrics, names, inputs.team_name, lowest),
        "alignment": alignment_sections(inputs, rubrics, tone),
        "trust_risks": trust_risks(inputs, reps, rubrics, names, tone),
        "coachability": coachable[:COACHABILITY_ROWS],
        "coachability_more": max(0, len(coachable) - COACHABILITY_ROWS),
        "referrals": referral_rows(ranking),
        "referrals_hidden": sum(1 for row in ranking if not row["referral"]),
        "verdict_chart": charts.verdict_strip(
            [
                (verdict, VERDICT_LABELS.get(verdict, VERDICT_LABELS[None]), counts[verdict])
                for verdict in VERDICT_ORDER
            ],
            title="Verdicts across the team",
        ),
        "trend": team_trend(inputs, team, names),
        "validity": validity_section(inputs.validity),
    }
    # borderline reps with trust risk still open, told apart by how far their evidence
    # reaches it: only a meaningful reach "could be" one on page one
    reaching = [
        reaches_verdict(reps.get(row["rep_id"], {}), rubrics, "trust_risk")
        for row in ranking
        if row["verdict"] == "borderline"
        and "trust_risk" in (reps.get(row["rep_id"], {}).get("verdict", {}).get("between") or [])
    ]
    view["headline"] = headline(counts, tone, reaching.count(True), reaching.count(False))
    view["answer"] = answer_lines(counts, view["overall"], previous_round, tone)
    view["decisions"] = three_decisions(view, tone)
    return view


def not_assessed_rows(ranking, reps) -> list[dict[str, str]]:
    """Reps without a verdict, each with what a verdict on them still needs."""
    rows = []
    for row in ranking:
        if row["verdict"] is not None:  # a verdict, or borderline (listed apart)
            continue
        missing = reps.get(row["rep_id"], {}).get("verdict", {}).get("missing") or []
        needs, _ = missing_words(missing, row["name"])
        rows.append(
            {
                "name": row["name"],
                # nothing named missing and no score: nobody answered about them at all
                "needs": names_list(needs)
                or (
                    "answers: nobody has finished a survey about them yet"
                    if row.get("overall") is None
                    else "more answers"
                ),
            }
        )
    return rows


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
        ranking_rows=Markup("".join(parts)),  # noqa: S704 - autoescaped partials
    )
