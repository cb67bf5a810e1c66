"""What `make run` does after installing: migrate, load the demo, serve on gunicorn."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

from assess.demo import DEMO_LOGINS
from assess.models import Rep
from tests.conftest import free_port

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def wait_for(url: str, seconds: float) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310 (loopback)
                return answer.status
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def test_serve_on_a_fresh_instance_answers_with_the_demo_loaded(tmp_path):
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["CANDOR_INSTANCE_PATH"] = str(tmp_path / "instance")
    server = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "app", "serve", "--port", str(port)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert wait_for(f"http://127.0.0.1:{port}/", 60) == 200
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in output
    # no public address set: emailed links point at this port, not the default 5000
    assert f"Links in emails point to http://127.0.0.1:{port}/" in output
    assert DEMO_LOGINS["manager"][0] in output
    assert "Traceback" not in output, output
    assert (tmp_path / "instance" / "secret_key").exists()
    engine = create_engine(f"sqlite:///{tmp_path / 'instance' / 'candor.db'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        # the demo's two teams: Field Sales' twelve reps and Inside Sales' fourteen
        assert connection.execute(select(func.count()).select_from(Rep)).scalar() == 26
    engine.dispose()
