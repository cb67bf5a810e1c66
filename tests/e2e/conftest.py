"""End-to-end fixtures: the app served by a real server process on loopback, a real SMTP
server (aiosmtpd), and Debian's Chromium driven by Playwright.

The server is `flask --app app serve` — what `make run` starts — on a fresh SQLite
instance, with SMTP_URL pointing at the test's SMTP server.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.conftest import free_port, running_smtp_server

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
AXE = PROJECT_ROOT / "tests" / "e2e" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
OWNER = ("olga@e2e.example.com", "olga's long passphrase")


def sign_in_as_owner(page, server: str) -> None:
    """Sign `page` in as the test instance's owner, through the sign-in form."""
    page.goto(server + "/login")
    page.get_by_label("Email").fill(OWNER[0])
    page.get_by_label("Password").fill(OWNER[1])
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture(scope="module")
def mailbox():
    with running_smtp_server() as handler:
        yield handler


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            said = process.stdout.read() if process.stdout else "(see its log file)"
            raise RuntimeError(f"the server stopped: {said}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (loopback)
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def candor_env(instance: Path, base: str, smtp_url: str | None) -> dict[str, str]:
    """The environment of `live_candor`'s server: also for a `flask --app app` command
    run beside it on the same instance (its emails then carry the server's links)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        CANDOR_INSTANCE_PATH=str(instance),
        CANDOR_BASE_URL=base,
        CANDOR_MAIL_FROM="candor@e2e.example.com",
    )
    env.pop("SMTP_URL", None)
    if smtp_url:
        env["SMTP_URL"] = smtp_url
    return env


@contextmanager
def live_candor(
    instance: Path, smtp_url: str | None, log: Path | None = None, extra_env: dict | None = None
):
    """A live Candor with one owner account on a free port (mail to `smtp_url`, or
    kept in the outbox without one); yields its base URL.

    The server's output (gunicorn logs every request) goes to the file `log`; without
    one it stays in a pipe read only if the server stops, which a test of a few hundred
    requests fills (64 KiB): the server then hangs on its next log line."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**candor_env(instance, base, smtp_url), **(extra_env or {})}
    flask = [sys.executable, "-m", "flask", "--app", "app"]
    subprocess.run([*flask, "db", "upgrade"], env=env, cwd=PROJECT_ROOT, check=True,
                   capture_output=True)  # fmt: skip
    subprocess.run(
        [*flask, "user", "create", "--org", "e2e-co", "--org-name", "E2E Company",
         "--email", OWNER[0], "--name", "Olga Owner", "--role", "owner", "--password", OWNER[1]],
        env=env, cwd=PROJECT_ROOT, check=True, capture_output=True,
    )  # fmt: skip
    output = log.open("w") if log else subprocess.PIPE
    process = subprocess.Popen(
        [*flask, "serve", "--no-demo", "--port", str(port)],
        env=env, cwd=PROJECT_ROOT, stdout=output, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    wait_until_up(base + "/healthz", process)
    try:
        yield base
    finally:
        process.terminate()
        process.communicate(timeout=30)
        if log:
            output.close()


@pytest.fixture(scope="module")
def server(mailbox, tmp_path_factory):
    """Base URL of a live Candor with one owner account, mailing to `mailbox`."""
    with live_candor(tmp_path_factory.mktemp("e2e-instance"), mailbox.url) as base:
        yield base


@pytest.fixture(scope="module")
def server_without_mail(tmp_path_factory):
    """The same without a mail server: links wait in the outbox and on the board."""
    with live_candor(tmp_path_factory.mktemp("e2e-no-mail"), None) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


def link_in(message, base: str) -> str:
    body = message.get_body(("plain",)).get_content()
    return re.search(re.escape(base) + r"(/[^\s]+)", body).group(0)


def wait_for_mail(mailbox, to: str, subject_part: str = "", seconds: float = 20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for message in mailbox.messages:
            if message["To"] == to and subject_part in message["Subject"]:
                return message
        time.sleep(0.1)
    raise AssertionError(f"no email to {to} ({subject_part!r}) within {seconds} s")


def axe_violations(page, impacts=("serious", "critical")) -> list[str]:
    """Run axe-core in the page; return serious/critical violations as readable lines."""
    page.add_script_tag(content=AXE.read_text())
    results = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in results["violations"]
        if v["impact"] in impacts
    ]


def emailed_link(mailbox, address: str, seconds: float = 30) -> str:
    """The survey link the buyer's email carries (the board no longer shows it); mail
    goes out in the background, so wait for it a little."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for message in reversed(mailbox.messages):
            if message["To"] == address:
                body = message.get_body(("plain",)).get_content()
                return re.search(r"https?://\S+/s/[\w-]+", body).group(0)
        time.sleep(0.1)
    raise AssertionError(f"no email to {address} within {seconds} s")


#: In `round_links`' links: the storage state of Ada's own browser (a file path).
ADA_BROWSER = "Ada's browser"


@pytest.fixture(scope="module")
def round_links(browser, server, mailbox, tmp_path_factory):
    """Launch a round for a one-rep team through the UI; return (board url, links)."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    sign_in_as_owner(page, server)
    page.goto(server + "/manage/teams")
    page.get_by_label("Team name").fill("Accessible team")
    page.get_by_label(re.compile("^Manager")).select_option(index=1)  # the owner reviews Ada
    page.get_by_role("button", name="Create the team").click()
    page.locator("#rep-name").fill("Ada Access")
    page.locator("#rep-email").fill("ada@e2e.example.com")
    page.get_by_role("button", name="Add the rep").click()
    page.goto(server + "/manage/rounds/new")
    page.get_by_label("Round name").fill("Accessibility round")
    page.get_by_label("Team").select_option(label="Accessible team")
    wanted = ("consultative_selling", "trustworthiness", "buyer_feedback", "manager_review")
    for box in page.locator("input[name=bank_ids]").all():
        box.set_checked(box.get_attribute("value") in wanted)
    page.locator("#closes_on").fill((date.today() + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Launch and send the invitations").click()
    # the pre-launch check (no buyers yet, say) may ask first; go ahead
    launched = re.compile(r"/manage/rounds/\d+$")
    anyway = page.get_by_role("button", name="Launch anyway and send the invitations")
    anyway.or_(page.locator("table.board")).first.wait_for()
    if anyway.count():
        anyway.click()
    page.wait_for_url(launched)
    board = page.url
    buyers = (
        ("Kim Keyboard", "kim@client.example.com"),
        ("Axel Axe", "axel@x.example"),
        ("Pat Phone", "pat@phone.example"),
    )
    for name, email in buyers:
        page.goto(board)
        card = page.locator("section.rep-card", has_text="Ada Access")
        card.locator("summary").click()
        card.get_by_label("Name").fill(name)
        card.get_by_label("Email").fill(email)
        card.get_by_label("They are a").select_option("customer")
        card.get_by_role("button", name="Add this buyer").click()
    # Nobody is written to before Ada says she dealt with them: from her own email, in a
    # browser of her own, she answers for each (a mail server is set: her link is in
    # her email only, never on the board)
    ada_link = emailed_link(mailbox, "ada@e2e.example.com")
    assert ada_link not in page.content()
    ada = browser.new_context().new_page()
    ada.goto(ada_link)
    ada.get_by_role("link", name="Answer for these buyers").click()
    for name, _ in buyers:
        ada.get_by_role("group", name=name).get_by_role("radio", name=re.compile("^Yes")).check()
    ada.get_by_role("button", name="Send my answers").click()
    ada.get_by_text("Thank you: we will ask").wait_for()
    # answering for her made the link hers in this browser: her surveys open there only
    ada_state = tmp_path_factory.mktemp("ada") / "browser.json"
    ada.context.storage_state(path=str(ada_state))
    ada.context.close()
    links = {"Consultative selling (self)": ada_link}  # her one link, for both surveys
    links[ADA_BROWSER] = str(ada_state)
    for name, email in buyers:
        links[name] = emailed_link(mailbox, email)  # a buyer's link is in their email only
    yield page, board, links
    context.close()
