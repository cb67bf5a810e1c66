"""Answers that would reveal something are generic, tried as a prober would: an owner
inviting an address used in another organization, and a manager reading the team page
for the names of people outside their teams. (A rep probing nominations:
tests/web/test_survey_nominate.py.)"""

from __future__ import annotations

import re

from sqlalchemy import func, select

from assess.models import User
from tests.conftest import csrf_from, post_form, sign_in
from tests.factories import RepFactory, TeamFactory, UserFactory
from tests.web.test_rounds import launch


def shown_alike(text: str, free: str, taken: str) -> str:
    """A page's text with the two invitees' names and addresses made the same: what is
    left must not differ between them."""
    for old, new in ((taken[0], free[0]), (taken[1], free[1])):
        text = text.replace(old, new)
    text = re.sub(r'name="csrf_token" type="hidden" value="[^"]*"', "csrf", text)
    return " ".join(text.split())


def invite_both(browser, elsewhere):
    """Invite a free address and one another organization uses; return the answers."""
    answers = {}
    for name, email in (("Nia New", "nia@new.example"), ("Tess Taken", elsewhere.email)):
        invited = post_form(browser, "/manage/people", {"name": name, "email": email})
        assert invited.status_code == 302
        answers[name] = browser.get(invited.headers["Location"]).text
    return answers


def rows_of(page: str, *names: str) -> dict[str, str]:
    """Each name's table row (and the row after it, the welcome link's) on a page."""
    found = {}
    for name in names:
        at = page.index(f"<td>{name}</td>")
        ends = [page.find(mark, at + 1) for mark in ("<tr><td>", "</tbody>")]
        found[name] = page[page.rindex("<tr>", 0, at) : min(end for end in ends if end > 0)]
    return found


def test_inviting_an_address_of_another_organization_says_what_any_invitation_says(mail_app):
    owner = UserFactory(role="owner")
    elsewhere = UserFactory(role="manager")  # another organization's manager
    browser = mail_app.test_client()
    sign_in(browser, owner.email)
    answers = invite_both(browser, elsewhere)
    free, taken = ("Nia New", "nia@new.example"), ("Tess Taken", elsewhere.email)
    assert "Nia New is invited; the welcome email is on its way" in answers["Nia New"]
    assert "Tess Taken is invited; the welcome email is on its way" in answers["Tess Taken"]
    assert "already" not in answers["Tess Taken"].lower()
    # The people list shows both alike: a manager who has not signed in yet
    rows = rows_of(browser.get("/manage/people").text, "Nia New", "Tess Taken")
    assert shown_alike(rows["Tess Taken"], free, taken) == shown_alike(rows["Nia New"], free, taken)
    assert "never" in rows["Tess Taken"]
    # the outbox lists both welcome emails alike, and neither text
    outbox = browser.get("/manage/outbox").text
    entries = {
        name: re.search(
            rf"<summary>(?:(?!</details>).)*?→ {re.escape(email)}.*?</details>", outbox, re.S
        ).group(0)
        for name, email in (free, taken)
    }
    assert shown_alike(entries["Tess Taken"], free, taken) == shown_alike(
        entries["Nia New"], free, taken
    )
    assert "another organization" not in outbox
    # inviting either again answers alike
    again = {
        name: post_form(browser, "/manage/people", {"name": "Again", "email": email}).text
        for name, email in (free, taken)
    }
    assert f"{taken[0]} already has this address here." in again["Tess Taken"]
    assert shown_alike(again["Tess Taken"], free, taken) == shown_alike(
        again["Nia New"], free, taken
    )
    # Nothing changed for the other organization's manager; their mailbox says why.
    session = mail_app.test_session
    session.expire_all()
    assert session.scalar(select(func.count()).where(User.email == elsewhere.email)) == 1
    assert session.get(User, elsewhere.id).organization_id == elsewhere.organization_id
    told = [m for m in mail_app.smtp.messages if m["To"] == elsewhere.email]
    assert len(told) == 1
    text = told[0].get_body(("plain",)).get_content()
    assert "already has a Candor account with another organization" in text


def test_a_held_invitation_and_a_new_manager_are_alike_in_the_team_form_and_as_buyers(
    client, session
):
    owner = UserFactory(role="owner")
    elsewhere = UserFactory(role="manager")
    team = TeamFactory(organization=owner.organization, manager_id=owner.id)
    rep = RepFactory(team=team)
    sign_in(client, owner.email)
    invite_both(client, elsewhere)
    # neither is offered as a team's manager until they have signed in
    form = client.get(f"/manage/teams/{team.id}").text
    assert "Nia New" not in form and "Tess Taken" not in form
    # both addresses are refused as the rep's buyers, with the same words
    board_url = launch(client, team).headers["Location"]
    refused = {
        email: post_form(
            client,
            f"{board_url}/reps/{rep.id}/buyers",
            {"name": "X", "email": email, "role": "customer"},
            form_url=board_url,
        )
        for email in ("nia@new.example", elsewhere.email)
    }
    for answer in refused.values():
        assert answer.status_code == 422
        assert "a colleague is not a buyer" in answer.text


def test_without_a_mail_server_a_held_invitation_has_a_welcome_link_that_opens_nothing(
    client, session
):
    owner = UserFactory(role="owner")
    elsewhere = UserFactory(role="manager")
    sign_in(client, owner.email)
    invite_both(client, elsewhere)
    page = client.get("/manage/people").text
    welcome = re.compile(r"Welcome link for ([\w ]+) \(.*?(/password/[\w-]+)", re.S)
    links = dict(welcome.findall(page))
    assert set(links) == {"Nia New", "Tess Taken"}
    stranger = client.application.test_client()
    assert stranger.get(links["Nia New"]).status_code == 200  # Nia's works
    # the decoy answers as any used or expired link does
    decoy, dead = stranger.get(links["Tess Taken"]), stranger.get("/password/not-a-real-token")
    assert decoy.status_code == dead.status_code != 200
    assert elsewhere.name not in decoy.text


def test_a_managers_team_page_names_nobody_outside_the_team(client, session, manager):
    owner = UserFactory(role="owner", organization=manager.organization, name="Olga Owner")
    other = UserFactory(role="manager", organization=manager.organization, name="Xavier Other")
    mine = TeamFactory(organization=manager.organization, manager_id=manager.id)
    TeamFactory(organization=manager.organization, manager_id=other.id)
    sign_in(client, manager.email)
    for page in (f"/manage/teams/{mine.id}", "/manage/teams"):
        text = client.get(page).text
        assert "Xavier Other" not in text and owner.name not in text, page


def test_a_people_key_that_is_not_one_is_a_404(client, session):
    owner = UserFactory(role="owner")
    sign_in(client, owner.email)
    token = csrf_from(client.get("/manage/people"))
    for key in ("%FF%FE", "é" * 20, "x" * 20):
        answer = client.post(
            f"/manage/people/{key}/welcome", data={"csrf_token": token, "confirmed": "yes"}
        )
        assert answer.status_code == 404, key
