"""Load-test machinery shared by ``bench/bench_load.py`` and ``tests/reliability``.

Three parts, all on loopback and all bounded in count and time:

- **seeding** (``seed_round``): an organization, a team, reps, an open round with the
  shipped banks consultative_selling + buyer_feedback, and invitations made with
  ``new_invitation`` — written straight through the models, like the app would;
- **serving** (``Server``): ``flask --app app db upgrade`` then
  ``gunicorn -w 8 --threads 1 'app:create_app()'`` (or the bare baseline app) on a free
  port, its output kept in a log file that is grepped afterwards;
- **driving** (``drive``): respondents as threads, each with its own cookie jar and
  keep-alive connection, who open a link, post every page (answers from
  ``assess.demo.synthetic``), go back once, resume in a fresh session, double-submit the last
  page, and finish; then ``verify`` compares the database with what they sent.
"""

from __future__ import annotations

import http.client
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from sqlalchemy import create_engine, func, select, text  # noqa: E402

from assess.core.banks import Bank, is_visible  # noqa: E402
from assess.demo.synthetic import Profile, synthetic_answers  # noqa: E402
from assess.models import (  # noqa: E402
    Answer,
    Invitation,
    Organization,
    Rep,
    Response,
    Round,
    RoundBank,
    Team,
    utcnow,
)
from assess.platform.db import Database  # noqa: E402
from assess.services.bank_versions import ensure_version, shipped_banks  # noqa: E402
from assess.services.invitations import invitation_token, new_invitation  # noqa: E402

SELF_BANK = "consultative_selling"
BUYER_BANK = "buyer_feedback"
BUYER_ROLES = ("prospect", "referral", "customer")
SECRET_KEY = "load-test-secret-key-" + "x" * 16
CSRF_FIELD = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
RETRY_TEXT = "please retry"  # the 503 page (templates/errors/retry.html) says so
REQUEST_TIMEOUT = 30.0
PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/test"


# --- databases ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_answers(server_url: str) -> bool:
    """True when the PostgreSQL server at ``server_url`` accepts a connection."""
    engine = create_engine(
        server_url.replace("postgresql://", "postgresql+psycopg://", 1),
        connect_args={"connect_timeout": 3},
    )
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:
        return False
    finally:
        engine.dispose()


class PostgresSchema:
    """A private schema in a shared PostgreSQL database, dropped on ``drop()``.

    ``url(application_name)`` gives the URL an app should use: the schema on its search
    path and, optionally, a name its connections carry in ``pg_stat_activity`` (so one
    app's backends can be told apart from everyone else's on a shared server).
    """

    def __init__(self, server_url: str, prefix: str = "candor_load"):
        self.server_url = server_url.replace("postgresql://", "postgresql+psycopg://", 1)
        self.schema = f"{prefix}_{secrets.token_hex(4)}"
        self.admin = create_engine(self.server_url)
        with self.admin.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {self.schema}"))

    def url(self, application_name: str | None = None) -> str:
        separator = "&" if "?" in self.server_url else "?"
        url = f"{self.server_url}{separator}options=-csearch_path%3D{self.schema}"
        if application_name:
            url += f"&application_name={application_name}"
        return url

    def terminate(self, application_name: str) -> int:
        """Kill every backend of the app named ``application_name`` (a server restart
        as that app sees it, without disturbing anyone else on the server)."""
        with self.admin.begin() as connection:
            killed = connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE application_name = :name AND pid <> pg_backend_pid()"
                ),
                {"name": application_name},
            ).all()
        return len(killed)

    def drop(self) -> None:
        with self.admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {self.schema} CASCADE"))
        self.admin.dispose()


# --- seeding -----------------------------------------------------------------------------


@dataclass
class Survey:
    """One invitation the load drives: its link and the answers its respondent gives."""

    invitation_id: int
    token: str
    bank_key: str
    answers: dict  # item id -> answer value, what must be stored at the end
    first_try: dict  # item id -> a different value, sent once before going back


def form_fields(bank: Bank, page_number: int, answers: dict) -> dict[str, str]:
    """The form fields a browser posts for page ``page_number`` with ``answers``."""
    fields: dict[str, str] = {}
    for item in bank.pages[page_number - 1].items:
        if item.id not in answers:
            continue
        value = answers[item.id]
        if item.type == "forced_choice":
            fields[f"{item.id}.most"] = value["most"]
            fields[f"{item.id}.least"] = value["least"]
        elif isinstance(value, bool):
            fields[item.id] = "yes" if value else "no"
        else:
            fields[item.id] = str(value)
    return fields


def seed_round(database_url: str, surveys: int, seed: int = 7) -> list[Survey]:
    """An open round with ``surveys`` invitations (a third self, the rest buyers)."""
    rng = random.Random(seed)
    banks = shipped_banks()
    database = Database(database_url)
    try:
        with database.session_scope() as session:
            organization = Organization(name="Load Test Ltd", slug=f"load-{secrets.token_hex(4)}")
            session.add(organization)
            session.flush()
            team = Team(organization_id=organization.id, name="Field sales")
            session.add(team)
            session.flush()
            versions = {key: ensure_version(session, banks[key]) for key in (SELF_BANK, BUYER_BANK)}
            now = utcnow()
            assessment_round = Round(
                organization_id=organization.id,
                team_id=team.id,
                name="Load round",
                status="open",
                opens_at=now - timedelta(hours=1),
                closes_at=now + timedelta(days=14),
            )
            assessment_round.banks = [RoundBank(bank_version_id=v.id) for v in versions.values()]
            session.add(assessment_round)
            rep_count = max(1, surveys // 3)
            reps = [
                Rep(
                    organization_id=organization.id,
                    team_id=team.id,
                    name=f"Rep {n}",
                    email=f"rep{n}@load.example.com",
                )
                for n in range(rep_count)
            ]
            session.add_all(reps)
            session.flush()
            invitations = []
            for n in range(surveys):
                rep = reps[n % rep_count]
                is_self = n < rep_count
                invitation = new_invitation(
                    SECRET_KEY,
                    organization_id=organization.id,
                    round_id=assessment_round.id,
                    rep_id=rep.id,
                    bank_version_id=versions[SELF_BANK if is_self else BUYER_BANK].id,
                    rater_role="self" if is_self else BUYER_ROLES[n % 3],
                    rater_key="self" if is_self else f"buyer{n}@load.example.com",
                    rater_email=None if is_self else f"buyer{n}@load.example.com",
                    expires_at=now + timedelta(days=14),
                    status="pending",
                )
                invitations.append((invitation, SELF_BANK if is_self else BUYER_BANK))
            session.add_all([invitation for invitation, _ in invitations])
            session.flush()
            result = []
            for invitation, bank_key in invitations:
                bank = banks[bank_key]
                profile = Profile(default=rng.uniform(0.3, 0.9))
                answers = synthetic_answers(bank, profile, rng)
                first_try = {
                    item.id: (answers[item.id] % item.max_value) + 1
                    for item in bank.items
                    if item.type == "likert" and item.id in answers
                }
                result.append(
                    Survey(
                        invitation.id,
                        invitation_token(SECRET_KEY, invitation),
                        bank_key,
                        answers,
                        first_try,
                    )
                )
        rng.shuffle(result)
        return result
    finally:
        database.dispose()


# --- serving -----------------------------------------------------------------------------


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
        self.port = free_port()
        self.log_path = log_path
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SECRET_KEY": SECRET_KEY,
            "CANDOR_INSTANCE_PATH": str(instance_path),
            "PYTHONPATH": str(REPO),
            **(extra_env or {}),
        }
        for unwanted in ("REDIS_URL", "SMTP_URL"):
            self.env.pop(unwanted, None)
        self.command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "-w",
            str(workers),
            "--threads",
            str(threads),
            "-b",
            f"127.0.0.1:{self.port}",
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
        )
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

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def migrate(database_url: str, instance_path: Path) -> None:
    """``flask --app app db upgrade``, the production way."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET_KEY,
        "CANDOR_INSTANCE_PATH": str(instance_path),
        "PYTHONPATH": str(REPO),
    }
    env.pop("REDIS_URL", None)
    subprocess.run(
        [str(Path(sys.executable).with_name("flask")), "--app", "app", "db", "upgrade"],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )


# --- driving -----------------------------------------------------------------------------


@dataclass
class Sample:
    kind: str  # "open", "get_page", "post_page", "done", "baseline"
    status: int
    started: float
    seconds: float
    answers: int = 0  # answer values the request carried (page posts)


class Browser:
    """One respondent's browser: a keep-alive connection and a cookie jar."""

    def __init__(
        self, port: int, samples: list[Sample], lock: threading.Lock, think: float = 0.0, seed=0
    ):
        self.port = port
        self.think = think  # mean seconds a person pauses before each request
        self.rng = random.Random(seed)
        self.cookies: dict[str, str] = {}
        self.samples = samples
        self.lock = lock
        self.connection = self._connect()

    def _connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)

    def forget_session(self) -> None:
        """A fresh session: as if the link were opened on another device."""
        self.cookies.clear()
        self.connection.close()
        self.connection = self._connect()

    def pause(self) -> None:
        if self.think:
            time.sleep(self.think * self.rng.uniform(0.5, 1.5))

    def send(self, method: str, path: str, form: dict | None = None, connection=None):
        """Start a request; returns the connection to read the answer from."""
        connection = connection or self.connection
        headers = {"Host": f"127.0.0.1:{self.port}"}
        body = None
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if form is not None:
            from urllib.parse import urlencode

            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
        except (http.client.HTTPException, OSError):
            connection.close()  # a stale keep-alive: reconnect once
            connection.request(method, path, body=body, headers=headers)
        return connection

    def receive(self, connection, kind: str, started: float, answers: int = 0):
        """Read the answer; record a sample; keep cookies. Returns (status, headers, body)."""
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        elapsed = time.perf_counter() - started
        for header in response.msg.get_all("Set-Cookie") or ():
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if "max-age=0" in header.lower() or "expires=thu, 01 jan 1970" in header.lower():
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value
        sample = Sample(kind, response.status, started, elapsed, answers)
        with self.lock:
            self.samples.append(sample)
        return response.status, response.msg, body

    def request(self, kind: str, method: str, path: str, form: dict | None = None, answers=0):
        self.pause()
        started = time.perf_counter()
        connection = self.send(method, path, form)
        try:
            return self.receive(connection, kind, started, answers)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # The server closed an idle keep-alive connection just as we reused it; a
            # browser sends again on a new one (every survey request is idempotent).
            connection.close()
            started = time.perf_counter()
            connection = self.send(method, path, form)
            return self.receive(connection, kind, started, answers)

    def close(self) -> None:
        self.connection.close()


class LoadError(AssertionError):
    """The service answered something a respondent should never see."""


def location_path(headers) -> str:
    return urlsplit(headers.get("Location", "")).path


def page_number(path: str) -> int:
    match = re.search(r"/p/(\d+)$", path)
    if not match:
        raise LoadError(f"expected a survey page, got {path!r}")
    return int(match.group(1))


@dataclass
class Ledger:
    """What the clients sent and saw, for the check afterwards."""

    saved: dict[int, dict] = field(default_factory=dict)  # invitation -> item -> value
    finished: set[int] = field(default_factory=set)
    started: set[int] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    retries: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def walk(browser: Browser, survey: Survey, ledger: Ledger, rng: random.Random) -> None:
    """One respondent answering one survey, with a back, a resume and a double submit."""
    bank = shipped_banks()[survey.bank_key]
    link = f"/s/{survey.token}"
    with ledger.lock:
        ledger.started.add(survey.invitation_id)
        ledger.saved.setdefault(survey.invitation_id, {})
    status, _, _ = with_retry(ledger, lambda: browser.request("open", "GET", link))
    if status != 200:
        raise LoadError(f"landing answered {status}")
    number = 1
    went_back = False
    resumed = False
    last_page = max(
        n for n, page in enumerate(bank.pages, 1) if visible_on(bank, page, survey.answers)
    )
    for _step in range(4 * len(bank.pages) + 4):  # bounded: back and resume add a few steps
        status, _, body = with_retry(
            ledger, lambda n=number: browser.request("get_page", "GET", f"{link}/p/{n}")
        )
        if status != 200:
            raise LoadError(f"page {number} answered {status}")
        csrf = csrf_of(body)
        path = f"{link}/p/{number}"
        if not went_back and number > 1:
            # Type something else first, go back, then come forward and answer for real.
            first = {**survey.answers, **survey.first_try}
            fields = form_fields(bank, number, first)
            status, headers = post(browser, ledger, path, fields, csrf, "back", survey, bank, first)
            went_back = True
            if status != 302:
                raise LoadError(f"back from page {number} answered {status}")
            number = page_number(location_path(headers))
            continue
        fields = form_fields(bank, number, survey.answers)
        if number == last_page:
            finish(browser, ledger, path, fields, csrf, survey, bank)
            return
        status, headers = post(
            browser, ledger, path, fields, csrf, "next", survey, bank, survey.answers
        )
        if status != 302:
            raise LoadError(f"next on page {number} answered {status}")
        number = page_number(location_path(headers))
        if not resumed and went_back and rng.random() < 0.5:
            resumed = True
            browser.forget_session()
            status, headers, _ = with_retry(ledger, lambda: browser.request("open", "GET", link))
            if status != 302 or page_number(location_path(headers)) != number:
                raise LoadError(f"resume answered {status} {headers.get('Location')}")
    raise LoadError("the survey did not end within its step budget")


def visible_on(bank: Bank, page, answers: dict) -> bool:
    return any(is_visible(item, answers) for item in page.items)


def csrf_of(body: str) -> str:
    match = CSRF_FIELD.search(body)
    if not match:
        raise LoadError("page without a CSRF token")
    return match.group(1)


def with_retry(ledger: Ledger, request, attempts: int = 5):
    """Do ``request``; on the 503 "please retry" page, wait a little and do it again."""
    for attempt in range(attempts):
        status, headers, body = request()
        if status != 503:
            return status, headers, body
        if RETRY_TEXT not in body.lower():
            raise LoadError("a 503 without the please-retry page")
        with ledger.lock:
            ledger.retries += 1
        time.sleep(0.2 * (attempt + 1))
    return status, headers, body


def post(browser, ledger, path, fields, csrf, action, survey, bank, values):
    """Post one page; on success record what must now be stored."""
    form = {"csrf_token": csrf, "action": action, **fields}
    status, headers, _ = with_retry(
        ledger, lambda: browser.request("post_page", "POST", path, form, answers=len(fields))
    )
    if status == 302:
        record_saved(ledger, survey, bank, page_number(path), values)
    return status, headers


def record_saved(ledger: Ledger, survey: Survey, bank: Bank, number: int, values: dict) -> None:
    page_ids = {item.id for item in bank.pages[number - 1].items}
    with ledger.lock:
        saved = ledger.saved[survey.invitation_id]
        saved.update({key: value for key, value in values.items() if key in page_ids})


def finish(browser, ledger, path, fields, csrf, survey, bank) -> None:
    """Double-submit the last page (two connections, both in flight), then the thanks page."""
    form = {"csrf_token": csrf, "action": "next", **fields}
    second = browser._connect()
    try:
        browser.pause()
        for attempt in range(5):
            started = time.perf_counter()
            first_connection = browser.send("POST", path, form)
            second_connection = browser.send("POST", path, form, connection=second)
            answers = []
            for connection in (first_connection, second_connection):
                answers.append(browser.receive(connection, "post_page", started, len(fields)))
            statuses = [status for status, _, _ in answers]
            if 503 not in statuses:
                break
            with ledger.lock:
                ledger.retries += 1
            time.sleep(0.2 * (attempt + 1))
    finally:
        second.close()
    if any(status != 302 for status in statuses):
        raise LoadError(f"double submit answered {statuses}")
    targets = {location_path(headers).rsplit("/", 1)[-1] for _, headers, _ in answers}
    if not targets <= {"done", "nominate"}:
        raise LoadError(f"double submit went to {targets}")
    record_saved(ledger, survey, bank, page_number(path), survey.answers)
    status, _, _ = with_retry(
        ledger, lambda: browser.request("done", "GET", f"/s/{survey.token}/done")
    )
    if status != 200:
        raise LoadError(f"thanks page answered {status}")
    with ledger.lock:
        ledger.finished.add(survey.invitation_id)


def drive(
    port: int,
    surveys: list[Survey],
    clients: int,
    seconds: float,
    think: float = 0.0,
    grace: float = 60.0,
):
    """``clients`` respondents taking surveys from ``surveys`` for ``seconds``.

    Each pauses about ``think`` seconds (0.5–1.5 ×) before every request; with 0 they
    hammer the server back to back (its capacity). A respondent who is mid-survey at the
    deadline finishes it (within ``grace``).
    Returns (samples, ledger, measured seconds).
    """
    samples: list[Sample] = []
    sample_lock = threading.Lock()
    ledger = Ledger()
    queue = list(surveys)
    queue_lock = threading.Lock()
    started = time.perf_counter()
    deadline = started + seconds

    def respondent(number: int) -> None:
        rng = random.Random(number)
        browser = Browser(port, samples, sample_lock, think, seed=number)
        try:
            for _ in range(len(surveys)):  # bounded by the pool of invitations
                if time.perf_counter() >= deadline:
                    return
                with queue_lock:
                    if not queue:
                        return
                    survey = queue.pop()
                browser.forget_session()
                try:
                    walk(browser, survey, ledger, rng)
                except (LoadError, OSError, http.client.HTTPException) as error:
                    with ledger.lock:
                        ledger.errors.append(f"invitation {survey.invitation_id}: {error!r}")
        finally:
            browser.close()

    threads = [threading.Thread(target=respondent, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, deadline + grace - time.perf_counter()))
    if any(thread.is_alive() for thread in threads):
        ledger.errors.append("some respondents were still busy after the grace period")
    return samples, ledger, seconds


def drive_baseline(port: int, clients: int, seconds: float):
    """``clients`` threads posting one row each request to the baseline app."""
    samples: list[Sample] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    sent = Counter()

    def client(number: int) -> None:
        browser = Browser(port, samples, lock)
        try:
            for sequence in range(1_000_000):  # bounded; the deadline ends it first
                if time.perf_counter() >= deadline:
                    return
                status, _, _ = browser.request(
                    "baseline", "POST", "/rows", {"client": number, "sequence": sequence}
                )
                if status == 201:
                    with lock:
                        sent[number] += 1
        finally:
            browser.close()

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    return samples, sum(sent.values())


# --- checking and summing up -------------------------------------------------------------


def verify(database_url: str, ledger: Ledger, surveys: list[Survey]) -> list[str]:
    """Compare the database with what the clients sent about ``surveys``; return the
    discrepancies."""
    seeded = [survey.invitation_id for survey in surveys]
    problems = []
    database = Database(database_url)
    try:
        with database.session_scope() as session:
            duplicates = session.execute(
                select(Answer.response_id, Answer.item_id, func.count())
                .group_by(Answer.response_id, Answer.item_id)
                .having(func.count() > 1)
            ).all()
            if duplicates:
                problems.append(f"{len(duplicates)} answers stored more than once")
            responses = {
                r.invitation_id: r
                for r in session.scalars(
                    select(Response).where(Response.invitation_id.in_(ledger.started))
                )
            }
            per_invitation = Counter(
                session.scalars(
                    select(Response.invitation_id).where(Response.invitation_id.in_(ledger.started))
                )
            )
            if any(count > 1 for count in per_invitation.values()):
                problems.append("an invitation has more than one response")
            stored: dict[int, dict] = {}
            for response_id, item_id, value in session.execute(
                select(Answer.response_id, Answer.item_id, Answer.value).where(
                    Answer.response_id.in_([r.id for r in responses.values()])
                )
            ):
                stored.setdefault(response_id, {})[item_id] = value
            statuses = dict(
                session.execute(
                    select(Invitation.id, Invitation.status).where(
                        Invitation.id.in_(ledger.started)
                    )
                ).all()
            )
            for invitation_id, sent in ledger.saved.items():
                response = responses.get(invitation_id)
                answers = stored.get(response.id, {}) if response else {}
                if invitation_id in ledger.finished:
                    if answers != sent:
                        missing = sorted(set(sent) - set(answers))
                        extra = sorted(set(answers) - set(sent))
                        wrong = sorted(k for k in set(sent) & set(answers) if sent[k] != answers[k])
                        problems.append(
                            f"invitation {invitation_id}: missing {missing}, extra {extra}, "
                            f"different {wrong}"
                        )
                    if response is None or response.completed_at is None:
                        problems.append(f"invitation {invitation_id}: finished but not completed")
                    if statuses.get(invitation_id) != "completed":
                        problems.append(
                            f"invitation {invitation_id}: status {statuses.get(invitation_id)}"
                        )
                else:
                    lost = {k for k, v in sent.items() if answers.get(k) != v}
                    if lost:
                        problems.append(f"invitation {invitation_id}: lost {sorted(lost)}")
                    if response is not None and response.completed_at is not None:
                        problems.append(f"invitation {invitation_id}: completed, not finished")
            completed_elsewhere = session.scalar(
                select(func.count())
                .select_from(Response)
                .where(
                    Response.completed_at.is_not(None),
                    Response.invitation_id.in_(seeded),
                    Response.invitation_id.not_in(ledger.started or {0}),
                )
            )
            if completed_elsewhere:
                problems.append(f"{completed_elsewhere} responses completed that nobody finished")
    finally:
        database.dispose()
    return problems


def log_problems(log: str) -> dict[str, int]:
    return {
        "database_is_locked": log.lower().count("database is locked"),
        "tracebacks": log.count("Traceback"),
        "worker_timeouts": log.count("WORKER TIMEOUT"),
    }


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summarize(samples: list[Sample], seconds: float, start: float | None = None) -> dict:
    """Throughput over the measured window and latency percentiles (ms)."""
    start = min((s.started for s in samples), default=0.0) if start is None else start
    window = [s for s in samples if s.started + s.seconds <= start + seconds]
    posts = [s for s in samples if s.kind == "post_page"]
    posts_in_window = [s for s in window if s.kind == "post_page" and s.status == 302]
    post_ms = [s.seconds * 1000 for s in posts]
    all_ms = [s.seconds * 1000 for s in samples]
    return {
        "requests": len(samples),
        "page_posts": len(posts),
        "answers_saved_per_s": round(sum(s.answers for s in posts_in_window) / seconds, 1),
        "page_posts_per_s": round(len(posts_in_window) / seconds, 1),
        "requests_per_s": round(len(window) / seconds, 1),
        "post_p50_ms": round(percentile(post_ms, 0.50), 1),
        "post_p95_ms": round(percentile(post_ms, 0.95), 1),
        "post_p99_ms": round(percentile(post_ms, 0.99), 1),
        "post_max_ms": round(max(post_ms, default=float("nan")), 1),
        "all_p99_ms": round(percentile(all_ms, 0.99), 1),
        "mean_answers_per_post": round(statistics.fmean([s.answers for s in posts] or [0]), 2),
        "status_5xx": sum(1 for s in samples if s.status >= 500),
        "status_counts": dict(sorted(Counter(s.status for s in samples).items())),
    }
