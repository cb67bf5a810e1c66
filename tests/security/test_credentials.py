"""Nobody but its addressee ever holds a sign-in credential, and nobody can act as the
owner: tried as an attacker with a manager's account would, through the pages, the
outbox, the cookies and a copy of the database.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import inspect, select, text

from assess.models import PasswordLink, User
from tests import factories
from tests.conftest import csrf_from, post_form, sign_in
from tests.factories import TEST_PASSWORD, UserFactory

PASSWORD_LINK = re.compile(r"https?://[^\s\"'<>]+(/password/[\w-]+)")
SURVEY_LINK = re.compile(r"https?://[^\s\"'<>]+(/s/[\w-]+)")
NEW_PASSWORD = "a fresh passphrase of mine"


def links_in(page: str) -> list[str]:
    """Every password-link path a page shows, and every bare token-like path."""
    return PASSWORD_LINK.findall(page) + re.findall(r"/password/[\w-]{20,}", page)


def emailed_links(smtp, address: str) -> list[str]:
    """The password-link paths in every email delivered to `address`."""
    return [
        path
        for message in smtp.messages
        if message["To"] == address
        for path in PASSWORD_LINK.findall(message.get_body(("plain",)).get_content())
    ]


def choose_password(client, path: str, password: str = NEW_PASSWORD):
    form = client.get(path)
    assert form.status_code == 200, path
    return client.post(
        path, data={"csrf_token": csrf_from(form), "password": password, "confirm": password}
    )


def test_a_manager_cannot_read_the_owners_reset_link_in_the_outbox(app, client, manager, owner):
    """The attack: ask a reset for the owner, then read the link in the outbox."""
    sign_in(client, manager.email)
    post_form(client, "/forgot", {"email": owner.email})
    page = client.get("/manage/outbox").get_data(as_text=True)
    assert "Choose a new Candor password" not in page  # not about a team they manage
    assert links_in(page) == []
    owners_view = app.test_client()
    sign_in(owners_view, owner.email)
    page = owners_view.get("/manage/outbox").get_data(as_text=True)
    assert "Choose a new Candor password" in page  # the owner sees it listed …
    assert links_in(page) == []  # … but not the credential it carries
    assert "only the addressee reads it" in page


def test_with_smtp_only_the_owners_mailbox_gets_the_link(mail_app):
    owner = UserFactory(role="owner")
    manager = UserFactory(role="manager", organization=owner.organization)
    attacker = mail_app.test_client()
    sign_in(attacker, manager.email)
    post_form(attacker, "/forgot", {"email": owner.email})
    outbox = attacker.get("/manage/outbox").get_data(as_text=True)
    assert links_in(outbox) == []
    delivered = emailed_links(mail_app.smtp, owner.email)
    assert len(delivered) == 1
    owners_browser = mail_app.test_client()
    assert choose_password(owners_browser, delivered[0]).status_code == 302
    sign_in(owners_browser, owner.email, NEW_PASSWORD)


def test_a_welcome_link_is_for_the_owner_to_hand_over_and_nobody_else(client, app, owner, manager):
    sign_in(client, owner.email)
    post_form(client, "/manage/people", {"name": "Nia New", "email": "nia@example.com"})
    people = client.get("/manage/people").get_data(as_text=True)
    shown = PASSWORD_LINK.findall(people)
    assert len(shown) == 1  # the owner sees Nia's welcome link, to hand it over

    other = app.test_client()
    sign_in(other, manager.email)
    assert links_in(other.get("/manage/outbox").get_data(as_text=True)) == []
    assert other.get("/manage/people").status_code == 403

    newcomer = app.test_client()
    assert choose_password(newcomer, shown[0]).status_code == 302
    sign_in(newcomer, "nia@example.com", NEW_PASSWORD)
    again = client.get("/manage/people").get_data(as_text=True)
    assert PASSWORD_LINK.findall(again) == []  # used: gone from the owner's view too


def test_a_copy_of_the_database_holds_no_working_link(mail_app):
    """Every token any email carried, searched for in every text column of every table."""
    owner = UserFactory(role="owner")
    team = factories.TeamFactory(organization=owner.organization, manager_id=owner.id)
    factories.RepFactory(team=team, email="rep@example.com")
    browser = mail_app.test_client()
    sign_in(browser, owner.email)
    post_form(browser, "/manage/people", {"name": "Nia New", "email": "nia@example.com"})
    post_form(browser, "/forgot", {"email": owner.email})
    launch = post_form(
        browser,
        "/manage/rounds/new",
        {
            "name": "Spring",
            "team_id": team.id,
            "bank_ids": ["consultative_selling"],
            "opens_on": date.today().isoformat(),
            "closes_on": (date.today() + timedelta(days=60)).isoformat(),
            "confirmed": "yes",
        },
    )
    assert launch.status_code == 302, launch.get_data(as_text=True)
    tokens = set()
    for message in mail_app.smtp.messages:
        body = message.get_body(("plain",)).get_content()
        tokens.update(path.rsplit("/", 1)[1] for path in PASSWORD_LINK.findall(body))
        tokens.update(path.rsplit("/", 1)[1] for path in SURVEY_LINK.findall(body))
    assert len(tokens) >= 3  # a welcome, a reset and a survey link at least
    database = mail_app.test_session
    stored = []
    for table in inspect(database.connection()).get_table_names():
        for row in database.execute(text(f"SELECT * FROM {table}")):  # noqa: S608
            stored.extend(str(value) for value in row if isinstance(value, str))
    assert not [token for token in tokens if any(token in value for value in stored)]


def test_a_copied_session_cookie_stops_working_at_sign_out(app, client, manager):
    sign_in(client, manager.email)
    stolen = client.get_cookie("session").value
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/manage/").status_code == 200
    post_form(client, "/logout", {}, form_url="/manage/")
    assert thief.get("/manage/").status_code == 302


def test_the_session_cookie_carries_nothing_of_the_password_hash(app, client, manager, session):
    sign_in(client, manager.email)
    cookie = client.get_cookie("session").value
    contents = app.session_interface.get_signing_serializer(app).loads(cookie)
    password_hash = session.get(User, manager.id).password_hash
    pieces = {password_hash[start : start + 8] for start in range(len(password_hash) - 8)}
    assert not any(piece in str(contents) for piece in pieces)


def test_using_one_reset_link_ends_the_others_and_every_other_session(mail_app):
    owner = UserFactory(role="owner")
    other_device = mail_app.test_client()
    sign_in(other_device, owner.email)
    asker = mail_app.test_client()
    post_form(asker, "/forgot", {"email": owner.email})
    post_form(asker, "/forgot", {"email": owner.email})
    first, second = emailed_links(mail_app.smtp, owner.email)
    assert choose_password(asker, first).status_code == 302
    assert asker.get(second).status_code == 404
    assert other_device.get("/manage/").status_code == 302
    sign_in(asker, owner.email, NEW_PASSWORD)


def test_reset_requests_are_limited_without_saying_so(mail_app):
    owner = UserFactory(role="owner")
    browser = mail_app.test_client()
    for _ in range(30):
        answer = post_form(browser, "/forgot", {"email": owner.email}, follow_redirects=True)
        assert "If that address has an account" in answer.get_data(as_text=True)
    assert 1 <= len(emailed_links(mail_app.smtp, owner.email)) <= 3


def test_a_locked_out_owner_gets_a_working_link_from_the_command(app, runner, owner, session):
    result = runner.invoke(args=["user", "reset-link", owner.email.upper()])
    assert result.exit_code == 0, result.output
    path = PASSWORD_LINK.search(result.output).group(1)
    browser = app.test_client()
    assert choose_password(browser, path).status_code == 302
    sign_in(browser, owner.email, NEW_PASSWORD)
    refused = post_form(
        app.test_client(), "/login", {"email": owner.email, "password": TEST_PASSWORD}
    )
    assert refused.status_code == 401
    assert session.scalars(select(PasswordLink).where(PasswordLink.used_at.is_(None))).all() == []


def test_the_command_names_an_unknown_address(runner):
    result = runner.invoke(args=["user", "reset-link", "nobody@example.com"])
    assert result.exit_code == 1
    assert "no account has the email 'nobody@example.com'" in result.output
