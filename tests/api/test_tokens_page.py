"""The owner's API tokens page: a token is shown once and kept only as a hash; a
revoked token stops working at once; managers cannot reach the page."""

from __future__ import annotations

import re

from sqlalchemy import text

from assess.models import ApiToken
from tests.api.conftest import bearer
from tests.conftest import csrf_from, post_form, sign_in

TOKEN = re.compile(r"cnd_[A-Za-z0-9_-]{43}")


def test_a_token_is_shown_once_works_and_is_stored_only_as_a_hash(app, client, owner, session):
    sign_in(client, owner.email)
    made = post_form(client, "/manage/api-tokens", {"name": "HRIS nightly", "scope": "write"})
    assert made.status_code == 200
    (token,) = set(TOKEN.findall(made.get_data(as_text=True)))

    again = client.get("/manage/api-tokens").get_data(as_text=True)
    assert token not in again and "HRIS nightly" in again and token[:12] in again
    assert "Set-Cookie" not in made.headers or token not in made.headers["Set-Cookie"]
    stored = session.execute(text("SELECT * FROM api_tokens")).all()
    assert stored and all(token not in str(row) for row in stored)

    api = app.test_client()
    assert api.get("/api/v1/teams", headers=bearer(token)).status_code == 200
    listed = client.get("/manage/api-tokens").get_data(as_text=True)
    assert "<td>never</td>" not in listed and " UTC</td>" in listed  # its last use is shown


def test_a_revoked_token_is_refused_from_the_next_call(app, client, owner, session):
    sign_in(client, owner.email)
    made = post_form(client, "/manage/api-tokens", {"name": "CRM", "scope": "read"})
    (token,) = set(TOKEN.findall(made.get_data(as_text=True)))
    api = app.test_client()
    assert api.get("/api/v1/reps", headers=bearer(token)).status_code == 200

    row = session.query(ApiToken).filter_by(name="CRM").one()
    page = client.get("/manage/api-tokens")
    asked = client.post(
        f"/manage/api-tokens/{row.id}/revoke",
        data={"csrf_token": csrf_from(page)},
        follow_redirects=True,
    )
    assert asked.status_code == 200 and "Revoke “CRM”?" in asked.get_data(as_text=True)
    assert api.get("/api/v1/reps", headers=bearer(token)).status_code == 200  # not yet
    revoked = client.post(
        f"/manage/api-tokens/{row.id}/revoke",
        data={"csrf_token": csrf_from(page), "confirmed": "yes"},
    )
    assert revoked.status_code == 302
    assert api.get("/api/v1/reps", headers=bearer(token)).status_code == 401
    assert "revoked" in client.get("/manage/api-tokens").get_data(as_text=True)


def test_a_nameless_token_is_refused_with_a_message_and_none_is_made(client, owner, session):
    sign_in(client, owner.email)
    answer = post_form(client, "/manage/api-tokens", {"name": "  ", "scope": "write"})
    assert answer.status_code == 422
    assert "Name the token after what will use it." in answer.get_data(as_text=True)
    assert not TOKEN.search(answer.get_data(as_text=True))
    assert session.query(ApiToken).count() == 0


def test_managers_cannot_reach_the_integrations(client, manager):
    sign_in(client, manager.email)
    for page in ("/manage/integrations", "/manage/api-tokens"):
        assert client.get(page).status_code == 403, page
    nav = client.get("/manage/").get_data(as_text=True)
    assert "Integrations" not in nav
