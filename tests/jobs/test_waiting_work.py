"""Work recorded for after a commit is never silently lost: not when the queue was down
at the commit, not when a process stopped, not when a savepoint rolled back, and not
when someone commits the wrong way."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from assess.models import OutboxMessage, Report, Round, utcnow
from assess.platform.queue import InProcessQueue
from assess.platform.settings import get_settings
from assess.platform.transaction import UndispatchedWork, after_commit, commit
from assess.services import outbox
from assess.services.bank_versions import ensure_version, shipped_banks
from assess.services.reports import RESUME_TASK
from tests.factories import RepFactory, RoundFactory, TeamFactory, UserFactory


def test_a_message_whose_delivery_job_was_lost_is_delivered_by_the_cron_command(mail_app):
    session = mail_app.test_session
    message = outbox.queue_message(
        session, get_settings(mail_app).mail, to="rep@example.com", subject="Lost", text="Hi"
    )
    message.created_at = utcnow() - timedelta(minutes=30)  # its job never ran
    session.flush()
    result = mail_app.test_cli_runner().invoke(args=["reminders", "send"])
    assert result.exit_code == 0, result.output
    assert "1 waiting jobs queued again" in result.output
    assert [m["Subject"] for m in mail_app.smtp.messages] == ["Lost"]
    session.expire_all()
    assert session.get(OutboxMessage, message.id).status == "sent"


def test_a_closed_round_whose_scoring_was_lost_is_scored_and_reported(app, runner, session):
    owner = UserFactory(role="owner")
    team = TeamFactory(organization=owner.organization, manager_id=owner.id)
    RepFactory(team=team)
    version = ensure_version(session, shipped_banks()["consultative_selling"])
    closed = RoundFactory(team=team, bank_versions=[version], status="closed")
    closed.closed_at = utcnow()
    session.flush()
    result = runner.invoke(args=["reminders", "send"])
    assert result.exit_code == 0, result.output
    reports = session.scalars(select(Report).where(Report.round_id == closed.id)).all()
    assert {report.kind for report in reports} >= {"team"}
    assert session.get(Round, closed.id).status == "closed"


def test_a_plain_commit_with_recorded_work_refuses_instead_of_dropping_it(app, session):
    after_commit(session, "deliver_mail", 1)
    with pytest.raises(UndispatchedWork, match="deliver_mail"):
        session.commit()
    session.rollback()


def test_a_rolled_back_savepoint_keeps_the_enclosing_transactions_work(app, session):
    with app.app_context():
        after_commit(session, "resume_pending")
        savepoint = session.begin_nested()
        savepoint.rollback()
        futures = commit(session)
    assert len(futures) == 1
    assert futures[0].result() >= 0


def test_work_queued_while_the_server_stops_is_left_for_the_next_start(app, caplog):
    """The startup resume may still be queueing jobs when the server is stopped: those
    jobs are dropped like the other waiting ones (their work stays recorded), without a
    failure in the log."""
    queue = InProcessQueue(app, workers=1)
    started, release = threading.Event(), threading.Event()

    def resume_while_stopping():
        started.set()
        release.wait(5)
        return queue.enqueue(RESUME_TASK)

    running = queue.executor.submit(resume_while_stopping)
    started.wait(5)
    stopping = threading.Thread(target=queue.shutdown, kwargs={"cancel_waiting": True})
    stopping.start()
    while not queue._stop.is_set():  # noqa: SLF001 - waiting for the stop to begin
        time.sleep(0.01)
    release.set()
    dropped = running.result(5)
    stopping.join(5)
    assert dropped.cancelled()
    assert "failed" not in caplog.text
