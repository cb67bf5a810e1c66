"""Reports of a round: status and progress on the board, download, render again."""

from __future__ import annotations

from flask import Response as HttpResponse
from flask import abort, flash, jsonify, redirect, url_for

from assess.models import Report, Round
from assess.platform.db import db_session
from assess.platform.report_files import read_verified
from assess.platform.transaction import commit
from assess.services.reports import score_after_commit
from assess.web.manage import blueprint
from assess.web.manage.forms import require_confirmation
from assess.web.scoping import team_row, visible, visible_or_404


def round_reports(round_id: int) -> list[Report]:
    return list(
        db_session().scalars(
            visible(Report)
            .where(Report.round_id == round_id)
            .order_by(Report.kind.desc(), Report.rep_id)
        )
    )


@blueprint.get("/reports/<int:report_id>.pdf")
@team_row(Report, "report_id")
def download_report(report_id: int):
    """Serve a finished report, and only if its bytes still match the stored checksum."""
    report = visible_or_404(Report, report_id)
    data = None
    if report.status == "done":
        data = read_verified(report.file_path, report.checksum)
    if data is None:
        abort(404)
    name = f"candor-{report.kind}-report-round-{report.round_id}"
    if report.rep_id:
        name += f"-rep-{report.rep_id}"
    return HttpResponse(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'},
    )


@blueprint.get("/rounds/<int:round_id>/reports.json")
@team_row(Round, "round_id")
def reports_status(round_id: int):
    """Status and progress of the round's reports (the board polls it)."""
    visible_or_404(Round, round_id)
    return jsonify(
        [
            {"id": r.id, "kind": r.kind, "status": r.status, "progress": r.progress}
            for r in round_reports(round_id)
        ]
    )


@blueprint.post("/rounds/<int:round_id>/render")
@team_row(Round, "round_id")
def render_reports(round_id: int):
    """Render every report anew from the scores the round issued when it closed (never
    scored again: see docs/anonymity.md)."""
    assessment_round = visible_or_404(Round, round_id)
    require_confirmation()
    if assessment_round.status != "closed":
        flash("Close the round first; reports are made from a closed round.", "error")
    else:
        score_after_commit(db_session(), assessment_round)
        commit(db_session())
        flash("Reports are being rendered again.", "success")
    return redirect(url_for("manage.round_board", round_id=round_id) + "#reports")


def latest_round_reports(round_id: int) -> dict:
    reports = round_reports(round_id)
    return {
        "team": next((r for r in reports if r.kind == "team"), None),
        "reps": {r.rep_id: r for r in reports if r.kind == "rep"},
    }
