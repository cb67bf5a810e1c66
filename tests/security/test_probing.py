"""Answers that would reveal something are generic, tried as a prober would: an owner
inviting an address used in another organization, and a manager reading the team page
for the names of people outside their teams. (A rep probing nominations:
tests/web/test_survey_nominate.py.)"""

from __future__ import annotations

from sqlalchemy import func, select

from assess.models import User
from tests.conftest import post_form, sign_in
from tests.factories import TeamFactory, UserFactory


def test_inviting_an_address_of_another_organization_says_what_any_invitation_says(mail_app):
    owner = UserFactory(role="owner")
    elsewhere = UserFactory(role="manager")  # another organization's manager
    browser = mail_app.test_client()
    sign_in(browser, owner.email)
    answers = {}
    for name, email in (("Nia New", "nia@new.example"), ("Tess Taken", elsewhere.email)):
        invited = post_form(browser, "/manage/people", {"name": name, "email": email})
        assert invited.status_code == 302
        answers[name] = browser.get(invited.headers["Location"]).text
    assert "Nia New is invited; the welcome email is on its way" in answers["Nia New"]
    assert "Tess Taken is invited; the welcome email is on its way" in answers["Tess Taken"]
    assert "already" not in answers["Tess Taken"].lower()
    # Nothing changed for the other organization's manager; their mailbox says why.
    session = mail_app.test_session
    session.expire_all()
    assert session.scalar(select(func.count()).where(User.email == elsewhere.email)) == 1
    assert session.get(User, elsewhere.id).organization_id == elsewhere.organization_id
    told = [m for m in mail_app.smtp.messages if m["To"] == elsewhere.email]
    assert len(told) == 1 and "tried to invite you" in told[0]["Subject"]
    # … and the inviting owner's outbox does not list that message.
    assert elsewhere.email not in browser.get("/manage/outbox").text


def test_a_managers_team_page_names_nobody_outside_the_team(client, session, manager):
    owner = UserFactory(role="owner", organization=manager.organization, name="Olga Owner")
    other = UserFactory(role="manager", organization=manager.organization, name="Xavier Other")
    mine = TeamFactory(organization=manager.organization, manager_id=manager.id)
    TeamFactory(organization=manager.organization, manager_id=other.id)
    sign_in(client, manager.email)
    for page in (f"/manage/teams/{mine.id}", "/manage/teams"):
        text = client.get(page).text
        assert "Xavier Other" not in text and owner.name not in text, page
