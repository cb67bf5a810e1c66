"""Accessibility in a real browser: axe-core finds no serious or critical violation on
the landing page, every survey page, the thank-you page and the manager's board; and a
survey can be completed with the keyboard alone."""

from __future__ import annotations

import re
from datetime import date, timedelta

from tests.e2e.conftest import ADA_BROWSER, axe_violations, sign_in_as_owner
from tests.e2e.survey_driver import (
    answer_pages,
    answer_visible_questions,
    answer_with_keyboard_only,
    next_page,
)


def test_manager_board_has_no_serious_violations(round_links):
    page, board, _ = round_links
    page.goto(board)
    assert axe_violations(page) == []


def test_every_survey_page_type_has_no_serious_violations(browser, round_links):
    _, _, links = round_links
    context = browser.new_context(bypass_csp=True, storage_state=links[ADA_BROWSER])
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
            pairs = page.locator(".forced-pair")
            if pairs.count():  # one statement cannot be both most and least like me
                first = pairs.first
                most = first.locator("input[name$='.most']").first
                most.check(force=True)
                value = most.get_attribute("value")
                least = first.locator(f"input[name$='.least'][value='{value}']")
                assert least.is_disabled()
            answer_visible_questions(page)
            next_page(page)
        if page.get_by_role("button", name="Skip").count():
            assert axe_violations(page) == [], "nomination page"
            page.get_by_role("button", name="Skip").click()
        assert "Thank you" in page.content()
        assert axe_violations(page) == [], "thank-you page"
    context.close()
    assert {
        "question-likert", "question-situational", "question-forced_choice",
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


def test_without_a_mail_server_a_survey_link_copies_with_one_click(browser, server_without_mail):
    """Without a mail server the manager hands links over: the board offers each with
    a Copy button (with one, the board holds no link to copy)."""
    server = server_without_mail
    context = browser.new_context(bypass_csp=True)  # axe is injected as a script
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page = context.new_page()
    sign_in_as_owner(page, server)
    page.goto(server + "/manage/teams")
    page.get_by_label("Team name").fill("Handover team")
    page.get_by_role("button", name="Create the team").click()
    page.locator("#rep-name").fill("Hal Handover")
    page.locator("#rep-email").fill("hal@e2e.example.com")
    page.get_by_role("button", name="Add the rep").click()
    page.goto(server + "/manage/rounds/new")
    page.get_by_label("Round name").fill("Handover round")
    page.get_by_label("Team").select_option(label="Handover team")
    page.locator("#closes_on").fill((date.today() + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Launch and send the invitations").click()
    page.get_by_role("button", name="Launch anyway and send the invitations").click()
    page.wait_for_url(re.compile(r"/manage/rounds/\d+$"))
    button = page.get_by_role("button", name="Copy").first
    link = page.locator("input.copy-link").first.input_value()
    button.click()
    page.get_by_role("button", name="Copied").first.wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == link
    assert axe_violations(page) == []
    context.close()


def test_the_board_and_its_confirmations_stay_accessible(browser, server, round_links):
    _, board, _ = round_links
    context = browser.new_context(bypass_csp=True)  # axe is injected as a script
    page = context.new_page()
    sign_in_as_owner(page, server)
    page.goto(board)
    assert axe_violations(page) == []
    # the confirmation pages and the pre-launch check are read before anything happens
    page.get_by_role("button", name="Close the round and score it").click()
    page.get_by_role("link", name="Cancel").wait_for()
    assert axe_violations(page) == [], "close confirmation"
    # the confirmation is a page of its own (reached by a redirect): reloading it asks
    # nothing and does nothing
    assert page.url.startswith(board + "/close?state=")  # what the page was shown about
    page.reload()
    page.get_by_role("heading", name=re.compile("^Close .* now\\?$")).wait_for()
    page.get_by_role("link", name="Cancel").click()
    page.locator("#buyers-file").set_input_files(
        {"name": "buyers.csv", "mimeType": "text/csv",
         "buffer": b"rep_email,name,email,role\n"
                   b"ada@e2e.example.com,Bo Buyer,bo@client.example.com,customer\n"}
    )  # fmt: skip
    page.get_by_role("button", name="Ask them").click()
    page.get_by_role("heading", name="Check the buyers before anyone is asked").wait_for()
    assert axe_violations(page) == [], "buyers CSV preview"
    # the preview is a page of its own: reloading it asks nothing about resending a file
    page.reload()
    page.get_by_role("heading", name="Check the buyers before anyone is asked").wait_for()
    page.get_by_role("link", name="Cancel").click()
    page.goto(server + "/manage/rounds/new")
    page.get_by_label("Round name").fill("Checked round")
    page.get_by_label("Team").select_option(label="Accessible team")
    # without the manager's review no rep gets a verdict: the check says so first
    page.locator("input[name=bank_ids][value=manager_review]").set_checked(False)
    page.locator("#closes_on").fill((date.today() + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Launch and send the invitations").click()
    page.get_by_role("heading", name="Before anything is sent").wait_for()
    assert axe_violations(page) == [], "pre-launch check"
    context.close()


def test_a_ten_thousand_character_name_does_not_widen_the_import_preview(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in_as_owner(page, server)
    page.goto(server + "/manage/reps/import")
    content = f"name,email,team\n{'N' * 10_000},long@e2e.example.com,Wide team\n"
    page.locator("input[type=file]").set_input_files(
        {"name": "reps.csv", "mimeType": "text/csv", "buffer": content.encode()}
    )
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("heading", name="Preview").wait_for()
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 1280, f"the page is {wide} px wide"
    context.close()


def test_a_rep_on_a_phone_names_a_buyer_with_every_choice_readable(browser, round_links):
    """The rep's one link, on a phone: the first survey (if not done yet), then on to
    the second from the thank-you page; every 0–10 scale on one row."""
    _, _, links = round_links
    assert not any("rust" in who for who in links)  # one link per rep, for both surveys
    self_link = next(url for who, url in links.items() if "onsultative" in who)
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, bypass_csp=True,
        storage_state=links[ADA_BROWSER],
    )  # fmt: skip
    page = context.new_page()
    page.goto(self_link)
    if page.get_by_role("link", name=re.compile("Start|Continue")).count():
        page.get_by_role("link", name=re.compile("Start|Continue")).first.click()
        answer_pages(page)
        if page.get_by_role("button", name="Skip").count():
            page.get_by_role("button", name="Skip").click()
    page.get_by_role("link", name=re.compile("Go on to")).click()
    assert "survey 2 of 2 of your self-assessment" in page.inner_text("main")
    page.get_by_role("link", name=re.compile("Start|Continue")).first.click()
    answer_pages(page)
    page.get_by_role("heading", name=re.compile("Who should we ask")).wait_for()
    assert axe_violations(page) == [], "nomination page on a phone"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # each "How you know them" sentence is shown whole, inside the phone's width
    for choice in page.locator("fieldset.nominee").first.locator("label.choice").all():
        box = choice.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, choice.inner_text()
        assert choice.evaluate("e => e.scrollWidth <= e.clientWidth"), choice.inner_text()
    assert "they have not bought (yet)" in page.locator("fieldset.nominee").first.inner_text()
    page.locator("#name-0").fill("Pia Phone")
    page.locator("#email-0").fill("pia@client.example.com")
    page.get_by_role("radio", name=re.compile("^Referral")).first.check()
    page.get_by_role("button", name=re.compile("Send|Suggest")).first.click()
    page.get_by_text("Your manager will check this name").wait_for()
    context.close()


def test_a_buyer_on_a_phone_sees_the_zero_to_ten_scale_on_one_row(browser, round_links):
    """0–10 wrapped to 0–5 over 6–10 reads as two scales; on a 320 px phone each of
    the eleven answers still meets WCAG 2.2's target size: 24 px tall, and centres at
    least 24 px apart (the rule's spacing exception)."""
    _, _, links = round_links
    context = browser.new_context(
        viewport={"width": 320, "height": 700}, is_mobile=True, has_touch=True, bypass_csp=True
    )
    page = context.new_page()
    page.goto(links["Pat Phone"])
    page.get_by_role("link", name=re.compile("Start|Continue")).first.click()
    for _ in range(10):
        scales = page.locator(".choices-eleven")
        if scales.count():
            break
        answer_visible_questions(page)
        next_page(page)
        page.wait_for_selector("main h1")
    assert scales.count(), "no 0-10 question in the buyer survey"
    boxes = [choice.bounding_box() for choice in scales.first.locator("label.choice").all()]
    numbers = [box for box in boxes if box["width"] < 100]  # not "Not seen / doesn't apply"
    assert len(numbers) == 11
    assert len({round(box["y"]) for box in numbers}) == 1, "the scale wraps"
    assert all(box["height"] >= 24 for box in numbers)
    centres = [box["x"] + box["width"] / 2 for box in numbers]
    assert min(b - a for a, b in zip(centres[:-1], centres[1:], strict=True)) >= 24
    assert all(box["x"] + box["width"] <= 320 for box in numbers)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert axe_violations(page) == [], "0-10 question on a phone"
    context.close()


def test_back_after_an_import_shows_a_page_not_a_resubmission_prompt(browser, server):
    """Upload → preview → Import → Back: Chromium shows the preview's own page (which
    says the upload is spent), never "Confirm Form Resubmission"; nothing is imported
    twice."""
    context = browser.new_context()
    page = context.new_page()
    sign_in_as_owner(page, server)
    page.goto(server + "/manage/reps/import")
    page.locator("input[type=file]").set_input_files(
        {"name": "reps.csv", "mimeType": "text/csv",
         "buffer": b"name,email,team\nBea Back,bea.back@e2e.example.com,Back team\n"}
    )  # fmt: skip
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("button", name="Import 1 rep").wait_for()
    page.get_by_role("button", name="Import 1 rep").click()
    page.get_by_text("Imported 1 rep").wait_for()
    page.go_back()
    page.wait_for_load_state()
    body = page.inner_text("body")
    assert "Import reps from a CSV file" in body, body[:300]
    assert "no longer there" in body
    assert page.get_by_role("button", name="Import 1 rep").count() == 0
    page.goto(server + "/manage/teams")
    page.get_by_role("link", name="Back team").click()
    assert page.locator("td", has_text="Bea Back").count() == 1
    context.close()
