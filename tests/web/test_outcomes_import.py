"""Importing sales outcomes through the page, as a browser does (CSRF on): a preview of
every row, all saved or none, a second import of a period replaces it, and a manager
imports only for the reps of the teams they manage."""

from __future__ import annotations

import html
import io
import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from assess.models import Outcome
from tests.conftest import csrf_from, sign_in
from tests.factories import (
    RepFactory,
    RoundFactory,
    ScoreSnapshotFactory,
    TeamFactory,
    UserFactory,
    score_payload,
)
from tests.support.http import csrf_token

URL = "/manage/outcomes/import"
HEADER = "email,period_start,period_end,quota_attainment,win_rate,deals_won\n"


@pytest.fixture
def sales(session, manager):
    """Team Alpha (the `manager`'s) with Ann and Bob, whose spring round closed on 31
    March; team Beta (another manager's) with Cy."""
    alpha = TeamFactory(organization=manager.organization, name="Alpha", manager_id=manager.id)
    beta_manager = UserFactory(role="manager", organization=manager.organization)
    beta = TeamFactory(organization=manager.organization, name="Beta", manager_id=beta_manager.id)
    ann = RepFactory(team=alpha, name="Ann Alpha", email="ann@sales.example")
    bob = RepFactory(team=alpha, name="Bob Alpha", email="bob@sales.example")
    cy = RepFactory(team=beta, name="Cy Beta", email="cy@sales.example")
    spring = RoundFactory(
        team=alpha,
        name="Spring review",
        status="closed",
        opens_at=datetime(2026, 3, 1, tzinfo=UTC),
        closes_at=datetime(2026, 3, 31, tzinfo=UTC),
        closed_at=datetime(2026, 3, 31, 17, tzinfo=UTC),
    )
    for rep in (ann, bob):
        ScoreSnapshotFactory(round=spring, rep=rep, payload=score_payload({"listening": 60}))
    return {"ann": ann, "bob": bob, "cy": cy, "spring": spring}


def upload(client, text: str, encoding: str = "utf-8"):
    """Upload `text`; the answer is the preview the upload redirects to."""
    data = {
        "csrf_token": csrf_from(client.get(URL)),
        "file": (io.BytesIO(text.encode(encoding)), "outcomes.csv"),
    }
    return client.post(URL, data=data, content_type="multipart/form-data", follow_redirects=True)


def upload_token(preview) -> str:
    page = preview.get_data(as_text=True)
    found = re.search(r'name="upload" type="hidden" value="([^"]*)"', page)
    return found.group(1) if found else preview.request.args["upload"]


def confirm(client, preview, **kwargs):
    """Press the preview's Import button (or forge its request when there is none)."""
    token = csrf_token(preview.get_data(as_text=True))
    return client.post(
        URL, data={"csrf_token": token, "upload": upload_token(preview), "confirm": "1"}, **kwargs
    )


def confirmed(client, preview) -> str:
    """Press Import and read what the next page says (the flash shows on any page)."""
    answer = confirm(client, preview)
    assert answer.status_code == 302, answer.status_code
    return " ".join(text_of(client.get(URL)).split())


def text_of(answer) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", answer.get_data(as_text=True)))


def stored(session) -> dict[tuple[str, date], dict]:
    session.expire_all()
    rows = session.scalars(select(Outcome).order_by(Outcome.id))
    return {
        (row.rep_id, row.period_start): {
            "quota_attainment": row.quota_attainment,
            "win_rate": row.win_rate,
            "deals_won": row.deals_won,
            "round_id": row.round_id,
        }
        for row in rows
    }


def count(session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Outcome))


def test_the_preview_shows_every_row_and_confirming_saves_them_all(client, owner, sales, session):
    sign_in(client, owner.email)
    preview = upload(
        client,
        HEADER + "ann@sales.example,2026-04-01,2026-06-30,104.5,41,12\n"
        'Bob@Sales.example,2026-04-01,2026-06-30,88,"35,5 %",\n'
        "cy@sales.example,2026-01-01,2026-03-31,70,20,3\n",
    )
    words = " ".join(text_of(preview).split())
    assert preview.request.args.get("upload")  # a GET preview: Reload sends nothing again
    assert "3 rows" in words and "with problems" not in words
    assert "Ann Alpha ann@sales.example 2026-04-01 to 2026-06-30 104.5 % 41.0 % 12" in words
    assert "Bob Alpha bob@sales.example 2026-04-01 to 2026-06-30 88.0 % 35.5 % —" in words
    # the spring round closed before Ann's and Bob's period; Cy's period began before it
    assert words.count("Spring review") == 2
    assert "no round before this period yet" in words
    assert count(session) == 0  # nothing saved before the confirmation

    assert "Imported 3 rows of outcomes." in confirmed(client, preview)
    spring = sales["spring"].id
    assert stored(session) == {
        (sales["ann"].id, date(2026, 4, 1)): {
            "quota_attainment": 104.5,
            "win_rate": 41.0,
            "deals_won": 12,
            "round_id": spring,
        },
        (sales["bob"].id, date(2026, 4, 1)): {
            "quota_attainment": 88.0,
            "win_rate": 35.5,
            "deals_won": None,  # an empty cell is no figure, not 0
            "round_id": spring,
        },
        (sales["cy"].id, date(2026, 1, 1)): {
            "quota_attainment": 70.0,
            "win_rate": 20.0,
            "deals_won": 3,
            "round_id": None,
        },
    }


def test_a_bad_row_is_shown_with_why_and_nothing_is_saved(client, owner, sales, session):
    sign_in(client, owner.email)
    preview = upload(
        client,
        HEADER + "ann@sales.example,2026-04-01,2026-06-30,104,41,12\n"
        "bob@sales.example,2026-06-30,2026-04-01,1.500,41,-2\n"
        "nobody@sales.example,2026-04-01,2026-06-30,90,40,5\n",
    )
    words = " ".join(text_of(preview).split())
    assert "3 rows, 2 with problems" in words
    assert "period_end is not after period_start" in words
    assert "“1.500” could be 1500 or 1.500" in words
    assert "deals won “-2” is below 0" in words
    assert "no rep here has the email “nobody@sales.example”" in words
    assert 'name="confirm"' not in preview.get_data(as_text=True)  # no Import button
    forged = confirm(client, preview)  # the request the button would send, sent anyway
    assert forged.status_code == 303
    assert forged.headers["Location"].startswith(URL + "?upload=")  # back to the preview
    assert count(session) == 0  # not even the good row


def test_importing_a_period_again_replaces_its_figures(client, owner, sales, session):
    sign_in(client, owner.email)
    first = HEADER + "ann@sales.example,2026-04-01,2026-06-30,104,41,12\n"
    confirm(client, upload(client, first))
    # the same rep and period: the file's columns replace, an empty cell clears, a
    # column the file does not have (deals_won) keeps its figure
    again = upload(
        client,
        "email;period_start;period_end;quota_attainment;win_rate\n"
        "ANN@sales.example;2026-04-01;2026-06-30;96,5;\n",
    )
    assert "replaces the figures stored for this period" in text_of(again)
    assert "Imported 1 row of outcomes, 1 of them replacing." in confirmed(client, again)
    assert stored(session) == {
        (sales["ann"].id, date(2026, 4, 1)): {
            "quota_attainment": 96.5,
            "win_rate": None,
            "deals_won": 12,
            "round_id": sales["spring"].id,
        }
    }


def test_a_windows_1252_file_from_a_spreadsheet_is_read(client, owner, sales, session):
    sign_in(client, owner.email)
    preview = upload(
        client,
        "name,email,period_start,period_end,win_rate\n"
        "Anné Ålpha,ann@sales.example,2026-04-01,2026-06-30,41\n",
        encoding="cp1252",
    )
    assert "Not imported (not an outcome column): name" in " ".join(text_of(preview).split())
    confirm(client, preview)
    assert stored(session)[(sales["ann"].id, date(2026, 4, 1))]["win_rate"] == 41.0


def test_a_manager_imports_for_their_own_team_only(client, manager, sales, session):
    sign_in(client, manager.email)
    preview = upload(
        client,
        HEADER + "ann@sales.example,2026-04-01,2026-06-30,104,41,12\n"
        "cy@sales.example,2026-04-01,2026-06-30,99,50,9\n",
    )
    page = " ".join(text_of(preview).split())
    # another team's rep reads exactly as an address nobody has: nothing to enumerate
    assert "no rep here has the email “cy@sales.example”" in page
    unknown = upload(client, HEADER + "nobody@sales.example,2026-04-01,2026-06-30,99,50,9\n")
    assert "no rep here has the email “nobody@sales.example”" in text_of(unknown)
    assert "Cy Beta" not in page and "do not manage" not in page
    confirm(client, preview)
    assert count(session) == 0
    own = upload(client, HEADER + "ann@sales.example,2026-04-01,2026-06-30,104,41,12\n")
    assert confirm(client, own).status_code == 302
    assert list(stored(session)) == [(sales["ann"].id, date(2026, 4, 1))]


def test_a_manager_of_no_team_can_import_nothing(client, session, sales, manager):
    outsider = UserFactory(role="manager", organization=manager.organization)
    sign_in(client, outsider.email)
    preview = upload(client, HEADER + "ann@sales.example,2026-04-01,2026-06-30,104,41,12\n")
    assert "no rep here has the email “ann@sales.example”" in " ".join(text_of(preview).split())
    confirm(client, preview)
    assert count(session) == 0


def test_a_file_up_to_the_documented_megabyte_is_read_not_refused(client, owner, sales):
    """The page promises files up to 1 MB: CSRF protection reads the form before the
    view, so the larger limit must already hold then (it once stopped at 512 KB)."""
    sign_in(client, owner.email)
    row = "ann@sales.example,2026-04-01,2026-06-30,97,41,6\n"
    text = HEADER + row + "# " + "x" * 700 * 1024 + "\n"
    answer = upload(client, text)
    assert answer.status_code == 200, answer.status_code
    assert "at most 512 KB" not in answer.get_data(as_text=True)
    assert "Ann Alpha" in text_of(answer)  # the preview read the file


def test_a_utf16_file_from_excel_unicode_text_is_read(client, owner, sales, session):
    """Excel's "Unicode Text" is UTF-16 with a byte-order mark and tabs between cells."""
    sign_in(client, owner.email)
    text = HEADER.replace(",", "\t") + "ann@sales.example\t2026-04-01\t2026-06-30\t97\t41\t6\n"
    preview = upload(client, text, encoding="utf-16")
    assert "Ann Alpha" in text_of(preview)
    assert confirm(client, preview).status_code == 302
    assert stored(session)[(sales["ann"].id, date(2026, 4, 1))]["win_rate"] == 41.0


def test_a_period_longer_than_a_year_is_refused(client, owner, sales, session):
    """A period running to 9999 would stay every rep's "latest" for ever."""
    sign_in(client, owner.email)
    preview = upload(client, HEADER + "ann@sales.example,2026-04-01,9999-12-31,97,41,6\n")
    assert "the period is longer than a year" in " ".join(text_of(preview).split())
    confirm(client, preview)
    assert count(session) == 0


def test_a_period_that_has_not_started_is_refused_and_nothing_saved(client, owner, sales, session):
    """A period starting after today has no results yet; as the rep's latest period it
    would silently replace their real figures on "Does it predict here?"."""
    sign_in(client, owner.email)
    preview = upload(client, HEADER + "ann@sales.example,2099-01-01,2099-03-31,97,41,6\n")
    assert "the period starts 2099-01-01, after today" in " ".join(text_of(preview).split())
    confirm(client, preview)
    assert count(session) == 0
