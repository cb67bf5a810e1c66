"""Tasks: score a closed round, render its reports, tell the owner.

Each task is idempotent, because with the Redis queue a worker killed mid-task gets
its job re-delivered: scoring replaces the round's snapshots, a report already done
(with a file that still matches its checksum) is not rendered again, and the owner's
email has a dedupe key.
"""

from __future__ import annotations

import logging
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.db import db_session
from assess.jobs.queue import enqueue, task
from assess.models import Report, Round, ScoreSnapshot, User, utcnow
from assess.reports.files import ReportFileError, read_verified, write_atomically
from assess.reports.inputs import ReportInputs

log = logging.getLogger(__name__)


@task("close_round")
def close_round(app, round_id: int) -> list[int]:
    """Score the round, queue a team report and one report per rep; return report ids."""
    from assess.round_scoring import score_round

    database = db_session()
    assessment_round = database.get(Round, round_id)
    score_round(database, assessment_round)
    report_ids = queue_reports(database, assessment_round)
    database.commit()
    for report_id in report_ids:
        enqueue("render_report", report_id)
    return report_ids


def queue_reports(database: Session, assessment_round: Round) -> list[int]:
    """(Re)queue the round's reports: the team's and one per scored rep (flushes)."""
    tone = assessment_round.organization.report_tone
    rep_ids = database.scalars(
        select(ScoreSnapshot.rep_id).where(
            ScoreSnapshot.round_id == assessment_round.id, ScoreSnapshot.scope == "rep"
        )
    ).all()
    wanted = [("team", None)] + [("rep", rep_id) for rep_id in rep_ids]
    existing = {
        (report.kind, report.rep_id): report
        for report in database.scalars(select(Report).where(Report.round_id == assessment_round.id))
    }
    reports = []
    for kind, rep_id in wanted:
        report = existing.get((kind, rep_id))
        if report is None:
            report = Report(
                organization_id=assessment_round.organization_id,
                round_id=assessment_round.id,
                kind=kind,
                rep_id=rep_id,
            )
            database.add(report)
        report.tone, report.status, report.progress, report.error = tone, "queued", 0, None
        reports.append(report)
    database.flush()
    return [report.id for report in reports]


@task("resume_reports")
def resume_reports(app) -> int:
    """Queue every report left queued or half-rendered (after a restart or a crash)."""
    report_ids = (
        db_session()
        .scalars(
            select(Report.id).where(Report.status.in_(("queued", "running"))).order_by(Report.id)
        )
        .all()
    )
    for report_id in report_ids:
        enqueue("render_report", report_id)
    return len(report_ids)


def set_progress(report_id: int, progress: int) -> None:
    """Record progress in its own short transaction, so the web page sees it live."""
    from assess.db import get_database

    with get_database().session_scope() as session:
        report = session.get(Report, report_id)
        if report is not None and report.status == "running":
            report.progress = max(report.progress, min(99, int(progress)))


@task("render_report")
def render_report(app, report_id: int) -> str:
    database = db_session()
    report = database.get(Report, report_id)
    if report is None:
        return "missing"
    if report.status == "done" and read_verified(report.file_path or "", report.checksum or ""):
        return "done"
    report.status, report.progress, report.error = "running", 1, None
    report.attempts += 1
    report.started_at = utcnow()
    database.commit()
    try:
        inputs = report_inputs(report)
        # End the read transaction before the slow part: on SQLite every transaction
        # holds the write lock (BEGIN IMMEDIATE), and rendering takes seconds.
        database.rollback()
        pdf = build_pdf(inputs, progress=lambda value: set_progress(report_id, value))
        folder = Path(current_app.config["REPORTS_DIR"]) / f"org-{report.organization_id}"
        name = f"round-{report.round_id}-{report.kind}-{report.rep_id or 'team'}.pdf"
        path, checksum = write_atomically(folder, name, pdf)
    except ReportFileError as error:
        return fail(report_id, str(error))
    except Exception as error:
        log.exception("report %s failed", report_id)
        return fail(
            report_id,
            f"Rendering failed unexpectedly ({type(error).__name__}). The round's data is "
            "untouched; render the report again, and if it fails twice, tell your administrator.",
        )
    database.expire_all()
    report = database.get(Report, report_id)
    report.file_path, report.checksum, report.size_bytes = str(path), checksum, len(pdf)
    report.status, report.progress, report.finished_at = "done", 100, utcnow()
    database.commit()
    if report.kind == "team":
        notify_owners(report)
    return "done"


def fail(report_id: int, message: str) -> str:
    database = db_session()
    database.rollback()
    report = database.get(Report, report_id)
    report.status, report.error, report.finished_at = "failed", message, utcnow()
    database.commit()
    return "failed"


def report_inputs(report: Report) -> ReportInputs:
    """Fill a report's plain inputs from the round's stored snapshots."""
    from assess.round_scoring import previous_round, round_banks

    database = db_session()
    assessment_round = database.get(Round, report.round_id)
    snapshots = database.scalars(
        select(ScoreSnapshot).where(ScoreSnapshot.round_id == assessment_round.id)
    ).all()
    team_payload = next((s.payload for s in snapshots if s.scope == "team"), None)
    rep_payloads = sorted(
        (s.payload for s in snapshots if s.scope == "rep"), key=lambda p: p["rep_name"]
    )
    before = previous_round(database, assessment_round)
    previous_rep_payload = None
    if report.kind == "rep" and before is not None:
        previous_rep_payload = database.scalar(
            select(ScoreSnapshot.payload).where(
                ScoreSnapshot.round_id == before.id, ScoreSnapshot.rep_id == report.rep_id
            )
        )
    closed = assessment_round.closed_at or utcnow()
    return ReportInputs(
        kind=report.kind,
        organization_name=assessment_round.organization.name,
        team_name=assessment_round.team.name,
        round_name=assessment_round.name,
        round_closed_on=f"{closed.day} {closed:%B %Y}",
        tone=report.tone,
        banks=round_banks(assessment_round),
        rep_payload=next(
            (s.payload for s in snapshots if s.scope == "rep" and s.rep_id == report.rep_id),
            None,
        ),
        previous_rep_payload=previous_rep_payload,
        team_payload=team_payload,
        rep_payloads=tuple(rep_payloads) if report.kind == "team" else (),
        previous_round_name=before.name if before else None,
    )


def build_pdf(inputs: ReportInputs, progress) -> bytes:
    """Render a report from the round's stored snapshots (never from live answers)."""
    from assess.reports.build import rep_report_pdf, team_report_pdf

    progress(10)
    if inputs.kind == "rep":
        return rep_report_pdf(inputs, progress=progress)
    return team_report_pdf(inputs, progress=progress)


def notify_owners(report: Report) -> None:
    """Email every owner of the organization that the team report is ready (once)."""
    from assess.web.outbox import absolute_url, compose, dispatch

    database = db_session()
    assessment_round = database.get(Round, report.round_id)
    owners = database.scalars(
        select(User).where(
            User.organization_id == report.organization_id, User.role == "owner", User.is_active
        )
    )
    messages = [
        compose(
            "team_report_ready",
            to=owner.email,
            subject=f"Team readiness report: {assessment_round.name}",
            organization_id=report.organization_id,
            dedupe_key=f"report:{report.id}:owner:{owner.id}:{report.checksum[:16]}",
            owner=owner,
            round=assessment_round,
            link=absolute_url(f"/manage/reports/{report.id}.pdf"),
        )
        for owner in owners
    ]
    database.commit()
    dispatch(*messages)
