"""The whole story in a real browser, from the owner's first sign-in to page 1 of the
team report: invite a manager, import reps, launch a round, answer by email links
(resuming after closing the browser; buyers on a phone-sized screen), close the round,
download the PDF."""

from __future__ import annotations

import re
from datetime import date, timedelta

from pypdf import PdfReader

from tests.e2e.conftest import OWNER, link_in, wait_for_mail
from tests.e2e.survey_driver import answer_pages, page_position

PHONE = {"width": 390, "height": 844}
REPS_CSV = (
    "name,email,team\n"
    "Rita Rep,rita@e2e.example.com,Hunters\n"
    "Omar Other,omar@e2e.example.com,Hunters\n"
)
BUYERS = (
    ("Bea Buyer", "bea@client.example.com", "customer"),
    ("Carl Client", "carl@client.example.com", "customer"),
    ("Dora Deal", "dora@client.example.com", "referral"),
)


def sign_in(page, base, email, password):
    page.goto(base + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/manage/"))


def test_from_first_sign_in_to_the_owners_pdf(browser, server, mailbox, tmp_path):
    owner = browser.new_context().new_page()
    sign_in(owner, server, *OWNER)

    # The owner invites a manager, who sets a password from the emailed link.
    owner.goto(server + "/manage/people")
    owner.get_by_label("Name").fill("Mona Manager")
    owner.get_by_label("Email").fill("mona@e2e.example.com")
    owner.get_by_role("button", name="Send the invitation").click()
    welcome = wait_for_mail(mailbox, "mona@e2e.example.com", "invited you")
    manager = browser.new_context().new_page()
    manager.goto(link_in(welcome, server))
    manager.get_by_role("textbox", name="New password", exact=True).fill("mona's long passphrase")
    manager.get_by_label("Repeat the new password").fill("mona's long passphrase")
    manager.get_by_role("button", name="Save the password").click()
    sign_in(manager, server, "mona@e2e.example.com", "mona's long passphrase")

    # The manager imports reps from CSV (preview, then confirm) and launches a round.
    csv_file = tmp_path / "reps.csv"
    csv_file.write_text(REPS_CSV)
    manager.goto(server + "/manage/reps/import")
    manager.set_input_files("input[type=file]", str(csv_file))
    manager.get_by_role("button", name="Preview").click()
    manager.get_by_role("button", name="Import 2 reps").click()
    manager.goto(server + "/manage/rounds/new")
    manager.get_by_label("Round name").fill("E2E round")
    manager.get_by_label("Team").select_option(label="Hunters")
    for box in manager.locator("input[name=bank_ids]").all():
        box.set_checked(box.get_attribute("value") in ("consultative_selling", "buyer_feedback"))
    manager.locator("#closes_on").fill((date.today() + timedelta(days=14)).isoformat())
    manager.get_by_role("button", name="Launch and send the invitations").click()
    # the pre-launch check: no manager's review in this round, so no verdicts; go ahead
    manager.get_by_role("button", name="Launch anyway and send the invitations").click()
    manager.wait_for_url(re.compile(r"/manage/rounds/\d+$"))
    board_url = manager.url

    # Three buyers for Rita, added on the board.
    for name, email, role in BUYERS:
        manager.goto(board_url)
        card = manager.locator("section.rep-card", has_text="Rita Rep")
        card.locator("summary").click()
        card.get_by_label("Name").fill(name)
        card.get_by_label("Email").fill(email)
        card.get_by_label("They are a").select_option(role)
        card.get_by_role("button", name="Add this buyer").click()

    # Rita opens her emailed link, answers half, closes the browser, comes back, finishes.
    invitation = wait_for_mail(mailbox, "rita@e2e.example.com", "self-assessment")
    rita_link = link_in(invitation, server)
    first_visit = browser.new_context()
    rita = first_visit.new_page()
    rita.goto(rita_link)
    rita.get_by_role("link", name="Start").click()
    _, total = page_position(rita)
    half = total // 2
    answer_pages(rita, half)
    # Closing the browser ends its session; what it keeps is its persistent cookies,
    # among them the one that makes her saved answers this browser's own.
    kept = [c for c in first_visit.cookies() if c["expires"] != -1]
    first_visit.close()
    reopened = browser.new_context()
    reopened.add_cookies(kept)
    rita = reopened.new_page()
    rita.goto(rita_link)
    if rita.get_by_role("link", name=re.compile("Start|Continue")).count():
        rita.get_by_role("link", name=re.compile("Start|Continue")).first.click()
    assert page_position(rita)[0] == half + 1  # resumed where she stopped
    answer_pages(rita)
    rita.get_by_role("button", name="Skip").click()  # no buyers to suggest
    assert "Thank you" in rita.content()
    # the manager's three buyers wait for Rita's yes before anyone writes to them
    assert "Your manager would like to ask 3 buyers about you" in rita.content()
    rita.get_by_role("link", name="Answer for these buyers").click()
    for name, _, _ in BUYERS:
        rita.get_by_role("group", name=name).get_by_role("radio", name=re.compile("^Yes")).check()
    rita.get_by_role("button", name="Send my answers").click()
    rita.get_by_text("Thank you: we will ask").wait_for()

    # The buyers answer from their emailed links on a phone-sized screen.
    for _, email, _ in BUYERS:
        buyer_mail = wait_for_mail(mailbox, email, "Rita Rep")
        phone = browser.new_context(viewport=PHONE, is_mobile=True).new_page()
        phone.goto(link_in(buyer_mail, server))
        phone.get_by_role("link", name="Start").click()
        answer_pages(phone)
        assert "Thank you" in phone.content()

    # The manager closes the round; the reports render in the background.
    manager.goto(board_url)
    assert "Completion: 4 of 5" in manager.content()  # Omar never answered
    manager.get_by_role("button", name="Close the round and score it").click()
    # the confirmation page says what closing does before it does it
    manager.get_by_role("heading", name=re.compile("now\\?")).wait_for()
    manager.get_by_role("button", name="Close the round and score it").click()
    # the board updates itself while the reports render: no reload by hand
    manager.get_by_role("link", name="Download PDF").wait_for(timeout=90_000)

    # The owner downloads the team report and reads page 1.
    owner.goto(board_url)
    with owner.expect_download() as download:
        owner.get_by_role("link", name="Download PDF").click()
    pdf = PdfReader(download.value.path())
    page_one = pdf.pages[0].extract_text()
    assert "Rita Rep" in page_one
    assert "E2E round" in page_one or "E2E Company" in page_one
    owner_mail = wait_for_mail(mailbox, OWNER[0], "Team readiness report")
    assert "/manage/reports/" in owner_mail.get_body(("plain",)).get_content()
