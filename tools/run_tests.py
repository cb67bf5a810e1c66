"""`make test`: the whole suite on SQLite, then again on PostgreSQL + Redis.

The services half needs the servers; when they do not answer we try to start them (the
commands this machine's image documents). When that fails too, the last line says why,
and with CANDOR_REQUIRE_SERVICES=1 (as `.ci/run` sets) that is a failure, not a note.
Extra pytest arguments come from PYTEST_ARGS.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def run_pytest(label: str, extra_env: dict[str, str], extra_args: list[str] = ()) -> int:
    env = {k: v for k, v in os.environ.items() if k not in ("TEST_DATABASE_URL", "TEST_REDIS_URL")}
    env.update(extra_env)
    args = [
        sys.executable, "-m", "pytest", *extra_args,
        *shlex.split(os.environ.get("PYTEST_ARGS", "")),
    ]  # fmt: skip
    print(f"\n=== {label} ===", flush=True)
    return subprocess.call(args, cwd=PROJECT_ROOT, env=env)


def postgres_problem(url: str) -> str | None:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=3) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as error:
        return str(error).strip().splitlines()[0]
    return None


def redis_problem(url: str) -> str | None:
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=3)
        client.ping()
        client.close()
    except redis.RedisError as error:
        return str(error)
    return None


def start_postgres() -> None:
    clusters = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
    if clusters and shutil.which("pg_ctlcluster"):
        subprocess.call(
            ["pg_ctlcluster", "--skip-systemctl-redirect", clusters[-1], "main", "start"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def start_redis() -> None:
    if shutil.which("redis-server"):
        os.makedirs("/var/lib/redis", exist_ok=True)
        subprocess.call(
            ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1",
             "--port", "6379", "--save", "", "--appendonly", "no",
             "--dir", "/var/lib/redis", "--logfile", "/var/log/redis/ci.log"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip


def is_loopback(url: str) -> bool:
    return urlsplit(url).hostname in ("127.0.0.1", "localhost", "::1")


def ensure(name: str, url: str, problem, start, seconds: float = 30) -> str | None:
    """Return None once the service answers, else why it does not."""
    why = problem(url)
    if why is None:
        return None
    if not is_loopback(url):
        return f"{name} at {url} does not answer ({why})"
    print(f"{name} does not answer ({why}); trying to start it", flush=True)
    start()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        why = problem(url)
        if why is None:
            return None
        time.sleep(0.5)
    return f"{name} at {url} does not answer and could not be started ({why})"


def main() -> int:
    database_url = os.environ.get("TEST_DATABASE_URL") or DEFAULT_DATABASE_URL
    redis_url = os.environ.get("TEST_REDIS_URL") or DEFAULT_REDIS_URL
    required = os.environ.get("CANDOR_REQUIRE_SERVICES") == "1"

    sqlite_status = run_pytest("SQLite half", {})
    why_not = ensure("PostgreSQL", database_url, postgres_problem, start_postgres) or ensure(
        "Redis", redis_url, redis_problem, start_redis
    )
    services_status = None
    if why_not is None:
        services_status = run_pytest(
            "PostgreSQL + Redis half",
            {"TEST_DATABASE_URL": database_url, "TEST_REDIS_URL": redis_url},
            # The browser tests drive a server on its own SQLite file: once is enough.
            extra_args=["--ignore=tests/e2e"],
        )

    print()
    print(f"SQLite half: {'passed' if sqlite_status == 0 else 'FAILED'}")
    if why_not is None:
        print(f"PostgreSQL half: {'passed' if services_status == 0 else 'FAILED'}")
    else:
        print(f"PostgreSQL half NOT run: {why_not}")
        if required:
            print("CANDOR_REQUIRE_SERVICES=1: a missing half is a failure.")
            return 1
    return 0 if sqlite_status == 0 and services_status in (None, 0) else 1


if __name__ == "__main__":
    sys.exit(main())
