"""With REDIS_URL, jobs go through Redis to a separate `flask --app app worker` process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from assess.models import OutboxMessage
from assess.platform.queue import enqueue
from assess.platform.settings import get_settings
from assess.services import outbox
from tests.conftest import make_test_app

PROJECT_ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.services


@pytest.fixture
def worker(database_url, redis_url, smtp_server, tmp_path):
    """A real Celery worker process on the test database, Redis and SMTP server."""
    redis.Redis.from_url(redis_url).flushdb()  # no stale messages from earlier runs
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SMTP_URL": smtp_server.url,
        "SECRET_KEY": "test-secret-key",
        "CANDOR_INSTANCE_PATH": str(tmp_path / "worker-instance"),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "app", "worker", "--concurrency", "1"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield process
    process.terminate()
    process.communicate(timeout=30)


def test_a_job_runs_on_the_worker_and_the_mail_arrives(
    worker, database_url, redis_url, smtp_server, tmp_path
):
    app = make_test_app(
        database_url, tmp_path, REDIS_URL=redis_url, SMTP_URL=smtp_server.url, JOBS_EAGER=False
    )
    database = app.extensions["candor.db"]
    with database.session_scope() as session:
        message_id = outbox.queue_message(
            session, get_settings(app).mail, to="rep@example.com",
            subject="Through Redis", text="Hello from the worker",
        ).id  # fmt: skip
    started = time.monotonic()
    assert enqueue("deliver_mail", message_id, app=app).result(timeout=60) == "sent"
    assert time.monotonic() - started < 60
    assert [message["Subject"] for message in smtp_server.messages] == ["Through Redis"]
    with database.session_scope() as session:
        session.delete(session.get(OutboxMessage, message_id))
    app.extensions["candor.jobs"].shutdown()
    database.dispose()


def test_the_worker_command_explains_that_it_needs_redis(tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL",)}
    env["CANDOR_INSTANCE_PATH"] = str(tmp_path)
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "worker"],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert "REDIS_URL is not set" in result.stderr
