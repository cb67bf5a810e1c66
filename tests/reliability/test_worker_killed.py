"""kill -9 the Celery process rendering a team report: the job runs again to a complete,
valid PDF, no half file is ever left or served, and the owner is emailed once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from pypdf import PdfReader
from sqlalchemy import func, select

from assess.demo import load_demo
from assess.models import OutboxMessage, Report
from assess.platform.celery_queue import CELERY_TASK_NAME, make_celery
from assess.platform.db import Database
from assess.platform.report_files import read_verified

PROJECT_ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.services


def other_redis_db(redis_url: str) -> str:
    """Its own Redis database, so another test's flush cannot take our message."""
    base, _, number = redis_url.rpartition("/")
    return f"{base}/{13 if number == '14' else 14}"


def children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return [int(line) for line in found.stdout.split()]


def wait(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"{what} did not happen within {seconds} s")


def test_a_killed_worker_hands_the_team_report_on(committed_database, redis_url, tmp_path):
    queue_url = other_redis_db(redis_url)
    redis.Redis.from_url(queue_url).flushdb()
    database = Database(committed_database)
    with database.session_scope() as session:
        load_demo(session, "test-secret-key")
    with database.session_scope() as session:
        team_report = session.scalar(select(Report).where(Report.kind == "team"))
        report_id = team_report.id

    instance = tmp_path / "worker-instance"
    env = {
        **{k: v for k, v in os.environ.items() if k != "SMTP_URL"},
        "DATABASE_URL": committed_database,
        "REDIS_URL": queue_url,
        "SECRET_KEY": "test-secret-key",
        "CANDOR_INSTANCE_PATH": str(instance),
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "app", "worker", "--concurrency", "1"],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    celery = make_celery(queue_url)
    try:
        celery.send_task(CELERY_TASK_NAME, args=("render_report", report_id))

        def rendering():
            with database.session_scope() as session:
                report = session.get(Report, report_id)
                return report.status == "running" and report.progress >= 10

        wait(rendering, 90, "the team report starting to render")
        pool = wait(lambda: children(worker.pid), 10, "a pool process")
        for pid in pool:
            os.kill(pid, signal.SIGKILL)  # the process doing the work dies mid-report

        def finished():
            with database.session_scope() as session:
                report = session.get(Report, report_id)
                return report if report.status in ("done", "failed") else None

        report = wait(finished, 120, "the report finishing after the kill")
        assert report.status == "done", report.error
        assert report.attempts >= 2
        data = read_verified(report.file_path, report.checksum)
        assert data is not None and PdfReader(report.file_path).pages
        assert "Marcus Hale" in PdfReader(report.file_path).pages[0].extract_text()
        assert list(Path(report.file_path).parent.glob("*.part")) == []
        with database.session_scope() as session:
            owner_mails = session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.subject.startswith("Team readiness report"))
            )
        assert owner_mails == 1
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
        celery.close()
        database.dispose()
