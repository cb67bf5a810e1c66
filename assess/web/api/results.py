"""Results and reports: each rep's issued scores as the reports show them, report
status, and the PDFs.

Results come from the round's issued score snapshots through
`assess.core.reports.shared_results`, the anonymity contract of the reports and the
export; nothing exists before the round is closed and scored.
"""

from __future__ import annotations

import io

from flask import send_file, url_for
from flask_smorest import Blueprint
from sqlalchemy import select

from assess.core.reports.shared_results import shown_result
from assess.models import Rep, Report, Round, ScoreSnapshot
from assess.platform.db import db_session
from assess.platform.report_files import read_verified
from assess.web.api.access import caller
from assess.web.api.paging import next_link, page_of
from assess.web.api.people import visible_row
from assess.web.api.problems import ApiError
from assess.web.api.schemas import PageArgs, ReportOut, ReportPage, ResultOut, ResultPage
from assess.web.api.spec import documented
from assess.web.scoping import api_scope

blueprint = Blueprint("api_results", __name__, description="Results and reports")


def scored_round(round_id: int) -> Round:
    assessment_round = visible_row(Round, round_id)
    if assessment_round.status != "closed":
        raise ApiError(
            409,
            f"The round is {assessment_round.status}: results exist once it is closed and "
            "scored (a `round.closed` webhook says when).",
        )
    return assessment_round


def result_view(snapshot: ScoreSnapshot, names: dict[int, str]) -> dict:
    return {
        "round_id": snapshot.round_id,
        "rep_id": snapshot.rep_id,
        "rep_name": names.get(snapshot.rep_id, ""),
        **shown_result(snapshot.payload),
    }


def rep_snapshots():
    return select(ScoreSnapshot).where(
        ScoreSnapshot.organization_id == caller().organization_id, ScoreSnapshot.scope == "rep"
    )


def rep_names(rep_ids) -> dict[int, str]:
    return dict(db_session().execute(select(Rep.id, Rep.name).where(Rep.id.in_(rep_ids))).all())


@blueprint.get("/rounds/<int:round_id>/results")
@blueprint.arguments(PageArgs, location="query")
@blueprint.response(200, ResultPage)
@documented("read", found=True, conflict=True)
@api_scope("read")
def round_results(args, round_id: int):
    """Every rep's issued results in a closed round (aggregates only)."""
    scored_round(round_id)
    page = page_of(rep_snapshots().where(ScoreSnapshot.round_id == round_id), ScoreSnapshot, args)
    names = rep_names([snapshot.rep_id for snapshot in page["data"]])
    data = [result_view(snapshot, names) for snapshot in page["data"]]
    return {**page, "data": data}, next_link(page["next_cursor"])


@blueprint.get("/rounds/<int:round_id>/results/<int:rep_id>")
@blueprint.response(200, ResultOut)
@documented("read", found=True, conflict=True)
@api_scope("read")
def rep_result(round_id: int, rep_id: int):
    """One rep's issued results in a closed round."""
    scored_round(round_id)
    rep = visible_row(Rep, rep_id)
    snapshot = db_session().scalar(
        rep_snapshots().where(ScoreSnapshot.round_id == round_id, ScoreSnapshot.rep_id == rep.id)
    )
    if snapshot is None:
        raise ApiError(404, f"Rep {rep_id} has no results in round {round_id}.")
    return result_view(snapshot, {rep.id: rep.name})


def report_view(report: Report) -> dict:
    done = report.status == "done"
    return {
        "id": report.id,
        "round_id": report.round_id,
        "rep_id": report.rep_id,
        "kind": report.kind,
        "reader": report.reader,
        "status": report.status,
        "progress": report.progress,
        "size_bytes": report.size_bytes,
        "finished_at": report.finished_at,
        "pdf": url_for("api_results.report_pdf", report_id=report.id) if done else None,
    }


@blueprint.get("/rounds/<int:round_id>/reports")
@blueprint.arguments(PageArgs, location="query")
@blueprint.response(200, ReportPage)
@documented("read", found=True)
@api_scope("read")
def round_reports(args, round_id: int):
    """The round's reports: the team report and each rep's two copies."""
    visible_row(Round, round_id)
    query = select(Report).where(
        Report.organization_id == caller().organization_id, Report.round_id == round_id
    )
    page = page_of(query, Report, args)
    data = [report_view(report) for report in page["data"]]
    return {**page, "data": data}, next_link(page["next_cursor"])


@blueprint.get("/reports/<int:report_id>")
@blueprint.response(200, ReportOut)
@documented("read", found=True)
@api_scope("read")
def get_report(report_id: int):
    """One report's status."""
    return report_view(visible_row(Report, report_id))


@blueprint.get("/reports/<int:report_id>/pdf")
@blueprint.response(
    200, {"type": "string", "format": "binary"}, content_type="application/pdf",
    description="The PDF, exactly as rendered (its checksum verified).",
)  # fmt: skip
@documented("read", found=True, conflict=True)
@api_scope("read")
def report_pdf(report_id: int):
    """Download a finished report."""
    report = visible_row(Report, report_id)
    if report.status != "done":
        raise ApiError(409, f"The report is {report.status}: download it once it is done.")
    data = read_verified(report.file_path, report.checksum)
    if data is None:
        raise ApiError(404, "The report's file is missing or changed; render it again.")
    return send_file(io.BytesIO(data), mimetype="application/pdf", download_name="report.pdf")
