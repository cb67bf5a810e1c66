"""The driving side of the load test: respondents as HTTP clients walking surveys.

``drive`` runs respondents as threads, each with its own cookie jar and keep-alive
connection (``Browser``), who open a link, post every page, go back once, resume in a
fresh session, double-submit the last page and finish, keeping a ``Ledger`` of what they
saved; ``drive_baseline`` posts rows to the bare baseline app the same way.
``summarize`` turns the timed samples into throughput and latency percentiles.

Apart from seeding (``bench/load_seed.py``) and serving (``bench/load_serve.py``)
because this part speaks only HTTP: it knows a server's port and the surveys' links,
never the database or the server's process.
"""

from __future__ import annotations

import http.client
import random
import re
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from assess.core.banks import Bank, is_visible
from assess.services.bank_versions import shipped_banks
from bench.load_seed import Ledger, Survey, form_fields
from tests.support.http import csrf_token

RETRY_TEXT = "please retry"  # the 503 page (templates/errors/retry.html) says so
REQUEST_TIMEOUT = 30.0


@dataclass
class Sample:
    kind: str  # "open", "get_page", "post_page", "done", "baseline"
    status: int
    started: float
    seconds: float
    answers: int = 0  # answer values the request carried (page posts)


#: The survey's persistent cookie (`assess.services.respondent_browser.COOKIE`).
RESPONDENT_COOKIE = "candor_respondent"


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
        """A fresh session: the browser was closed and opened again. The session cookie
        goes; the persistent cookie that makes the answers this browser's stays."""
        self.cookies = {
            name: value for name, value in self.cookies.items() if name == RESPONDENT_COOKIE
        }
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
        csrf = csrf_token(body)
        if csrf is None:
            raise LoadError("page without a CSRF token")
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


def run_threads(target, count: int, join_by: float) -> bool:
    """Run ``target(n)`` for each n below ``count`` on daemon threads and wait for them
    until ``join_by`` (a ``time.perf_counter()`` instant). True when all have ended."""
    threads = [threading.Thread(target=target, args=(n,), daemon=True) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, join_by - time.perf_counter()))
    return not any(thread.is_alive() for thread in threads)


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

    if not run_threads(respondent, clients, deadline + grace):
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

    run_threads(client, clients, deadline + 60)
    return samples, sum(sent.values())


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
