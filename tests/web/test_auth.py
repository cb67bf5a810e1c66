"""Signing in and out, password links, inviting managers — through the test client,
with CSRF on (tokens read back from the pages)."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from assess.models import OutboxMessage, User
from assess.web.auth import throttle
from tests import factories
from tests.conftest import csrf_from, post_form, rolled_back_app, sign_in
from tests.factories import TEST_PASSWORD, UserFactory

LINK = re.compile(r"http://127\.0\.0\.1:5000(/password/[\w-]+)")


def test_signing_in_opens_the_dashboard(client, manager):
    answer = sign_in(client, manager.email.upper())
    assert answer.headers["Location"] == "/manage/"
    dashboard = client.get("/manage/")
    assert dashboard.status_code == 200
    assert manager.organization.name in dashboard.get_data(as_text=True)


def test_pages_need_a_signed_in_user(client):
    answer = client.get("/manage/")
    assert answer.status_code == 302
    assert answer.headers["Location"].startswith("/login?next=")


def test_wrong_password_and_unknown_email_look_the_same(client, manager):
    wrong = post_form(client, "/login", {"email": manager.email, "password": "nope nope nope"})
    unknown = post_form(client, "/login", {"email": "ghost@example.com", "password": "x" * 12})
    assert wrong.status_code == unknown.status_code == 401
    message = "That email and password do not match an account."
    assert message in wrong.get_data(as_text=True)
    assert message in unknown.get_data(as_text=True)


def test_failed_sign_ins_from_one_address_make_it_wait(client, manager):
    _, free, _ = throttle.LOGIN_LIMITS[0]
    for _ in range(free):
        post_form(client, "/login", {"email": manager.email, "password": "wrong password"})
    blocked = post_form(client, "/login", {"email": manager.email, "password": TEST_PASSWORD})
    assert blocked.status_code == 429
    assert "Too many failed sign-ins. Try again in 1 second" in blocked.get_data(as_text=True)
    assert blocked.headers["Retry-After"] == "1"
    assert client.get("/manage/").status_code == 302  # still not signed in


def test_sign_in_starts_a_fresh_session(client, manager):
    with client.session_transaction() as before:
        before["planted"] = "by an attacker"
    sign_in(client, manager.email)
    with client.session_transaction() as after:
        assert "planted" not in after
        assert "_user_id" in after


def test_sign_in_never_redirects_off_site(client, manager):
    token = csrf_from(client.get("/login"))
    answer = client.post(
        "/login?next=//evil.example/steal",
        data={"csrf_token": token, "email": manager.email, "password": TEST_PASSWORD},
    )
    assert answer.headers["Location"] == "/manage/"


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(client, manager, session):
    answer = client.post("/login", data={"email": manager.email, "password": TEST_PASSWORD})
    assert answer.status_code == 400
    assert "Please send that again" in answer.get_data(as_text=True)
    assert session.get(User, manager.id).last_login_at is None


def test_sign_out_needs_a_post_with_csrf(client, manager):
    sign_in(client, manager.email)
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    post_form(client, "/logout", {}, form_url="/manage/")
    assert client.get("/manage/").status_code == 302


def test_password_reset_by_emailed_link(mail_app):
    manager = UserFactory(role="manager")
    client = mail_app.test_client()
    post_form(client, "/forgot", {"email": manager.email})
    email = mail_app.smtp.messages[-1]
    assert email["To"] == manager.email
    path = LINK.search(email.get_body(("plain",)).get_content()).group(1)
    form = client.get(path)
    assert form.status_code == 200
    new_password = "a brand new passphrase"
    done = client.post(
        path,
        data={"csrf_token": csrf_from(form), "password": new_password, "confirm": new_password},
    )
    assert done.status_code == 302
    assert client.get(path).status_code == 404  # the link worked once
    refused = post_form(client, "/login", {"email": manager.email, "password": TEST_PASSWORD})
    assert refused.status_code == 401
    sign_in(client, manager.email, new_password)


def test_reset_for_an_unknown_email_sends_nothing_and_says_the_same(client, session):
    answer = post_form(client, "/forgot", {"email": "ghost@example.com"}, follow_redirects=True)
    assert "If that address has an account" in answer.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_changing_the_password_signs_other_sessions_out(app, client, runner, manager):
    sign_in(client, manager.email)
    other_device = app.test_client()
    sign_in(other_device, manager.email)
    reset = runner.invoke(args=["user", "reset-link", manager.email])
    path = LINK.search(reset.output).group(1)
    third = app.test_client()
    form = third.get(path)
    password = "another long passphrase"
    done = third.post(
        path, data={"csrf_token": csrf_from(form), "password": password, "confirm": password}
    )
    assert done.status_code == 302
    assert client.get("/manage/").status_code == 302
    assert other_device.get("/manage/").status_code == 302


def test_a_manager_cannot_open_the_people_page(client, manager):
    sign_in(client, manager.email)
    assert client.get("/manage/people").status_code == 403


def test_owner_invites_a_manager_who_gets_a_working_welcome_email(
    database_url, tmp_path, smtp_server
):
    with rolled_back_app(database_url, tmp_path, SMTP_URL=smtp_server.url) as app:
        database = app.extensions["candor.db"].sessionmaker()
        factories.bind(database)
        owner = UserFactory(role="owner")
        client = app.test_client()
        sign_in(client, owner.email)
        answer = post_form(
            client, "/manage/people", {"name": "Nia <b>New</b>", "email": "nia@example.com"}
        )
        assert answer.status_code == 302
        assert len(smtp_server.messages) == 1
        email = smtp_server.messages[0]
        assert email["To"] == "nia@example.com"
        body = email.get_body(("plain",)).get_content()
        path = LINK.search(body).group(1)

        newcomer = app.test_client()
        form = newcomer.get(path)
        assert form.status_code == 200
        newcomer.post(
            path,
            data={
                "csrf_token": csrf_from(form),
                "password": "nia's passphrase",
                "confirm": "nia's passphrase",
            },
        )
        # the sign-in form that follows comes with her address filled in, once
        assert 'value="nia@example.com"' in newcomer.get("/login").text
        assert 'value="nia@example.com"' not in newcomer.get("/login").text
        sign_in(newcomer, "nia@example.com", "nia's passphrase")
        people = client.get("/manage/people").get_data(as_text=True)
        assert "Nia &lt;b&gt;New&lt;/b&gt;" in people  # a name is text, never markup
        database.close()
