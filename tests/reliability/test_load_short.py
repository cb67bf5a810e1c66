"""The load benchmark in miniature (``bench/bench_load.py`` is the 2-minute version).

Ten respondents for about ten seconds against ``gunicorn -w 8 --threads 1`` on SQLite, or
on PostgreSQL in the services half: every answer a respondent sent is stored exactly once,
every finished survey is completed exactly once, nothing answers 5xx and the server log
holds no "database is locked" and no traceback.
"""

from __future__ import annotations

from bench.load_drive import drive, summarize
from bench.load_seed import seed_round, verify
from bench.load_serve import Server, log_problems

RESPONDENTS = 10
SECONDS = 10


def test_ten_respondents_lose_nothing_and_see_no_5xx(committed_database, tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    surveys = seed_round(committed_database, 150)
    log_path = tmp_path / "gunicorn.log"
    with Server("app:create_app()", committed_database, instance, log_path) as server:
        samples, ledger, seconds = drive(server.port, surveys, RESPONDENTS, SECONDS)
        alive_after_drive = server.alive()

    log = log_path.read_text(errors="replace")
    numbers = summarize(samples, seconds)
    assert alive_after_drive, f"gunicorn stopped during the drive: {log[-3000:]}"
    assert ledger.errors == [], log[-3000:]
    assert verify(committed_database, ledger, surveys) == []
    assert numbers["status_5xx"] == 0, numbers["status_counts"]
    assert ledger.retries == 0
    assert len(ledger.finished) >= RESPONDENTS  # everyone got through at least one survey
    assert numbers["page_posts"] > 50
    assert log_problems(log) == {
        "database_is_locked": 0,
        "tracebacks": 0,
        "worker_timeouts": 0,
    }, log[-3000:]
