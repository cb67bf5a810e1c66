"""A password link opened in a browser where someone else is signed in still sets the
password of the person it was sent to — and says whose session it ended."""

from __future__ import annotations

from assess.platform.settings import get_settings
from assess.services.password_links import new_password_link, password_link_url
from tests.conftest import csrf_from, sign_in


def test_a_welcome_link_works_while_another_account_is_signed_in(
    app, client, session, manager, owner
):
    sign_in(client, owner.email)
    link = new_password_link(session, get_settings(app), manager, "welcome")
    path = password_link_url(get_settings(app), link).split("127.0.0.1:5000", 1)[-1]
    form = client.get(path)
    page = form.get_data(as_text=True)
    assert form.status_code == 200
    assert f"signed in as {owner.name}" in page.replace("\n  ", " ") and manager.email in page
    new_password = "a passphrase of my own"
    done = client.post(
        path,
        data={"csrf_token": csrf_from(form), "password": new_password, "confirm": new_password},
        follow_redirects=True,
    )
    text = done.get_data(as_text=True)
    assert "Your password is set" in text and "You are signed out." not in text
    sign_in(client, manager.email, new_password)  # the password was saved
