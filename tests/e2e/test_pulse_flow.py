"""A coaching pulse, end to end in Chromium (issue #18): a round launched, answered by
emailed links (buyers on a phone) and closed; a coaching plan confirmed from the rep's
history page; the 30-day pulse made due and sent by `flask --app app reminders send`;
the rep confirms the buyers and answers at most six questions on a phone, the buyers
and the manager answer; the pulse round closed on its board; its one-page report read
back from the PDF the manager downloads; the history page shows the plan and the pulse.

The server has its own instance, mailbox and browser (module fixtures of this file), so
nothing it does shows in another e2e file's assertions.
"""

from __future__ import annotations

import io
import re
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect, sync_playwright
from pypdf import PdfReader

from tests.conftest import running_smtp_server
from tests.e2e.conftest import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    OWNER,
    PROJECT_ROOT,
    candor_env,
    live_candor,
    sign_in_as_owner,
)
from tests.e2e.survey_driver import answer_visible_questions, next_page

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
#: Where the screenshots and the PDF are left, to be looked at by a person afterwards.
SHOTS = Path("/tmp/pulse-e2e")  # noqa: S108 (a fixed place to look, not a secret)
REP = ("Lena Listener", "lena@e2e.example.com")
BUYERS = (
    ("Bruno Buyer", "bruno@client.example.com"),
    ("Cleo Customer", "cleo@client.example.com"),
    ("Dev Deal", "dev@deal.example"),
)
#: What the pulse report says of each competency's change (`core.coaching.progress`).
VERDICTS = "a reliable improvement|a reliable slip|within the noise"
#: The most questions a pulse asks one respondent (issue #18).
PULSE_MOST_ITEMS = 6


# --- this file's own live Candor --------------------------------------------------


@pytest.fixture(scope="module")
def pulse_mailbox():
    with running_smtp_server() as handler:
        yield handler


@pytest.fixture(scope="module")
def candor(pulse_mailbox, tmp_path_factory):
    """(base URL, instance folder) of a live Candor mailing to `pulse_mailbox`."""
    instance = tmp_path_factory.mktemp("pulse-instance")
    # the server's log in a file: this story makes more requests than its pipe holds
    with live_candor(instance, pulse_mailbox.url, log=instance / "server.log") as base:
        yield base, instance


@pytest.fixture(scope="module")
def chromium():
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


# --- mail -------------------------------------------------------------------------


def new_link(mailbox, address: str, seen: int, subject_part: str = "", seconds: float = 30):
    """The survey link of the first message to `address` that arrived after the
    mailbox held `seen` messages (mail goes out in the background: wait a little)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for message in list(mailbox.messages)[seen:]:
            if message["To"] == address and subject_part in message["Subject"]:
                body = message.get_body(("plain",)).get_content()
                return re.search(r"https?://\S+/s/[\w-]+", body).group(0)
        time.sleep(0.1)
    subjects = [(m["To"], m["Subject"]) for m in list(mailbox.messages)[seen:]]
    raise AssertionError(f"no new email to {address} within {seconds} s; new: {subjects}")


# --- answering ----------------------------------------------------------------------


def confirm_buyers(page, link: str) -> None:
    """The rep says, from their own link, that they dealt with each buyer."""
    page.goto(link)
    page.get_by_role("link", name="Answer for these buyers").click()
    for name, _ in BUYERS:
        page.get_by_role("group", name=name).get_by_role("radio", name=re.compile("^Yes")).check()
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_text("Thank you: we will ask").wait_for()


def answer_journey(page, link: str, on_page=None) -> None:
    """Open `link` and answer every survey it leads through: each survey's pages, no
    buyers suggested, on to the next survey from the thank-you page. `on_page(page)`
    is called on each survey page before it is answered."""
    page.goto(link)
    for _ in range(10):  # surveys of one link
        page.get_by_role("link", name=re.compile("^(Start|Continue)")).first.click()
        while page.locator(".progress-text").count():
            if on_page:
                on_page(page)
            answer_visible_questions(page)
            next_page(page)
            page.locator("main h1").wait_for()
        skip = page.get_by_role("button", name="Skip")
        if skip.count():  # the rep may suggest buyers at the end; none here
            skip.click()
        expect(page.get_by_role("heading", name=re.compile("^Thank you"))).to_be_visible()
        onward = page.get_by_role("link", name=re.compile("^Go on to "))
        if not onward.count():
            return
        onward.click()
    raise AssertionError("the link led through more surveys than any round has")


def rating_questions(page) -> int:
    """The questions on a survey page answered on a scale (not the free-text ones)."""
    return page.locator("div.question:not([data-type=text])").count()


def close_round(page) -> None:
    """On a round's board: close it, through the confirmation page."""
    page.get_by_role("button", name="Close the round and score it").click()
    page.get_by_role("heading", name=re.compile(r"now\?")).wait_for()
    page.get_by_role("button", name="Close the round and score it").click()
    page.locator(".badge-closed").wait_for()


def pdf_text(data: bytes) -> tuple[int, str]:
    """(page count, text with whitespace collapsed) of a PDF."""
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return len(reader.pages), re.sub(r"\s+", " ", text)


# --- the story ----------------------------------------------------------------------


def test_a_coaching_pulse_runs_end_to_end_in_chromium(candor, pulse_mailbox, chromium):
    base, instance = candor
    mailbox = pulse_mailbox
    SHOTS.mkdir(parents=True, exist_ok=True)
    owner = chromium.new_context().new_page()
    sign_in_as_owner(owner, base)
    owner.wait_for_url(re.compile("/manage/"))

    # 1. A round for a one-rep team whose manager is the owner, launched through the UI.
    owner.goto(base + "/manage/teams")
    owner.get_by_label("Team name").fill("Pulse team")
    owner.get_by_label(re.compile("^Manager")).select_option(index=1)  # the owner
    owner.get_by_role("button", name="Create the team").click()
    owner.locator("#rep-name").fill(REP[0])
    owner.locator("#rep-email").fill(REP[1])
    owner.get_by_role("button", name="Add the rep").click()
    owner.goto(base + "/manage/rounds/new")
    owner.get_by_label("Round name").fill("Spring round")
    owner.get_by_label("Team").select_option(label="Pulse team")
    wanted = ("consultative_selling", "trustworthiness", "buyer_feedback", "manager_review")
    for box in owner.locator("input[name=bank_ids]").all():
        box.set_checked(box.get_attribute("value") in wanted)
    owner.locator("#closes_on").fill((date.today() + timedelta(days=14)).isoformat())
    owner.get_by_role("button", name="Launch and send the invitations").click()
    anyway = owner.get_by_role("button", name="Launch anyway and send the invitations")
    anyway.or_(owner.locator("table.board")).first.wait_for()
    if anyway.count():  # the pre-launch check: no buyers yet
        anyway.click()
    owner.wait_for_url(re.compile(r"/manage/rounds/\d+$"))
    board = owner.url
    for name, email in BUYERS:
        owner.goto(board)
        card = owner.locator("section.rep-card", has_text=REP[0])
        card.locator("summary").click()
        card.get_by_label("Name").fill(name)
        card.get_by_label("Email").fill(email)
        card.get_by_label("They are a").select_option("customer")
        card.get_by_role("button", name="Add this buyer").click()
        owner.locator("section.rep-card", has_text=name).wait_for()

    # The rep confirms the buyers and answers her self-assessments, in her own browser.
    rep_link = new_link(mailbox, REP[1], 0)
    rep = chromium.new_context().new_page()
    confirm_buyers(rep, rep_link)
    answer_journey(rep, rep_link)
    rep.context.close()

    # The buyers answer from their emailed links, each on a phone.
    for _, email in BUYERS:
        phone = chromium.new_context(**PHONE).new_page()
        answer_journey(phone, new_link(mailbox, email, 0))
        phone.context.close()

    # The owner, the rep's manager, answers the review from the board, and closes.
    owner.goto(board)
    review = re.compile(rf"^Answer now\W*your review of {REP[0]}$")
    owner.get_by_role("link", name=review).click()
    answer_journey(owner, owner.url)
    owner.goto(board)
    expect(owner.get_by_role("heading", name=re.compile("^Completion: 6 of 6"))).to_be_visible()
    close_round(owner)
    owner.get_by_role("link", name="Download PDF").wait_for(timeout=90_000)

    # 2. From the rep's history, a coaching plan from the report's focus areas.
    owner.get_by_role("link", name="Readiness at a glance").click()
    owner.get_by_role("link", name=REP[0]).first.click()
    owner.wait_for_url(re.compile(r"/manage/reps/\d+/history$"))
    owner.get_by_role("link", name="Make a coaching plan").click()
    owner.get_by_role("heading", name=re.compile("^Make a coaching plan")).wait_for()
    ticked = owner.locator("li.plan-choice", has=owner.locator("input[name=competency]:checked"))
    plan = [name.strip() for name in ticked.locator("strong").all_inner_texts()]
    assert plan, "the form proposes no focus area"
    owner.get_by_role("button", name="Confirm the plan").click()
    again = owner.locator("form input[name=confirmed]")
    again.or_(owner.locator("#plans")).first.wait_for()
    if again.count():  # a second confirmation, when the page asks for one
        owner.locator("form", has=again).get_by_role("button").first.click()
    owner.wait_for_url(re.compile(r"/manage/reps/\d+/history"))
    history = owner.url.split("#")[0]
    plans = owner.locator("#plans")
    expect(plans).to_contain_text("From Spring round")
    for name in plan:
        expect(plans.locator(".plan-focuses")).to_contain_text(name)
    expect(plans.locator(".plan-pulse")).to_have_count(3)

    # 3. Thirty days pass: time cannot be moved in the server process, so the 30-day
    # pulse's due date is moved to today (UTC, the server's clock) in its database.
    today = datetime.now(UTC).date().isoformat()
    with sqlite3.connect(instance / "candor.db") as database:
        moved = database.execute("UPDATE pulses SET due_on = ? WHERE kind = 30", (today,))
        assert moved.rowcount == 1
    database.close()
    seen = len(mailbox.messages)
    job = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "reminders", "send"],
        env=candor_env(instance, base, mailbox.url),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert job.returncode == 0, job.stdout + job.stderr
    assert "1 coaching pulses sent" in job.stdout, job.stdout

    # 4. The rep's email leads her phone to confirm the buyers, then to the pulse.
    pulse_link = new_link(mailbox, REP[1], seen)
    rep = chromium.new_context(**PHONE).new_page()
    confirm_buyers(rep, pulse_link)
    asked: list[int] = []

    def count_and_shoot(page) -> None:
        if not asked:
            page.screenshot(path=str(SHOTS / "rep-pulse-survey-phone.png"), full_page=True)
        asked.append(rating_questions(page))

    answer_journey(rep, pulse_link, on_page=count_and_shoot)
    assert asked and 0 < sum(asked) <= PULSE_MOST_ITEMS, asked
    rep.context.close()
    for _, email in BUYERS:
        phone = chromium.new_context(**PHONE).new_page()
        answer_journey(phone, new_link(mailbox, email, seen))
        phone.context.close()
    manager_link = new_link(mailbox, OWNER[0], seen)
    answer_journey(owner, manager_link)

    # 5. The owner closes the pulse round on its board; its one-page report.
    owner.get_by_role("link", name="Back to the round's board").click()
    pulse_board = owner.url
    assert pulse_board != board
    expect(owner.locator("h1")).to_contain_text("30-day pulse")
    close_round(owner)
    manager_copy = owner.get_by_role("link", name=re.compile("manager's copy", re.I))
    manager_copy.wait_for(timeout=90_000)
    url = base + manager_copy.get_attribute("href")
    listed = owner.context.request.get(pulse_board + "/reports.json").json()
    report_id = int(re.search(r"/reports/(\d+)\.pdf", url).group(1))
    assert [(r["kind"], r["status"]) for r in listed if r["id"] == report_id] == [
        ("pulse", "done")
    ], listed
    answer = owner.context.request.get(url)
    assert answer.ok, answer.status
    pdf = SHOTS / "pulse-report-manager.pdf"
    pdf.write_bytes(answer.body())
    pages, text = pdf_text(answer.body())
    assert pages == 1, pages
    assert "30-day pulse" in text
    lines = []  # "Listening: 35 → 61, a reliable improvement", one per competency
    for name in plan:
        line = re.search(rf"{re.escape(name)}: \d+ → \d+, ({VERDICTS})", text)
        assert line, (name, text)
        lines.append(line.group(0))
    assert "3 buyer surveys" in text
    page_one = ["pdftoppm", "-png", "-r", "60", "-singlefile", "-f", "1", "-l", "1"]
    subprocess.run([*page_one, str(pdf), str(SHOTS / "pulse-report-page1")], check=True)

    # 6. The rep's history shows the plan and its 30-day pulse, as the report says it.
    owner.goto(history)
    plans = owner.locator("#plans")
    expect(plans).to_contain_text("From Spring round")
    thirty = plans.locator(".plan-pulse").first
    expect(thirty).to_contain_text("30-day pulse")
    for line in lines:
        expect(thirty).to_contain_text(line)

    # Once its report is done, the pulse board says so and stays still: it does not
    # say it is still scoring, nor reload itself (it polls every 2 s while waiting).
    owner.goto(pulse_board)
    manager_copy.wait_for()
    expect(owner.get_by_text("Scoring the round")).to_have_count(0)
    with pytest.raises(PlaywrightTimeoutError):
        owner.wait_for_event("load", timeout=5_000)
