"""Tasks: score a closed round, render its reports, tell the owner.

Each task is idempotent, because with the Redis queue a worker killed mid-task gets
its job re-delivered: scoring replaces the round's snapshots, a report already done
(with a file that still matches its checksum) is not rendered again, and the owner's
email has a dedupe key.
"""

from __future__ import annotations

import logging

from assess.models import Report, Round, utcnow
from assess.platform.db import db_session, get_database
from assess.platform.queue import enqueue, task
from assess.platform.report_files import ReportFileError, read_verified, write_atomically
from assess.platform.settings import get_settings
from assess.platform.transaction import commit
from assess.services.report_pdfs import report_pdf
from assess.services.reports import (
    RENDER_TASK,
    SCORE_TASK,
    notify_owners,
    report_inputs,
    score_and_render,
    unfinished_reports,
)

log = logging.getLogger(__name__)


@task(SCORE_TASK)
def close_round(app, round_id: int) -> list[int]:
    """Score the round, queue a team report and one report per rep; return report ids."""
    database = db_session()
    report_ids = score_and_render(database, database.get(Round, round_id))
    commit(database)
    return report_ids


@task("resume_reports")
def resume_reports(app) -> int:
    """Queue every report left queued or half-rendered (after a restart or a crash)."""
    report_ids = unfinished_reports(db_session())
    for report_id in report_ids:
        enqueue(RENDER_TASK, report_id)
    return len(report_ids)


def set_progress(report_id: int, progress: int) -> None:
    """Record progress in its own short transaction, so the web page sees it live."""
    with get_database().session_scope() as session:
        report = session.get(Report, report_id)
        if report is not None and report.status == "running":
            report.progress = max(report.progress, min(99, int(progress)))


@task(RENDER_TASK)
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
    settings = get_settings(app)
    try:
        inputs = report_inputs(database, report)
        # End the read transaction before the slow part: on SQLite every transaction
        # holds the write lock (BEGIN IMMEDIATE), and rendering takes seconds.
        database.rollback()
        pdf = report_pdf(inputs, progress=lambda value: set_progress(report_id, value))
        folder = settings.reports_dir / f"org-{report.organization_id}"
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
        notify_owners(database, settings, report)
        commit(database)
    return "done"


def fail(report_id: int, message: str) -> str:
    database = db_session()
    database.rollback()
    report = database.get(Report, report_id)
    report.status, report.error, report.finished_at = "failed", message, utcnow()
    database.commit()
    return "failed"
