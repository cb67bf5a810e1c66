"""Tasks: score a closed round, render its reports, tell the owner.

Each task is idempotent, because with the Redis queue a worker killed mid-task gets
its job re-delivered: a round is scored once per closing (a second run finds the
snapshots of its latest closing and keeps them, as issued), a report already done
(with a file that still matches its checksum) is not rendered again, and the owner's
email has a dedupe key.
"""

from __future__ import annotations

import logging

from assess.core.i18n import speaking_locale
from assess.models import Report, Round
from assess.models.results import REP_KINDS
from assess.platform.db import db_session, get_database
from assess.platform.queue import task
from assess.platform.report_files import ReportFileError, read_verified, write_atomically
from assess.platform.settings import get_settings
from assess.platform.transaction import commit
from assess.services.report_pdfs import report_pdf
from assess.services.reports import (
    RENDER_TASK,
    SCORE_TASK,
    record_failure,
    record_progress,
    record_rendered,
    score_and_render,
    start_rendering,
)
from assess.services.team_validity import team_report_inputs

log = logging.getLogger(__name__)


@task(SCORE_TASK)
def close_round(app, round_id: int) -> list[int]:
    """Score the round (once per closing), queue a team report and one report per rep; return
    report ids."""
    database = db_session()
    report_ids = score_and_render(database, database.get(Round, round_id))
    commit(database)
    return report_ids


def set_progress(report_id: int, progress: int) -> None:
    """Record progress in its own short transaction, so the web page sees it live."""
    with get_database().session_scope() as session:
        record_progress(session, report_id, progress)


@task(RENDER_TASK)
def render_report(app, report_id: int) -> str:
    database = db_session()
    report = database.get(Report, report_id)
    if report is None:
        return "missing"
    if report.status == "done" and read_verified(report.file_path or "", report.checksum or ""):
        return "done"
    start_rendering(database, report)
    database.commit()
    settings = get_settings(app)
    try:
        inputs = team_report_inputs(database, settings, report)
        # End the read transaction before the slow part: on SQLite every transaction
        # holds the write lock (BEGIN IMMEDIATE), and rendering takes seconds.
        database.rollback()
        # The rep's own copy speaks the rep's language (`reports.report_language`:
        # `inputs.locale`); the manager's copy and the team report speak English.
        with speaking_locale(settings.catalogs, inputs.locale):
            pdf = report_pdf(inputs, progress=lambda value: set_progress(report_id, value))
        folder = settings.reports_dir / f"org-{report.organization_id}"
        name = report_file(report)
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
    record_rendered(database, settings, report, str(path), checksum, len(pdf))
    commit(database)
    return "done"


def report_file(report: Report) -> str:
    """ "round-3-rep-7.pdf" for the rep's copy (as before two copies were),
    "round-3-rep-7-manager.pdf" for the manager's, "round-3-team-team.pdf"."""
    copy = "-manager" if report.kind in REP_KINDS and report.reader == "manager" else ""
    return f"round-{report.round_id}-{report.kind}-{report.rep_id or 'team'}{copy}.pdf"


def fail(report_id: int, message: str) -> str:
    database = db_session()
    database.rollback()
    record_failure(database, database.get(Report, report_id), message)
    database.commit()
    return "failed"
