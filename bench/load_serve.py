"""The serving side of the load test: the app migrated and run the production way.

``migrate`` runs ``flask --app app db upgrade``; ``Server`` runs
``gunicorn -w 8 --threads 1 'app:create_app()'`` (or the bare baseline app) on a loopback
socket this process binds and hands over (``fd://``), its output kept in a log file that
``log_problems`` greps afterwards. Handing over a bound socket, rather than naming a port
found free a moment earlier, means no other process can take the port in between and no
other server can answer the ready check in its place.

Apart from seeding (``bench/load_seed.py``) and driving (``bench/load_drive.py``)
because this is the only part that starts processes: everything here is about child
processes, their environment and their logs, and nothing about surveys.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench.load_seed import SECRET_KEY

REPO = Path(__file__).resolve().parent.parent


def app_env(database_url: str, instance_path: Path, extra_env: dict | None = None) -> dict:
    """The environment the app runs with: this database, the seeding's secret key, and
    neither Redis nor mail (jobs run in-process, nothing is sent)."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET_KEY,
        "CANDOR_INSTANCE_PATH": str(instance_path),
        "PYTHONPATH": str(REPO),
        **(extra_env or {}),
    }
    for unwanted in ("REDIS_URL", "SMTP_URL"):
        env.pop(unwanted, None)
    return env


def migrate(database_url: str, instance_path: Path) -> None:
    """``flask --app app db upgrade``, the production way."""
    subprocess.run(
        [str(Path(sys.executable).with_name("flask")), "--app", "app", "db", "upgrade"],
        cwd=REPO,
        env=app_env(database_url, instance_path),
        check=True,
        capture_output=True,
        timeout=120,
    )


class Server:
    """A gunicorn serving ``app_spec`` on a free loopback port; output in ``log_path``."""

    def __init__(
        self,
        app_spec: str,
        database_url: str,
        instance_path: Path,
        log_path: Path,
        workers: int = 8,
        threads: int = 1,
        extra_env: dict | None = None,
    ):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.set_inheritable(True)
        self.port = self.listener.getsockname()[1]
        self.log_path = log_path
        self.env = app_env(database_url, instance_path, extra_env)
        self.command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "-w",
            str(workers),
            "--threads",
            str(threads),
            "-b",
            f"fd://{self.listener.fileno()}",
            "--timeout",
            "60",
            "--no-control-socket",
            app_spec,
        ]
        self.process: subprocess.Popen | None = None

    def start(self, ready_path: str = "/healthz", timeout: float = 60.0) -> Server:
        self.log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self.command,
            cwd=REPO,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            pass_fds=(self.listener.fileno(),),
        )
        self.listener.close()  # gunicorn holds the port from here on
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log_text()[-2000:]}")
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            try:
                connection.request("GET", ready_path)
                if connection.getresponse().status < 500:
                    return self
            except (OSError, http.client.HTTPException):
                pass
            finally:
                connection.close()
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {timeout} s: {self.log_text()[-2000:]}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        if getattr(self, "log", None):
            self.log.close()

    def alive(self) -> bool:
        """Whether gunicorn's master process is still running."""
        return self.process is not None and self.process.poll() is None

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def log_problems(log: str) -> dict[str, int]:
    """How often the server log says what must never happen under load."""
    return {
        "database_is_locked": log.lower().count("database is locked"),
        "tracebacks": log.count("Traceback"),
        "worker_timeouts": log.count("WORKER TIMEOUT"),
    }
