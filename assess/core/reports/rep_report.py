"""The rep's coaching report: view-model built from ``ReportInputs`` alone.

``rep_view(inputs)`` returns a plain dict the template reads (shape below). Numbers
are the scoring snapshot's, shown as whole numbers; the tone only changes words. The
sections are built in ``rep_sections`` and ``rep_raters``; this module adds the charts
and puts them together.

Two readers, one text: the report speaks to the rep ("You are…"), and
``inputs.reader`` says whose copy it is. The rep's copy is that report; the manager's
copy is the same report plus a coaching guide per focus area (``coaching_guide``).

Shape::

    meta        {organization, team, round, closed_on, title, subject, running, ...}
    rep         {name, id}
    copy        {reader ("rep" | "manager"), label, note}
    verdict     {id, label, headline, reasons[str], evidence[str], paragraph}
    overall     {combined, self, manager, buyers: {score, band, raters, label}}
    raters_line str
    referral    None | {answered, band, label, order, sentence}   # a band, never a count
    focus       [{id, name, score, band, band_label, band_settled, why, actions[2]}]  # ≤ 3
    focus_note  str                   # competencies left out: they may be a strength
    guide       None | {reasons[str], areas[{name, band, owner, actions, watch_for,
                                             ask, missing}]}   # the manager's copy
    charts      {competencies, gaps, trend|None}: SVG strings
    perception  [{name, versus, self, other, gap, kind, kind_label}]
    perception_more int               # perception gaps left out of the list
    competencies[{id, name, bank, score, band, band_label, band_settled, meaning, measures,
                  views{self, manager, buyers}, percentile, actions[], exercise, note}]
    buyers      {shown, raters (None below the minimum), count_label, min_raters,
                 note, comments[str], comments_withdrawn}
    manager_comments [str]
    quality     [str]                 # response-quality notes, empty when none
    red_flags   [{label, evidence}]
    trend       None | {previous_round, overall{before, now, change},
                        verdict_before, verdict_now, rows[{name, before, now, change}]}
    plan        None | {heading, lede, rows[{name, line, moved, pulses[str]}], how_to_read}
                                      # the rep's plan from an earlier round (plan_section)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assess.core.i18n import N_, gettext
from assess.core.reports import charts
from assess.core.reports.coaching_guide import coaching_guide
from assess.core.reports.focus_areas import focus_items, focus_note
from assess.core.reports.inputs import ReportInputs
from assess.core.reports.plan_section import plan_section
from assess.core.reports.rep_raters import (
    buyer_summary,
    forced_choice_note,
    quality_notes,
    raters_line,
    red_flag_rows,
    referral,
)
from assess.core.reports.rep_sections import (
    competency_rows,
    flagged_competencies,
    overall_scores,
    perception_rows,
    rep_trend,
    verdict_card,
    verdict_competencies,
)
from assess.core.reports.rep_voice import (
    COPY_LABELS,
    FORCED_CHOICE_PLAIN,
    band_sentence,
    check_reader,
    copy_note,
    perception_empty,
    seen_by,
)
from assess.core.reports.rubrics import Rubrics
from assess.core.reports.self_flags import self_flags
from assess.core.reports.wording import (
    check_tone,
    distinct_comments,
    meta,
    number,
    shown_name,
    text_of,
)

_ = gettext

#: Said when buyers answered after the round first closed, too few to join yet.
LATE_WAIT = N_(
    "Answers given after the round first closed are not in it yet: they join once at "
    "least 3 can join together."
)
#: The report's title, in each reader's copy.
TITLES = {
    "rep": N_("Coaching report, rep's copy"),
    "manager": N_("Coaching report, manager's copy"),
}
PERCEPTION_ROWS = 20  # every blind spot and hidden strength (two per competency at most)


def like_for_like_views(
    entry: Mapping[str, Any], payload: Mapping[str, Any]
) -> dict[str, float | None]:
    """A competency's dots for the self-versus-others chart.

    The self dot is the rep's answers to the statements the buyers rated (the manager's,
    where buyers have no gap to show), so the line from it to the buyers' dot is the gap
    the table lists, never the whole self score, which holds situational answers too.
    No like-for-like comparison: no self dot. The other group's dot is its score on the
    statements it was compared on, and it is drawn only when the rep's side of its gap
    is the same number: otherwise its distance from the self dot would not be its gap
    (the table lists every gap, each on its own statements).
    """
    pairs = {
        gap["versus"]: gap for gap in payload.get("gaps", []) if gap["competency"] == entry["id"]
    }
    views: dict[str, float | None] = {"self": None, "buyers": None, "manager": None}
    compared = pairs.get("buyers") or pairs.get("manager")
    if compared is None:
        return views
    views["self"], views[compared["versus"]] = compared["self"], compared["other"]
    other = pairs.get("manager") if compared["versus"] == "buyers" else None
    if other is not None and number(other["self"]) == number(compared["self"]):
        views["manager"] = other["other"]
    return views


def rep_charts(
    inputs: ReportInputs,
    payload: Mapping[str, Any],
    rubrics: Rubrics,
    competencies: list[dict[str, Any]],
    trend: dict[str, Any] | None,
) -> dict[str, str | None]:
    """The report's three charts: scores over the bands, self versus others, the trend."""
    bank_ids = [entry.get("bank_id") for entry in payload["competencies"]]
    zones = rubrics.band_zones(bank_ids[0]) if bank_ids else []
    bars = charts.competency_bars(
        # an unsettled band ("Gap or Developing") is drawn in no band's colour
        [
            (
                entry["name"],
                entry["score"],
                entry["band"] if entry["band_settled"] else None,
            )
            for entry in competencies
        ],
        zones,
        title=_("Your competency scores"),
        row_height=21,
    )
    gap_rows = sorted(
        (entry for entry in competencies if any(v is not None for v in entry["views"].values())),
        key=lambda entry: (-(entry["blind_spot"] or 0), entry["score"] or 0, entry["id"]),
    )
    gaps_svg = None
    if not payload.get("gaps_withheld"):  # a flagged self-assessment draws no gap at all
        gaps_svg = charts.gap_chart(
            [(entry["name"], like_for_like_views(entry, payload)) for entry in gap_rows],
            title=_("How you see yourself, and how others see you"),
            row_height=21,
        )
    trend_svg = None
    if trend is not None:
        trend_svg = charts.trend_chart(
            [(row["name"], row["before"], row["now"], row["band"]) for row in trend["rows"]],
            title=_(
                "Your scores: %(before)s to %(now)s",
                before=trend["previous_round"],
                now=inputs.round_name,
            ),
        )
    return {"competencies": bars, "gaps": gaps_svg, "trend": trend_svg}


def forced_choice_words(payload: Mapping[str, Any], reader: str) -> str | None:
    """The forced-choice note: the manager's copy keeps the statistic, the rep's own
    copy says the same in plain words."""
    note = forced_choice_note(payload)
    return _(FORCED_CHOICE_PLAIN) if note and reader == "rep" else note


def rep_view(inputs: ReportInputs) -> dict[str, Any]:
    """Everything the rep coaching report shows, from `inputs` alone (no IO).

    Raises
    ------
    ValueError
        When `inputs` has no rep payload, an unknown tone or an unknown reader.
    """
    tone = check_tone(inputs.tone)
    reader = check_reader(inputs.reader)
    payload = inputs.rep_payload
    if not payload:
        raise ValueError("a rep report needs inputs.rep_payload (RepResult.to_dict())")
    rubrics = Rubrics(inputs)
    rep_name = shown_name(payload["rep_name"])
    names = {
        entry["id"]: text_of(entry["name"], inputs.locale) for entry in payload["competencies"]
    }
    perception, blind_spots = perception_rows(payload, names)
    competencies = competency_rows(inputs, payload, rubrics, names, blind_spots)
    trend = rep_trend(inputs, payload, names)
    focus = focus_items(
        competencies, rubrics, verdict_competencies(payload), flagged_competencies(payload)
    )
    verdict = verdict_card(payload, rubrics, names, tone, reader, len(focus))
    for entry in competencies:
        in_focus = any(item["id"] == entry["id"] for item in focus)
        scored = entry["score"] is not None
        entry["meaning"] = band_sentence(rubrics, entry, in_focus, len(focus)) if scored else ""
    buyers = buyer_summary(payload)
    buyers["comments"] = distinct_comments(buyers["comments"])
    overall = overall_scores(payload)
    overall["combined"]["seen_by"] = seen_by(payload["overall"]["combined"].get("groups_used"))
    guide = None
    if reader == "manager":
        values = {"rep": rep_name, "team": inputs.team_name}
        guide = coaching_guide(focus, rubrics, tone, values, verdict["reasons"])
    return {
        # nobody answered about the rep at all: one page that says so, no empty charts
        "unanswered": not any(
            value is not None for entry in competencies for value in entry["views"].values()
        ),
        "meta": meta(inputs, _(TITLES[reader]), rep_name),
        "rep": {"name": rep_name, "id": payload.get("rep_id")},
        "copy": {
            "reader": reader,
            "label": _(COPY_LABELS[reader]),
            "note": copy_note(reader, rep_name),
        },
        "verdict": verdict,
        "overall": overall,
        "raters_line": raters_line(payload.get("rater_counts", {}), payload.get("buyers"))
        + (" " + _(LATE_WAIT) if payload.get("late_answers_wait") else ""),
        "referral": referral(payload, "you"),
        "focus": focus,
        "focus_note": focus_note(competencies, rubrics, focus),
        "guide": guide,
        "strengths_only": any(entry["score"] is not None for entry in competencies),
        "charts": rep_charts(inputs, payload, rubrics, competencies, trend),
        "perception": perception[:PERCEPTION_ROWS],
        "perception_more": max(0, len(perception) - PERCEPTION_ROWS),
        "perception_empty": perception_empty(payload),
        "self_flags": self_flags(payload, inputs.banks, inputs.locale),
        "forced_choice_note": forced_choice_words(payload, reader),
        "competencies": competencies,
        "buyers": buyers,
        "manager_comments": distinct_comments(list(payload.get("manager_comments", []))),
        "quality": quality_notes(payload, rubrics, reader),
        "red_flags": red_flag_rows(payload, rubrics),
        "trend": trend,
        "plan": plan_section(inputs.coaching, reader, rep_name, inputs.round_name, inputs.locale),
    }
