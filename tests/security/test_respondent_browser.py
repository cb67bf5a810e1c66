"""A started response is its respondent's: whoever else holds the link (a manager who
handed it over, someone it was forwarded to) can neither read nor change the answers.
Tried from outside, as the manager and as the respondent on a second device would."""

from __future__ import annotations

import re

from sqlalchemy import select

from assess.models import Invitation, OutboxMessage
from assess.services.bank_versions import shipped_banks
from tests.conftest import csrf_from, sign_in
from tests.factories import RepFactory, TeamFactory, UserFactory
from tests.security.test_respondent_links import SURVEY_LINK, add_buyer
from tests.web.conftest import stored_answers, valid_form_answers
from tests.web.test_rounds import launch

BUYER_BANK = shipped_banks()["buyer_feedback"]
MOVE_LINK = re.compile(r"(/s/[\w-]{20,}/move/[\w-]{20,})")


def answer_first_page(browser, link: str) -> dict:
    page = browser.get(f"{link}/p/1")
    assert page.status_code == 200
    answers = valid_form_answers(BUYER_BANK, 1)
    saved = browser.post(
        f"{link}/p/1", data={"csrf_token": csrf_from(page), "action": "next", **answers}
    )
    assert saved.status_code == 302
    return answers


def buyer_link_handed_over(client, session, manager) -> tuple[str, Invitation]:
    """A round without a mail server: the manager copies the buyer's link to hand it over."""
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    rep = RepFactory(team=team)
    sign_in(client, manager.email)
    board_url = launch(client, team).headers["Location"]
    add_buyer(client, board_url, rep, "bea@buyer.example.com")
    board = client.get(board_url).text
    link = re.search(r'value="http[^"]*(/s/[\w-]+)" aria-label="Link for Bea Buyer"', board)
    buyer = session.scalar(
        select(Invitation).where(Invitation.rater_email == "bea@buyer.example.com")
    )
    return link.group(1), buyer


def test_the_manager_who_kept_a_copy_cannot_read_or_change_a_started_buyers_answers(
    app, client, session, manager
):
    link, buyer = buyer_link_handed_over(client, session, manager)
    buyers_phone = app.test_client()
    answers = answer_first_page(buyers_phone, link)

    # The manager opens the copy they kept: no page, no saved answer, no form.
    for path in (link, f"{link}/p/1", f"{link}/p/2"):
        seen = client.get(path)
        assert seen.status_code == 403, path
        assert "started in another browser" in seen.text
        assert "checked" not in seen.text and 'type="radio"' not in seen.text
    # Posting over the buyer's answers, by hand or as an autosave, changes nothing.
    token = csrf_from(client.get("/manage/outbox"))
    other = {item: "1" for item, value in answers.items() if value.isdigit()}
    forged = client.post(f"{link}/p/1", data={"csrf_token": token, "action": "next", **other})
    assert forged.status_code == 403
    autosave = client.post(
        f"{link}/p/1",
        data={"csrf_token": token, **other},
        headers={"X-Candor-Autosave": "1"},
    )
    assert autosave.status_code == 403
    assert {item: str(value) for item, value in stored_answers(session, buyer).items()} == {
        item: value for item, value in answers.items()
    }
    # Without a mail server there is no way to move the answers: nothing is offered or sent.
    assert "Email me a link" not in client.get(link).text
    before = session.scalar(select(OutboxMessage.id).order_by(OutboxMessage.id.desc()).limit(1))
    asked = client.post(f"{link}/move", data={"csrf_token": token})
    assert asked.status_code == 200
    after = session.scalar(select(OutboxMessage.id).order_by(OutboxMessage.id.desc()).limit(1))
    assert after == before
    # The buyer's own browser carries on, answers in place.
    assert 'value="5" checked' in buyers_phone.get(f"{link}/p/1").text


def test_two_tabs_of_one_browser_share_the_answers(app, client, session, manager):
    link, _ = buyer_link_handed_over(client, session, manager)
    browser = app.test_client()
    tab_one = browser.get(f"{link}/p/1")  # both tabs loaded before anything is saved
    tab_two = browser.get(f"{link}/p/1")
    answers = valid_form_answers(BUYER_BANK, 1)
    for tab in (tab_one, tab_two):  # a double click: the same page posted twice
        saved = browser.post(
            f"{link}/p/1", data={"csrf_token": csrf_from(tab), "action": "next", **answers}
        )
        assert saved.status_code == 302


def test_a_respondent_moves_to_another_browser_only_through_their_own_email(mail_app):
    manager = UserFactory(role="manager")
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    rep = RepFactory(team=team)
    managers_browser = mail_app.test_client()
    sign_in(managers_browser, manager.email)
    board_url = launch(managers_browser, team).headers["Location"]
    invitation_mail = next(m for m in mail_app.smtp.messages if m["To"] == rep.email)
    link = SURVEY_LINK.findall(invitation_mail.get_body(("plain",)).get_content())[0]
    assert link not in managers_browser.get(board_url).text  # only the rep's email has it

    phone, laptop = mail_app.test_client(), mail_app.test_client()
    self_bank = shipped_banks()["consultative_selling"]
    page = phone.get(f"{link}/p/1")
    answers = valid_form_answers(self_bank, 1)
    phone.post(f"{link}/p/1", data={"csrf_token": csrf_from(page), "action": "next", **answers})

    # On the laptop the rep asks for a link; it goes to the rep's address only …
    elsewhere = laptop.get(link)
    assert elsewhere.status_code == 403 and "Email me a link to continue here" in elsewhere.text
    sent_before = len(mail_app.smtp.messages)
    asked = laptop.post(f"{link}/move", data={"csrf_token": csrf_from(elsewhere)})
    assert asked.status_code == 200 and "Check your email" in asked.text
    moves = [
        m
        for m in mail_app.smtp.messages[sent_before:]
        if MOVE_LINK.search(m.get_body(("plain",)).get_content())
    ]
    assert [m["To"] for m in moves] == [rep.email]
    move_link = MOVE_LINK.search(moves[0].get_body(("plain",)).get_content()).group(1)
    # … and no page of the manager's shows it.
    outbox = managers_browser.get("/manage/outbox").text
    assert "/move/" not in outbox
    # Opening the emailed link (as a mail scanner would) moves nothing.
    confirm = laptop.get(move_link)
    assert confirm.status_code == 200 and "Continue here" in confirm.text
    assert phone.get(f"{link}/p/1").status_code == 200
    # The rep confirms: the laptop now holds the answers, the phone no longer opens them.
    moved = laptop.post(move_link, data={"csrf_token": csrf_from(confirm)})
    assert moved.status_code == 302
    assert f'name="{next(iter(answers))}"' in laptop.get(f"{link}/p/1").text
    assert phone.get(f"{link}/p/1").status_code == 403
    # The link worked once.
    assert laptop.post(move_link, data={"csrf_token": csrf_from(confirm)}).status_code == 404
    # The manager holding the rep's link cannot use it either.
    assert managers_browser.get(f"{link}/p/1").status_code == 403


def test_a_buyer_locked_out_of_a_started_survey_gets_a_new_link_that_starts_over(
    app, client, session, manager
):
    """No mail server, and the buyer's first browser is gone: the manager gives a new
    link. The saved answers are deleted unread first (the manager holds the new link
    too), the old link opens nothing, and the new link opens a fresh survey in the
    buyer's new browser — never the old answers."""
    link, buyer = buyer_link_handed_over(client, session, manager)
    old_phone, new_phone = app.test_client(), app.test_client()
    answers = answer_first_page(old_phone, link)
    assert "started in another browser" in new_phone.get(f"{link}/p/1").text
    assert "It starts the survey over" in new_phone.get(f"{link}/p/1").text

    url = f"/manage/invitations/{buyer.id}/new-link"
    board_url = f"/manage/rounds/{buyer.round_id}"
    assert f'action="{url}"' in client.get(board_url).text  # the board offers it
    asked = client.post(url, data={"csrf_token": csrf_from(client.get(board_url))})
    assert asked.status_code == 303  # a guarded button: it first asks
    question = client.get(url).text
    saved = len(answers)
    assert f"The {saved} answers saved so far are deleted unread" in question
    assert stored_answers(session, buyer)  # nothing done yet
    done = client.post(
        url, data={"csrf_token": csrf_from(client.get(board_url)), "confirmed": "yes"}
    )
    assert done.status_code == 302
    assert stored_answers(session, buyer) == {}
    assert old_phone.get(f"{link}/p/1").status_code == 404  # the old link is gone
    board = client.get(board_url).text
    new_link = re.search(r'value="http[^"]*(/s/[\w-]+)" aria-label="Link for Bea Buyer"', board)
    assert new_link and new_link.group(1) != link
    fresh = new_phone.get(f"{new_link.group(1)}/p/1")
    assert fresh.status_code == 200
    for item_id, value in answers.items():  # nothing of the old answers is on the page
        assert f'value="{value}" checked' not in fresh.text, item_id
    assert answer_first_page(new_phone, new_link.group(1))
