"""Benchmark: the nightly HRIS sync of reps through the JSON API, against the page's CSV
import of the same file.

``POST /api/v1/reps/sync`` exists so that an HRIS can keep a large sales force in step
without a person uploading a file. The baseline it must beat (or at least match) is what
an owner does today: the page's CSV import (upload → preview of every row → confirm).
Both are driven in-process through ``app.test_client()`` (no sockets), each on a fresh
instance migrated to head, with the same generated file of 5,000 reps (realistic names
from several countries, spreadsheet-style capitalised addresses, 25 teams of uneven
size):

* the API, as the HRIS calls it with a write token: the first sync (creates every rep and
  team), the same list again (the nightly re-sync where nothing changed), and a list where
  250 reps moved team, 250 left and 250 joined, with ``archive_missing`` (the leavers are
  archived). Each is one whole request, timed from send to answer.
* the page, as a signed-in owner: the upload (POST multipart, answered 303), the preview
  (GET, a table of every row) and the confirm (POST), each timed and summed.

The API body is sent compact and UTF-8, as JavaScript's ``JSON.stringify`` writes it (about
512 KB for these 5,000 reps; about 546 KB with Python's ``json.dumps`` defaults); the sync
takes up to 4 MB (``SYNC_BODY_LIMIT``), so either fits. Sizes and the limit are in the
output.

Wall seconds are the headline; this process's CPU seconds are given beside them for a
busy machine (they leave out the PostgreSQL server's own work).

Every import is checked before its time counts: the answer's counts, then the database
(exactly 5,000 reps, 25 teams; after the churn, 5,000 active and 250 archived). A
benchmark that quietly imported nothing would be worthless, so any mismatch fails the run.

Each measurement runs ``RUNS`` times, each on a fresh database, and the medians are
reported; on the embedded default (SQLite in a temporary instance folder), and again on
PostgreSQL when a server answers at 127.0.0.1:5432 (in a throwaway database
``candor_bench_sync``, created and dropped for every run), otherwise the PostgreSQL part
says why it was skipped.

Run as a script: the last stdout line is one JSON object (``make bench`` merges it into
bench/results.json); progress goes to stderr.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from faker import Faker
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # runnable as `python bench/bench_rep_sync.py` too
    sys.path.insert(0, str(REPO))

from app import create_app  # noqa: E402
from assess.models import Rep, Team  # noqa: E402
from assess.platform import migrate  # noqa: E402
from assess.services.accounts import create_user  # noqa: E402
from assess.services.api_tokens import create_token  # noqa: E402
from assess.web.api.people import SYNC_BODY_LIMIT  # noqa: E402
from tests.support.http import csrf_token  # noqa: E402 - standard library only

RUNS = 3
REPS = 5_000
TEAMS = 25
MOVED = 250  # reps whose team changes in the third sync
LEFT = 250  # reps the third sync no longer lists (archived: archive_missing)
JOINED = 250  # new reps in the third sync
SEED = 20_240_611
DOMAIN = "northwind-traders.com"
LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pl_PL", "sv_SE")
OWNER_EMAIL = "olivia.owner@northwind-traders.com"
OWNER_PASSWORD = "bench-sync-password"  # noqa: S105 - a throwaway account
POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432"
POSTGRES_DATABASE = "candor_bench_sync"
SYNC_URL = "/api/v1/reps/sync"
IMPORT_URL = "/manage/reps/import"
UPLOAD_FIELD = re.compile(r'name="upload"[^>]*value="([^"]+)"')


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def expect(condition: bool, message: str) -> None:
    """Stop the benchmark (non-zero exit): a number measured on a wrong result is worse
    than none."""
    if not condition:
        raise RuntimeError(message)


# --- the file ---------------------------------------------------------------------------


REGIONS = (
    "EMEA", "DACH", "Nordics", "Benelux", "Iberia", "UK & Ireland", "France", "Italy", "CEE",
    "North America", "LATAM", "APAC", "ANZ",
)  # fmt: skip
SEGMENTS = (
    "Enterprise", "Mid-Market", "SMB", "Strategic Accounts", "Inside Sales", "Channel Partners",
)  # fmt: skip


def team_names(rng: random.Random) -> list[str]:
    names = sorted({f"{region} {segment}" for region in REGIONS for segment in SEGMENTS})
    return rng.sample(names, TEAMS)


def ascii_part(text: str) -> str:
    """``Zoë O'Brien-Łukasz`` → ``Zoe.OBrien-ukasz``: what an HRIS makes of a name."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9-]+", ".", plain).strip(".-") or "rep"


class Roster:
    """People with unique addresses, drawn from one seeded generator."""

    def __init__(self) -> None:
        self.fake = Faker(list(LOCALES))
        self.fake.seed_instance(SEED)
        self.rng = random.Random(SEED)
        self.teams = team_names(self.rng)
        # Teams of uneven size, as a real sales force has.
        self.weights = [self.rng.uniform(0.3, 3.0) for _ in self.teams]
        self.taken: set[str] = set()

    def person(self) -> dict[str, str]:
        first, last = self.fake.first_name(), self.fake.last_name()
        local = f"{ascii_part(first)}.{ascii_part(last)}"
        email, number = f"{local}@{DOMAIN}", 1
        while email.lower() in self.taken:
            number += 1
            email = f"{local}{number}@{DOMAIN}"
        self.taken.add(email.lower())
        team = self.rng.choices(self.teams, self.weights)[0]
        return {"name": f"{first} {last}", "email": email, "team": team}


def rosters() -> tuple[list[dict], list[dict]]:
    """The 5,000 reps of the first import, and the list of the night after the churn:
    ``MOVED`` in another team, ``LEFT`` gone, ``JOINED`` new (5,000 again)."""
    roster = Roster()
    first = [roster.person() for _ in range(REPS)]
    rng = random.Random(SEED + 1)
    changed = rng.sample(range(REPS), MOVED + LEFT)
    moved, left = set(changed[:MOVED]), set(changed[MOVED:])
    later = []
    for index, rep in enumerate(first):
        if index in left:
            continue
        if index in moved:
            rep = {**rep, "team": rng.choice([t for t in roster.teams if t != rep["team"]])}
        later.append(rep)
    later += [roster.person() for _ in range(JOINED)]
    return first, later


def csv_bytes(reps: list[dict]) -> bytes:
    """The file as a spreadsheet saves it: a header row, CRLF line ends, UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["name", "email", "team"])
    writer.writerows([rep["name"], rep["email"], rep["team"]] for rep in reps)
    return out.getvalue().encode("utf-8")


def sync_body(reps: list[dict], archive_missing: bool = False, compact: bool = True) -> bytes:
    """The request body as a JavaScript client or most HRIS connectors send it: compact,
    UTF-8 (``compact=False``: Python's ``json.dumps`` defaults, as ``requests`` sends).

    The sync takes up to ``SYNC_BODY_LIMIT`` (4 MB): 5,000 reps fit either way, about
    512 KB compact and 546 KB with the default separators and ``\\u`` escapes."""
    document = {"reps": reps, "archive_missing": archive_missing}
    if not compact:
        return json.dumps(document).encode()
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


# --- an instance ------------------------------------------------------------------------


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh, empty ``candor_bench_sync`` database; dropped afterwards."""
    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE}")
        admin.execute(f"CREATE DATABASE {POSTGRES_DATABASE}")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{POSTGRES_DATABASE}"
    finally:
        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE}")


def postgres_reachable() -> str | None:
    """None when PostgreSQL answers, else why not (one line)."""
    try:
        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", connect_timeout=3) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as error:
        return f"PostgreSQL not reachable at {POSTGRES_SERVER} ({str(error).strip()[:120]})"
    return None


@contextmanager
def instance(backend: str):
    """A fresh app on a fresh database migrated to head, with an owner; yields (app,
    write-token text). ``backend`` is "sqlite" (the embedded default) or "postgresql"."""
    with tempfile.TemporaryDirectory(prefix="candor-bench-sync-") as folder:
        config = {
            "CANDOR_INSTANCE_PATH": folder,
            "SECRET_KEY": "bench",
            "JOBS_EAGER": True,
            "REDIS_URL": None,
            "SMTP_URL": None,
        }
        with fresh_database(backend) as database_url:
            if database_url:
                config["DATABASE_URL"] = database_url
            app = create_app(config)
            database = app.extensions["candor.db"]
            expect(database.url.get_backend_name() == backend, f"not on {backend}")
            try:
                migrate.upgrade(database, "head")
                with database.session_scope() as session:
                    owner = create_user(
                        session,
                        org_slug="northwind",
                        org_name="Northwind Traders",
                        email=OWNER_EMAIL,
                        name="Olivia Owner",
                        role="owner",
                        password=OWNER_PASSWORD,
                    )
                    _, token = create_token(session, owner, "HRIS nightly sync", "write")
                yield app, token
            finally:
                app.extensions["candor.jobs"].shutdown()
                database.dispose()


@contextmanager
def fresh_database(backend: str) -> Iterator[str | None]:
    """The URL of a fresh PostgreSQL database, or None: the embedded default, SQLite in
    the (fresh) instance folder."""
    if backend == "postgresql":
        with postgres_database() as url:
            yield url
    else:
        yield None


def rep_counts(app) -> tuple[int, int, int]:
    """(reps, active reps, teams) in the database (one organization per instance)."""
    with app.extensions["candor.db"].session_scope() as session:
        reps = session.scalar(select(func.count()).select_from(Rep))
        active = session.scalar(
            select(func.count()).select_from(Rep).where(Rep.archived_at.is_(None))
        )
        teams = session.scalar(select(func.count()).select_from(Team))
    return reps, active, teams


def expect_counts(app, reps: int, active: int, what: str) -> None:
    found = rep_counts(app)
    wanted = (reps, active, TEAMS)
    expect(found == wanted, f"{what}: (reps, active, teams) is {found}, expected {wanted}")


# --- the two ways -----------------------------------------------------------------------


def timed(call):
    """Wall seconds, CPU seconds of this process, and the answer of ``call()``. CPU time
    is what to compare on a busy machine (wall time also counts the time other processes
    held the cores); it leaves out the PostgreSQL server's own work."""
    start, start_cpu = time.perf_counter(), time.process_time()
    answer = call()
    return time.perf_counter() - start, time.process_time() - start_cpu, answer


def api_run(backend: str, first: bytes, later: bytes) -> dict[str, float]:
    """The three syncs on a fresh database: seconds of each whole request."""
    with instance(backend) as (app, token):
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}
        warm = client.get("/api/v1/teams", headers=headers)  # first request of a new app
        expect(warm.status_code == 200, f"GET /api/v1/teams: {warm.status_code}")

        def sync(body: bytes):
            return client.post(
                SYNC_URL, data=body, content_type="application/json", headers=headers
            )

        results = {}
        # (name, body, the answer's counts: created, updated, unchanged, archived, teams
        # created; then the reps and active reps the database must hold afterwards)
        steps = (
            ("sync", first, (REPS, 0, 0, 0, TEAMS), REPS, REPS),
            ("resync_unchanged", first, (0, 0, REPS, 0, 0), REPS, REPS),
            (
                "sync_with_changes",
                later,
                (JOINED, MOVED, REPS - MOVED - LEFT, LEFT, 0),
                REPS + JOINED,
                REPS,
            ),
        )
        for name, body, counts, reps, active in steps:
            seconds, cpu, answer = timed(lambda body=body: sync(body))
            text = answer.get_data(as_text=True)[:500]
            expect(answer.status_code == 200, f"API {name}: {answer.status_code} {text}")
            said = answer.get_json()
            keys = ("created", "updated", "unchanged", "archived")
            found = (*(said[key] for key in keys), len(said["teams_created"]))
            expect(found == counts, f"API {name} answered {said}, expected {counts}")
            expect_counts(app, reps, active, f"API {name}")
            results[name], results[f"{name}_cpu"] = seconds, cpu
        results["body_limit_bytes"] = SYNC_BODY_LIMIT
        return results


def page_run(backend: str, file: bytes) -> dict[str, float]:
    """Sign in as the owner, then upload → preview → confirm, each step timed."""
    with instance(backend) as (app, _):
        client = app.test_client()
        signed = client.post(
            "/login",
            data={
                "csrf_token": csrf_token(client.get("/login").get_data(as_text=True)),
                "email": OWNER_EMAIL,
                "password": OWNER_PASSWORD,
            },
        )
        expect(signed.status_code == 302, f"sign-in answered {signed.status_code}")
        form = client.get(IMPORT_URL)  # the empty form, as the owner opens it
        expect(form.status_code == 200, f"GET {IMPORT_URL}: {form.status_code}")
        boundary, body = encode_multipart(
            {
                "csrf_token": csrf_token(form.get_data(as_text=True)),
                "file": FileStorage(io.BytesIO(file), "reps.csv", content_type="text/csv"),
            }
        )
        upload_seconds, upload_cpu, uploaded = timed(
            lambda: client.post(
                IMPORT_URL, data=body, content_type=f"multipart/form-data; boundary={boundary}"
            )
        )
        expect(
            uploaded.status_code == 303 and "upload=" in uploaded.location,
            f"upload answered {uploaded.status_code} {uploaded.get_data(as_text=True)[:500]}",
        )
        preview_seconds, preview_cpu, preview = timed(lambda: client.get(uploaded.location))
        page = preview.get_data(as_text=True)
        upload = UPLOAD_FIELD.search(page)
        expect(
            preview.status_code == 200 and upload is not None and "bad-row" not in page,
            f"the preview ({preview.status_code}) offers no confirmation",
        )
        expect(page.count("<tr") == REPS + 1, f"the preview shows {page.count('<tr') - 1} rows")
        fields = {"csrf_token": csrf_token(page), "upload": upload.group(1), "confirm": "1"}
        confirm_seconds, confirm_cpu, confirmed = timed(
            lambda: client.post(IMPORT_URL, data=fields)
        )
        expect(
            confirmed.status_code == 302 and confirmed.location.endswith("/manage/teams"),
            f"confirm answered {confirmed.status_code} {confirmed.location}",
        )
        expect_counts(app, REPS, REPS, "page import")
        return {
            "upload": upload_seconds,
            "preview": preview_seconds,
            "confirm": confirm_seconds,
            "total_cpu": upload_cpu + preview_cpu + confirm_cpu,
        }


# --- the numbers ------------------------------------------------------------------------


def measure(backend: str, bodies: tuple[bytes, bytes], file: bytes) -> dict:
    api, page = [], []
    for run in range(RUNS):
        # Alternate which goes first, so a slower spell of the machine weighs on both.
        order = ("api", "page") if run % 2 == 0 else ("page", "api")
        for way in order:
            started = time.perf_counter()
            if way == "api":
                api.append(api_run(backend, *bodies))
            else:
                page.append(page_run(backend, file))
            numbers = {k: round(v, 3) for k, v in (api if way == "api" else page)[-1].items()}
            took = time.perf_counter() - started
            log(f"{backend} run {run + 1}/{RUNS} {way}: {numbers} ({took:.1f} s with set-up)")
    for parts in page:
        parts["total"] = parts["upload"] + parts["preview"] + parts["confirm"]

    def median(runs: list[dict], key: str) -> float:
        return statistics.median(run[key] for run in runs)

    api_seconds, page_seconds = median(api, "sync"), median(page, "total")
    return {
        "runs": RUNS,
        "api_body_limit_bytes": api[0]["body_limit_bytes"],
        "api_sync_5000_seconds": round(api_seconds, 3),
        "api_reps_per_second": round(REPS / api_seconds),
        "api_resync_unchanged_seconds": round(median(api, "resync_unchanged"), 3),
        "api_sync_with_changes_seconds": round(median(api, "sync_with_changes"), 3),
        "page_import_5000_seconds": round(page_seconds, 3),
        "page_upload_seconds": round(median(page, "upload"), 3),
        "page_preview_seconds": round(median(page, "preview"), 3),
        "page_confirm_seconds": round(median(page, "confirm"), 3),
        "page_reps_per_second": round(REPS / page_seconds),
        "api_over_page_speed_ratio": round(page_seconds / api_seconds, 2),
        "api_sync_5000_cpu_seconds": round(median(api, "sync_cpu"), 3),
        "api_resync_unchanged_cpu_seconds": round(median(api, "resync_unchanged_cpu"), 3),
        "page_import_5000_cpu_seconds": round(median(page, "total_cpu"), 3),
        "api_over_page_speed_ratio_cpu": round(
            median(page, "total_cpu") / median(api, "sync_cpu"), 2
        ),
        "api_sync_5000_seconds_all": [round(run["sync"], 3) for run in api],
        "page_import_5000_seconds_all": [round(run["total"], 3) for run in page],
    }


def main() -> dict:
    # The embedded default is what "no DATABASE_URL" means: the shell's must not leak in.
    os.environ.pop("DATABASE_URL", None)
    started = time.perf_counter()
    first, later = rosters()
    bodies = (sync_body(first), sync_body(later, archive_missing=True))
    file = csv_bytes(first)
    results: dict = {
        "reps": REPS,
        "teams": TEAMS,
        "changes_moved_left_joined": [MOVED, LEFT, JOINED],
        "csv_bytes": len(file),
        "api_body_bytes": len(bodies[0]),
        "api_body_bytes_default_json": len(sync_body(first, compact=False)),
        "sqlite": measure("sqlite", bodies, file),
    }
    unreachable = postgres_reachable()
    results["postgresql"] = (
        {"skipped": unreachable} if unreachable else measure("postgresql", bodies, file)
    )
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    results["load_average_1min"] = round(os.getloadavg()[0], 2)
    return results


if __name__ == "__main__":
    print(json.dumps(main()))
