"""One input rule for every text field, tried through the forms as an attacker would
(the respondent's forms: tests/web/test_input_rule_survey.py):
a NUL (PostgreSQL answered 500), bytes that are not UTF-8 (stored as the literal text
"%ED%A0%80"), other control characters, and a line break in a one-line field are each
refused with a message naming the field, and nothing is saved. Numbers are ASCII
digits; round dates lie in a sane window; a line break that reached a header from
older data fails the mail at once instead of leaving it queued for ever."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from urllib.parse import quote, urlencode

import pytest
from sqlalchemy import func, select

from assess.models import Answer, Invitation, OutboxMessage, Rep, Round, Team, User
from tests.conftest import csrf_from, post_form, sign_in
from tests.factories import RepFactory, TeamFactory, UserFactory
from tests.web.conftest import rep_vouches
from tests.web.test_rounds import launch

#: (what it is, how it travels in a form body)
HOSTILE = [
    ("NUL", "Ann%00Lee", "contains a NUL character"),
    ("not UTF-8", "Ann%ED%A0%80Lee", "contains bytes that are not valid text"),
    ("bell", "Ann%07Lee", "contains a control character (U+0007)"),
    ("CR LF", "Ann%0D%0ABcc: victim@example.com", "contains a line break"),
    ("direction override", "Ann%E2%80%AELee", "contains a text-direction override"),
]


def post_raw(client, form_url: str, url: str, fields: dict, field: str, raw: str):
    """POST `fields` plus `field` with the already percent-encoded `raw` value."""
    token = csrf_from(client.get(form_url))
    body = urlencode({"csrf_token": token, **fields}, doseq=True) + f"&{quote(field)}={raw}"
    return client.post(url, data=body, content_type="application/x-www-form-urlencoded")


def counts(session) -> dict:
    session.expire_all()
    return {
        model.__name__: session.scalar(select(func.count()).select_from(model))
        for model in (Team, Rep, User, Round, Invitation, Answer)
    }


@pytest.fixture
def signed_in_owner(client, session):
    owner = UserFactory(role="owner")
    team = TeamFactory(organization=owner.organization, manager_id=owner.id)
    rep = RepFactory(team=team)
    sign_in(client, owner.email)
    return owner, team, rep


def forms_of(team, rep, board_url):
    """(form page, post url, other fields, field, its label) for each text field."""
    today = date.today()
    round_fields = {
        "team_id": team.id,
        "bank_ids": ["consultative_selling"],
        "opens_on": today.isoformat(),
        "closes_on": (today + timedelta(days=14)).isoformat(),
        "confirmed": "yes",
    }
    return [
        ("/manage/teams", "/manage/teams", {}, "name", "Team name"),
        (f"/manage/teams/{team.id}", None, {"rep-email": "new@r.example"}, "rep-name", "Name"),
        (f"/manage/teams/{team.id}", None, {"rep-name": "Rae"}, "rep-email", "Email"),
        (f"/manage/reps/{rep.id}", None, {"email": rep.email, "team_id": team.id}, "name", "Name"),
        ("/manage/people", None, {"email": "nia@m.example"}, "name", "Name"),
        ("/manage/people", None, {"name": "Nia"}, "email", "Email"),
        ("/manage/rounds/new", None, round_fields, "name", "Round name"),
        (
            board_url,
            f"{board_url}/reps/{rep.id}/buyers",
            {"email": "bea@b.example", "role": "customer"},
            "name",
            "Name",
        ),
    ]


@pytest.mark.parametrize(("kind", "raw", "words"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_every_managers_text_field_refuses_it_by_name_and_saves_nothing(
    client, session, signed_in_owner, kind, raw, words
):
    _, team, rep = signed_in_owner
    board_url = launch(client, team, banks=("consultative_selling", "buyer_feedback")).headers[
        "Location"
    ]
    for form_url, url, fields, field, label in forms_of(team, rep, board_url):
        before = counts(session)
        answer = post_raw(client, form_url, url or form_url, fields, field, raw)
        assert answer.status_code < 500, (field, form_url)
        shown = answer.text if answer.status_code != 302 else client.get(board_url).text
        assert f"{label} {words}" in shown.replace("&#39;", "'"), (field, form_url)
        assert counts(session) == before, (field, form_url)


@pytest.mark.parametrize(("kind", "raw", "words"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_sign_in_and_reset_forms_refuse_it_without_an_account(client, kind, raw, words):
    for url, fields in (("/login", {"password": "x" * 12}), ("/forgot", {})):
        answer = post_raw(client, url, url, fields, "email", raw)
        assert answer.status_code in (200, 400, 422), url
        assert f"Email {words}" in answer.text, url


def test_round_dates_lie_in_a_sane_window(client, session, signed_in_owner):
    _, team, _ = signed_in_owner
    today = date.today()
    cases = [
        ("1970-01-01", "1970-01-31", "That day is in the past"),
        (today.isoformat(), "9999-12-31", "A round runs at most 120 days"),
        ("9999-01-01", "9999-12-31", "more than two years away"),
        ("2020-01-01", "2020-01-31", "That day is in the past"),
        ((today - timedelta(days=1)).isoformat(), (today + timedelta(days=9)).isoformat(),
         "a round opens today or later"),
        ((today - timedelta(days=40)).isoformat(), (today - timedelta(days=10)).isoformat(),
         "That day is in the past"),
        ("٢٠٢٦-٠١-٠١", today.isoformat(), "Opens on must be a date like"),
    ]  # fmt: skip
    for opens, closes, words in cases:
        before = counts(session)
        answer = launch(client, team, opens_on=opens, closes_on=closes)
        assert answer.status_code == 200, (opens, closes)
        assert words in answer.text, (opens, closes)
        assert counts(session) == before


def test_a_line_break_that_reached_a_header_fails_the_mail_at_once(mail_app):
    """A rep saved before the rule existed, with a line break in the name: the buyer's
    email (whose subject names the rep) fails with a reason instead of waiting for ever."""
    owner = UserFactory(role="owner")
    team = TeamFactory(organization=owner.organization, manager_id=owner.id)
    rep = RepFactory(team=team, name="Rex\r\nBcc: everyone@example.com")
    browser = mail_app.test_client()
    sign_in(browser, owner.email)
    board_url = launch(browser, team).headers["Location"]
    post_form(
        browser,
        f"{board_url}/reps/{rep.id}/buyers",
        {"name": "Bea", "email": "bea@b.example", "role": "customer"},
        form_url=board_url,
    )
    rep_vouches(mail_app, rep)  # Rex says he dealt with Bea: now she is written to
    database = mail_app.extensions["candor.db"]
    with database.session_scope() as session:
        message = session.scalar(
            select(OutboxMessage).where(OutboxMessage.to_address == "bea@b.example")
        )
        assert message.status == "failed"
        assert "Cannot be written as an email" in message.last_error
    assert not [m for m in mail_app.smtp.messages if m["To"] == "bea@b.example"]
    assert "Not sent: Cannot be written as an email" in browser.get("/manage/outbox").text


def test_a_csv_import_refuses_it_by_line_and_column(client, session, signed_in_owner):
    _, team, _ = signed_in_owner
    content = (
        "name,email,team\n"
        f"Ann\x00Lee,ann@r.example,{team.name}\n"
        f'"Bo\r\nBcc: x@y.example",bo@r.example,{team.name}\n'
    ).encode()
    before = counts(session)
    token = csrf_from(client.get("/manage/reps/import"))
    answer = client.post(
        "/manage/reps/import",
        data={"csrf_token": token, "file": (io.BytesIO(content), "reps.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert answer.status_code < 500
    assert "the name contains a NUL character" in answer.text
    assert "the name contains a line break" in answer.text
    assert counts(session) == before


def test_a_broken_buyers_file_is_one_clear_problem_not_a_500(client, session, signed_in_owner):
    _, team, rep = signed_in_owner
    board_url = launch(client, team, banks=("consultative_selling", "buyer_feedback")).headers[
        "Location"
    ]
    before = counts(session)
    for content in (
        f'rep_email,name,email,role\n{rep.email},"Bea\rBuyer",bea@b.example,customer\n',
        f"rep_email,name,email,role\n{rep.email},{'x' * 200_000},bea@b.example,customer\n",
    ):
        token = csrf_from(client.get(board_url))
        answer = client.post(
            f"{board_url}/buyers.csv",
            data={"csrf_token": token, "file": (io.BytesIO(content.encode()), "buyers.csv")},
            content_type="multipart/form-data",
            follow_redirects=True,
        )
        assert answer.status_code < 500
        shown = answer.text if answer.status_code != 302 else client.get(board_url).text
        assert "The file" in shown or "Line 2" in shown
    assert counts(session) == before


def test_a_closing_day_before_the_round_opens_is_refused_not_a_500(
    client, session, signed_in_owner
):
    _, team, _ = signed_in_owner
    opens = date.today() + timedelta(days=300)
    board_url = launch(
        client, team, opens_on=opens.isoformat(), closes_on=(opens + timedelta(days=14)).isoformat()
    ).headers["Location"]
    answer = post_form(
        client, f"{board_url}/extend", {"closes_on": date.today().isoformat()}, form_url=board_url
    )
    assert answer.status_code == 302
    assert "pick a closing day after that" in client.get(board_url).text


def test_bytes_that_are_not_utf8_in_a_multipart_form_are_refused_too(
    client, session, signed_in_owner
):
    token = csrf_from(client.get("/manage/teams"))
    before = counts(session)
    # Werkzeug's multipart parser decodes the part as UTF-8 with replacement: "Evil��Team"
    answer = client.post(
        "/manage/teams",
        data=(
            b'--B\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
            + token.encode()
            + b'\r\n--B\r\nContent-Disposition: form-data; name="name"\r\n\r\nEvil\xff\xfeTeam'
            b"\r\n--B--\r\n"
        ),
        content_type="multipart/form-data; boundary=B",
    )
    assert answer.status_code < 500
    assert "Team name contains bytes that are not valid text" in answer.text
    assert counts(session) == before


def test_a_control_character_in_an_unused_csv_column_does_not_block_the_import(
    client, session, signed_in_owner
):
    _, team, _ = signed_in_owner
    content = f"name,email,team,notes\nRae Rep,rae@r.example,{team.name},call\x0bback\n"
    token = csrf_from(client.get("/manage/reps/import"))
    preview = client.post(
        "/manage/reps/import",
        data={"csrf_token": token, "file": (io.BytesIO(content.encode()), "reps.csv")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    hidden = re.search(r'name="upload"[^>]*value="([^"]*)"', preview.text)
    assert hidden, "the preview carries the kept upload to the confirmation"
    confirm = client.post(
        "/manage/reps/import",
        data={"csrf_token": csrf_from(preview), "upload": hidden.group(1), "confirm": "1"},
    )
    assert confirm.status_code == 302
    session.expire_all()
    assert session.scalar(select(Rep).where(Rep.email == "rae@r.example")) is not None


def test_bytes_that_are_not_utf8_in_any_field_never_give_a_500(client, session, signed_in_owner):
    """Dates, choices and hidden carriers echo what was sent: bytes that are not UTF-8
    there are refused like anywhere else."""
    _, team, _ = signed_in_owner
    before = counts(session)
    for field, raw in (("opens_on", "%FF"), ("bank_ids", "%ED%A0%80")):
        fields = {
            "name": "R",
            "team_id": team.id,
            "bank_ids": "consultative_selling",
            "opens_on": date.today().isoformat(),
            "closes_on": (date.today() + timedelta(days=14)).isoformat(),
        }
        fields.pop(field)
        answer = post_raw(client, "/manage/rounds/new", "/manage/rounds/new", fields, field, raw)
        assert answer.status_code == 200, field
    answer = post_raw(
        client, "/manage/reps/import", "/manage/reps/import", {"confirm": "1"}, "upload", "%FF%FE"
    )
    assert answer.status_code < 500
    assert "choose the file and preview it again" in answer.text
    assert counts(session) == before
