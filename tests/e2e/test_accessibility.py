"""Accessibility in a real browser: axe-core finds no serious or critical violation on
the landing page, every survey page, the thank-you page and the manager's board; and a
survey can be completed with the keyboard alone."""

from __future__ import annotations

import re
import time
from datetime import date, timedelta

import pytest

from tests.e2e.conftest import OWNER, axe_violations
from tests.e2e.survey_driver import answer_visible_questions, answer_with_keyboard_only, next_page


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


@pytest.fixture(scope="module")
def round_links(browser, server, mailbox):
    """Launch a round for a one-rep team through the UI; return (board url, links)."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(server + "/login")
    page.get_by_label("Email").fill(OWNER[0])
    page.get_by_label("Password").fill(OWNER[1])
    page.get_by_role("button", name="Sign in").click()
    page.goto(server + "/manage/teams")
    page.get_by_label("Team name").fill("Accessible team")
    page.get_by_role("button", name="Create the team").click()
    page.locator("#rep-name").fill("Ada Access")
    page.locator("#rep-email").fill("ada@e2e.example.com")
    page.get_by_role("button", name="Add the rep").click()
    page.goto(server + "/manage/rounds/new")
    page.get_by_label("Round name").fill("Accessibility round")
    page.get_by_label("Team").select_option(label="Accessible team")
    wanted = ("consultative_selling", "trustworthiness", "buyer_feedback")
    for box in page.locator("input[name=bank_ids]").all():
        box.set_checked(box.get_attribute("value") in wanted)
    page.locator("#closes_on").fill((date.today() + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Launch and send the invitations").click()
    page.wait_for_url(re.compile(r"/manage/rounds/\d+$"))
    board = page.url
    for name, email in (("Kim Keyboard", "kim@client.example.com"), ("Axel Axe", "axel@x.example")):
        page.goto(board)
        card = page.locator("section.rep-card", has_text="Ada Access")
        card.locator("summary").click()
        card.get_by_label("Name").fill(name)
        card.get_by_label("Email").fill(email)
        card.get_by_label("They are a").select_option("customer")
        card.get_by_role("button", name="Send the link").click()
    page.goto(board)
    links = {}
    for row in page.locator("table.board tbody tr").all():
        who = row.locator("td").first.inner_text().split(" (")[0]
        bank = row.locator("td").nth(1).inner_text()
        if row.locator("input.copy-link").count():  # the rep's own links
            links[who if who != "self" and "Ada" not in who else bank] = row.locator(
                "input.copy-link"
            ).input_value()
    for name, email in (("Kim Keyboard", "kim@client.example.com"), ("Axel Axe", "axel@x.example")):
        links[name] = emailed_link(mailbox, email)  # a buyer's link is in their email only
    yield page, board, links
    context.close()


def test_manager_board_has_no_serious_violations(round_links):
    page, board, _ = round_links
    page.goto(board)
    assert axe_violations(page) == []


def test_every_survey_page_type_has_no_serious_violations(browser, round_links):
    _, _, links = round_links
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    seen_types = set()
    # The consultative self-assessment and the buyer survey cover every item type.
    self_link = next(url for who, url in links.items() if "onsultative" in who)
    for link in (self_link, links["Axel Axe"]):
        page.goto(link)
        assert axe_violations(page) == [], f"landing {link}"
        page.get_by_role("link", name=re.compile("Start|Continue")).first.click()
        for _ in range(20):
            if page.locator(".progress-text").count() == 0:
                break
            seen_types |= set(
                page.locator(".question").evaluate_all(
                    "els => els.map(e => [...e.classList].find(c => c.startsWith('question-')))"
                )
            )
            assert axe_violations(page) == [], page.url
            answer_visible_questions(page)
            next_page(page)
        if page.get_by_role("button", name="Skip").count():
            assert axe_violations(page) == [], "nomination page"
            page.get_by_role("button", name="Skip").click()
        assert "Thank you" in page.content()
        assert axe_violations(page) == [], "thank-you page"
    context.close()
    assert {
        "question-likert", "question-situational", "question-forced_choice", "question-choice",
        "question-yes_no", "question-likelihood", "question-text",
    } <= seen_types  # fmt: skip


def test_a_buyer_completes_the_survey_with_the_keyboard_only(browser, round_links):
    _, _, links = round_links
    page = browser.new_context().new_page()
    page.goto(links["Kim Keyboard"])
    for _ in range(30):  # Tab to the Start link
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim()") == "Start":
            break
    with page.expect_navigation():
        page.keyboard.press("Enter")
    answer_with_keyboard_only(page)
    assert "Thank you" in page.content()
