"""Outgoing mail: kept in the outbox without SMTP, delivered once over real SMTP with it."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from aiosmtpd.controller import Controller
from sqlalchemy import select

from assess.models import OutboxMessage
from assess.platform.queue import enqueue
from assess.platform.settings import get_settings
from assess.services import outbox
from tests import factories
from tests.conftest import (
    CollectingHandler,
    free_port,
    make_test_app,
    rolled_back_app,
    sign_in,
)
from tests.factories import RepFactory, TeamFactory
from tests.web.test_rounds import launch


def test_without_smtp_mail_stays_in_the_outbox(app, session):
    settings = get_settings(app)
    message = outbox.queue_message(
        session, settings.mail, to="rep@example.com", subject="Your assessment", text="Hello"
    )
    assert message.status == "kept"
    assert outbox.deliver(session, settings, message.id) == "kept"


def test_a_queued_message_arrives_over_smtp_once(database_url, tmp_path, smtp_server):
    app = make_test_app(database_url, tmp_path, SMTP_URL=smtp_server.url)
    database = app.extensions["candor.db"]
    settings = get_settings(app).mail
    with database.session_scope() as session:
        message = outbox.queue_message(
            session,
            settings,
            to="rep@example.com",
            subject="Your self-assessment",
            text="Open https://candor.example/s/abc to start.",
            html="<p>Open <a href='https://candor.example/s/abc'>your link</a>.</p>",
            dedupe_key="test:invite:once",
        )
        message_id = message.id
    assert enqueue("deliver_mail", message_id, app=app).result() == "sent"
    assert enqueue("deliver_mail", message_id, app=app).result() == "sent"  # a retry

    assert len(smtp_server.messages) == 1
    received = smtp_server.messages[0]
    assert received["To"] == "rep@example.com"
    assert received["Subject"] == "Your self-assessment"
    # RFC 5322 requires a Date; mail servers and spam filters penalise its absence
    sent_on = parsedate_to_datetime(received["Date"])
    assert abs((sent_on - datetime.now(UTC)).total_seconds()) < 120
    assert "https://candor.example/s/abc" in received.get_body(("plain",)).get_content()
    with database.session_scope() as session:
        stored = session.get(OutboxMessage, message_id)
        assert stored.status == "sent" and stored.sent_at is not None
        again = outbox.queue_message(
            session, settings, to="x@example.com", subject="s", text="t",
            dedupe_key="test:invite:once",
        )  # fmt: skip
        assert again.id == message_id
        session.delete(stored)
    database.dispose()


def test_an_unreachable_smtp_server_keeps_the_message_queued_with_the_reason(
    database_url, tmp_path
):
    app = make_test_app(database_url, tmp_path, SMTP_URL=f"smtp://127.0.0.1:{free_port()}")
    database = app.extensions["candor.db"]
    settings = get_settings(app).mail
    with database.session_scope() as session:
        message_id = outbox.queue_message(
            session, settings, to="rep@example.com", subject="s", text="t"
        ).id
    assert enqueue("deliver_mail", message_id, app=app).result() == "queued"
    with database.session_scope() as session:
        stored = session.scalar(select(OutboxMessage).where(OutboxMessage.id == message_id))
        assert stored.attempts == 1
        assert "ConnectionRefused" in stored.last_error
        session.delete(stored)
    database.dispose()


class RefusingHandler(CollectingHandler):
    """A mail server that does not know one address (a 550, as real servers answer)."""

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if address.startswith("nobody@"):
            return "550 5.1.1 <nobody@client.example>: no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_a_refused_address_fails_at_once_and_the_outbox_says_why(database_url, tmp_path):
    """A mail server's "no such user" is final: the message is not left "queued" for
    minutes of retries; the outbox page says it was not sent, why, and what to do. A
    sent message shows when it was sent, in UTC."""
    handler = RefusingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        with rolled_back_app(
            database_url, tmp_path / "refused", SMTP_URL=f"smtp://127.0.0.1:{controller.port}"
        ) as app:
            database = app.extensions["candor.db"].sessionmaker()
            factories.bind(database)
            owner = factories.UserFactory(role="owner")
            database.commit()
            settings = get_settings(app).mail
            ids = [
                outbox.queue_message(
                    database, settings, to=to, subject=f"To {to}", text="t",
                    organization_id=owner.organization_id,
                ).id
                for to in ("nobody@client.example", "somebody@client.example")
            ]  # fmt: skip
            database.commit()
            outcomes = [enqueue("deliver_mail", i, app=app).result() for i in ids]
            assert outcomes == ["failed", "sent"]
            client = app.test_client()
            sign_in(client, owner.email)
            page = " ".join(client.get("/manage/outbox").get_data(as_text=True).split())
            assert "Not sent: The mail server refused the address (550 5.1.1" in page
            assert "no such user here" in page and "ask again with a corrected address" in page
            sent = database.get(OutboxMessage, ids[1]).sent_at.strftime("%d %b %H:%M")
            assert f"sent {sent} UTC" in page
            assert len(handler.messages) == 1
            database.close()
    finally:
        controller.stop()


def test_the_outbox_offers_each_survey_link_with_a_copy_button(client, manager, session):
    team = TeamFactory(organization=manager.organization, manager_id=manager.id)
    rep = RepFactory(team=team, email="cora@seller.example")
    sign_in(client, manager.email)
    launch(client, team)
    page = client.get("/manage/outbox").get_data(as_text=True)
    assert "SMTP_URL" not in page and "copy its survey link with the Copy button" in page
    fields = re.findall(r'<input class="copy-link" [^>]*value="(http[^"]+/s/[\w-]+)"', page)
    assert fields and 'data-copy-for="mail-' in page
    assert rep.email in page
