"""A buyer's link opens their saved answers, so once it is theirs the manager's pages no
longer show it: tried as the manager would, through the board and the outbox."""

from __future__ import annotations

import re
import sqlite3
import threading

from sqlalchemy import inspect, select, text

from assess.models import Invitation
from assess.platform import migrate
from assess.platform.db import Database
from assess.services.bank_versions import shipped_banks
from tests import factories
from tests.conftest import make_test_app, post_form, sign_in
from tests.factories import RepFactory, TeamFactory, UserFactory
from tests.web.conftest import link_path, post_page, rep_vouches, valid_form_answers
from tests.web.test_rounds import launch

SURVEY_LINK = re.compile(r"/s/[\w-]{20,}")


def add_buyer(client, board_url: str, rep, email: str):
    answer = post_form(
        client,
        f"{board_url}/reps/{rep.id}/buyers",
        {"name": "Bea Buyer", "email": email, "role": "customer"},
        form_url=board_url,
    )
    assert answer.status_code == 302
    rep_vouches(client.application, rep)  # the buyer is written to once the rep says yes


def answer_first_page(app, invitation) -> None:
    """The buyer opens their link and saves its first page: answers to erase."""
    phone = app.test_client()
    phone.get(link_path(invitation))
    bank = shipped_banks()["buyer_feedback"]
    answer = post_page(phone, invitation, 1, valid_form_answers(bank, 1))
    assert answer.status_code == 302


def links_on(client, *pages: str) -> set[str]:
    return {link for page in pages for link in SURVEY_LINK.findall(client.get(page).text)}


def test_a_buyers_link_leaves_the_managers_pages_once_the_buyer_opens_it(
    app, client, manager, session
):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    rep = RepFactory(team=team)
    sign_in(client, manager.email)
    board_url = launch(client, team).headers["Location"]
    add_buyer(client, board_url, rep, "bea@buyer.example.com")
    buyer = session.scalar(
        select(Invitation).where(Invitation.rater_email == "bea@buyer.example.com")
    )
    board = client.get(board_url).text
    found = re.search(r'value="http[^"]*(/s/[\w-]+)" aria-label="Link for Bea Buyer"', board)
    buyers_link = found.group(1)
    assert buyers_link in links_on(client, "/manage/outbox")
    # Without a mail server the manager hands the link over; the buyer opens it …
    buyers_phone = app.test_client()
    assert buyers_phone.get(buyers_link).status_code == 200
    session.refresh(buyer)
    assert buyer.status == "opened"
    # … and from then on no page of the manager's shows it.
    assert buyers_link not in links_on(client, board_url, "/manage/outbox")
    assert "Only they have their link (opened)" in client.get(board_url).text


def test_with_a_mail_server_only_the_buyers_email_carries_their_link(mail_app):
    manager = UserFactory(role="manager")
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    rep = RepFactory(team=team)
    client = mail_app.test_client()
    sign_in(client, manager.email)
    board_url = launch(client, team).headers["Location"]
    add_buyer(client, board_url, rep, "bea@buyer.example.com")
    emailed = [
        link
        for message in mail_app.smtp.messages
        if message["To"] == "bea@buyer.example.com"
        for link in SURVEY_LINK.findall(message.get_body(("plain",)).get_content())
    ]
    assert len(emailed) == 1
    assert emailed[0] not in links_on(client, board_url, "/manage/outbox")
    rep_links = [
        link
        for message in mail_app.smtp.messages
        if message["To"] == rep.email
        for link in SURVEY_LINK.findall(message.get_body(("plain",)).get_content())
    ]
    # the rep's own link too: it is where the rep vouches for the buyers a manager adds
    assert rep_links and not set(rep_links) & links_on(client, board_url, "/manage/outbox")


def test_an_erased_buyer_leaves_nothing_that_names_them(client, manager, session):
    """Erasure is complete: every text column of every table is searched for them."""
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    rep = RepFactory(team=team)
    sign_in(client, manager.email)
    board_url = launch(client, team).headers["Location"]
    add_buyer(client, board_url, rep, "erase.me@buyer.example.com")
    buyer = session.scalar(
        select(Invitation).where(Invitation.rater_email == "erase.me@buyer.example.com")
    )
    answer_first_page(client.application, buyer)
    answer = post_form(
        client,
        f"/manage/invitations/{buyer.id}/delete-data",
        {"confirmed": "yes"},
        form_url=board_url,
    )
    assert answer.status_code == 302
    stored = []
    for table in inspect(session.connection()).get_table_names():
        for row in session.execute(text(f"SELECT * FROM {table}")):  # noqa: S608
            stored.extend(str(value) for value in row if isinstance(value, str))
    assert not [value for value in stored if "erase.me" in value or "Bea Buyer" in value]


def test_an_erased_buyer_is_in_neither_the_database_file_nor_its_log(tmp_path):
    """On the embedded SQLite: the erased rows' old versions do not linger in the file's
    free pages or in the write-ahead log a hot backup would copy."""
    path = tmp_path / "candor.db"
    migrate.upgrade(Database(f"sqlite:///{path}"))
    application = make_test_app(f"sqlite:///{path}", tmp_path / "instance")
    session = application.extensions["candor.db"].sessionmaker()
    factories.bind(session)
    try:
        manager = UserFactory(role="manager")
        team = TeamFactory(organization=manager.organization, manager_id=manager.id)
        rep = RepFactory(team=team)
        session.commit()
        client = application.test_client()
        sign_in(client, manager.email)
        board_url = launch(client, team).headers["Location"]
        add_buyer(client, board_url, rep, "erase.me@buyer.example.com")
        buyer_id = session.scalar(
            select(Invitation.id).where(Invitation.rater_email == "erase.me@buyer.example.com")
        )
        buyer = session.get(Invitation, buyer_id)
        session.close()  # no transaction of the test's left open: the buyer's save writes
        answer_first_page(application, buyer)
        # Another reader (a request being served) holds the log for a moment
        reader = sqlite3.connect(path, check_same_thread=False)
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM invitations").fetchone()
        threading.Timer(0.5, reader.rollback).start()
        answer = post_form(
            client,
            f"/manage/invitations/{buyer_id}/delete-data",
            {"confirmed": "yes"},
            form_url=board_url,
        )
        assert answer.status_code == 302
        reader.close()
        stored = path.read_bytes() + (tmp_path / "candor.db-wal").read_bytes()
        assert b"erase.me" not in stored and b"Bea Buyer" not in stored
    finally:
        session.close()
        application.extensions["candor.jobs"].shutdown()
        application.extensions["candor.db"].dispose()
