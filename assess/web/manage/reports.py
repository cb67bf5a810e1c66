"""Reports of a round: status and progress on the board, download, render again."""

from __future__ import annotations

import io
import re

from flask import abort, flash, jsonify, redirect, send_file, url_for

from assess.models import Rep, Report, Round
from assess.models.results import REP_KINDS
from assess.platform.db import db_session
from assess.platform.report_files import read_verified
from assess.platform.transaction import commit
from assess.services.reports import score_after_commit
from assess.services.round_kinds import is_pulse
from assess.web.manage import blueprint
from assess.web.manage.forms import require_confirmation
from assess.web.scoping import team_row, visible, visible_or_404

#: Characters a file name should not hold on any system a PDF is saved to.
UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')


def round_reports(round_id: int) -> list[Report]:
    return list(
        db_session().scalars(
            visible(Report)
            .where(Report.round_id == round_id)
            .order_by(Report.kind.desc(), Report.rep_id, Report.reader.desc())
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
    return send_file(
        io.BytesIO(data),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=report_file_name(report),
    )


#: How a rep report's file name says whose copy it is.
COPY_NAMES = {"rep": "rep's copy", "manager": "manager's copy"}


def report_file_name(report: Report) -> str:
    """ "Autumn 2026 round - Marcus Hale - coaching report - rep's copy.pdf": what the
    file is and whose copy, in the names the owner knows (characters a file name cannot
    hold become spaces; werkzeug adds the UTF-8 form for accented names)."""
    round_name = db_session().get(Round, report.round_id).name
    parts = [round_name]
    if report.rep_id:
        rep = db_session().get(Rep, report.rep_id)
        name = rep.name if rep else f"rep {report.rep_id}"
        title = "pulse report" if report.kind == "pulse" else "coaching report"
        parts += [name, title, COPY_NAMES.get(report.reader, "rep's copy")]
    else:
        parts.append("team readiness report")
    name = " - ".join(UNSAFE.sub(" ", part).strip() for part in parts)
    return " ".join(name.split())[:150] + ".pdf"


@blueprint.get("/rounds/<int:round_id>/reports.json")
@team_row(Round, "round_id")
def reports_status(round_id: int):
    """Status and progress of the round's reports (the board polls it)."""
    visible_or_404(Round, round_id)
    return jsonify(
        [
            {
                "id": r.id,
                "kind": r.kind,
                "reader": r.reader,
                "status": r.status,
                "progress": r.progress,
            }
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
    """The round's team report, and each rep's copies by reader ("rep", "manager");
    `pulse` for a pulse round, which has its reps' pulse reports and no team report."""
    reports = round_reports(round_id)
    reps: dict[int, dict[str, Report]] = {}
    for report in reports:
        if report.kind in REP_KINDS:
            reps.setdefault(report.rep_id, {})[report.reader] = report
    return {
        "team": next((r for r in reports if r.kind == "team"), None),
        "reps": reps,
        "pulse": is_pulse(db_session(), round_id),
    }
