"""Readiness: page one of the team report as a web page, and each team's headline on
the dashboard.

Both are made from the very view-model the PDF is rendered from — `team_view` over
`report_inputs`, in the tone of the round's team report — so the page, the dashboard
and the PDF cannot disagree on a count, a name or a decision. Nothing here computes a
number of its own.
"""

from __future__ import annotations

from typing import Any

from flask import abort, render_template
from sqlalchemy import select

from assess.core.reports.render import chart
from assess.core.reports.wording import number, signed
from assess.models import Rep, Report, Round, Team
from assess.platform.db import db_session
from assess.services.report_pdfs import team_view
from assess.services.reports import report_inputs
from assess.services.round_kinds import assessment_rounds, is_pulse
from assess.web.manage import blueprint
from assess.web.scoping import team_row, visible, visible_or_404


def team_report_row(assessment_round: Round) -> Report:
    """The round's team report, whose tone the page shares; before one is queued (the
    round was closed a moment ago), an unsaved one in the organization's tone."""
    report = db_session().scalar(
        select(Report).where(Report.round_id == assessment_round.id, Report.kind == "team")
    )
    if report is not None:
        return report
    return Report(
        organization_id=assessment_round.organization_id,
        round_id=assessment_round.id,
        kind="team",
        tone=assessment_round.organization.report_tone,
    )


def readiness_view(assessment_round: Round, report: Report) -> dict[str, Any] | None:
    """The team report's view of a closed round; None while it is open or not scored."""
    if assessment_round.status != "closed":
        return None
    inputs = report_inputs(db_session(), report)
    if not inputs.team_payload:
        return None
    return team_view(inputs)


def rep_links(view: dict[str, Any]) -> dict[str, int]:
    """Shown rep name → rep id, for the names the viewer may open (a rep moved to a
    team they do not manage is named, not linked). Two reps sharing a name are not
    linked either: a name alone cannot say which of them is meant."""
    ids: dict[str, int] = {}
    shared: set[str] = set()
    for row in view["ranking"]:
        if row["name"] in ids:
            shared.add(row["name"])
        ids[row["name"]] = int(row["rep_id"])
    openable = set(
        db_session().scalars(visible(Rep).where(Rep.id.in_(ids.values())).with_only_columns(Rep.id))
    )
    return {
        name: rep_id for name, rep_id in ids.items() if rep_id in openable and name not in shared
    }


@blueprint.get("/rounds/<int:round_id>/readiness")
@team_row(Round, "round_id")
def readiness(round_id: int):
    """How ready the team is after this round: page one of the team report."""
    assessment_round = visible_or_404(Round, round_id)
    if is_pulse(db_session(), assessment_round.id):
        abort(404)  # a pulse has no team report: its rep's pulse report is on the board
    report = team_report_row(assessment_round)
    view = readiness_view(assessment_round, report)
    return render_template(
        "manage/readiness.html",
        round=assessment_round,
        view=view,
        rep_ids=rep_links(view) if view else {},
        pdf=report if report.status == "done" else None,
        num=number,
        signed=signed,
        chart=chart,
    )


@blueprint.app_template_global()
def latest_readiness(teams: list[Team]) -> list[dict[str, Any]]:
    """Per team, its latest closed round and that round's headline (the dashboard calls
    this; the round is found among the rounds the viewer may see)."""
    rows = []
    for team in teams:
        latest = db_session().scalar(
            visible(Round)
            .where(Round.team_id == team.id, Round.status == "closed", assessment_rounds())
            .order_by(Round.opens_at.desc(), Round.id.desc())
            .limit(1)
        )
        view = readiness_view(latest, team_report_row(latest)) if latest is not None else None
        rows.append(
            {
                "team": team,
                "round": latest,
                "headline": view["headline"] if view else None,
                "counts": view["counts"] if view else [],
            }
        )
    return rows
