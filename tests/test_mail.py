"""Outgoing mail: kept in the outbox without SMTP, delivered once over real SMTP with it."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from sqlalchemy import select

from assess.models import OutboxMessage
from assess.platform.queue import enqueue
from assess.platform.settings import get_settings
from assess.services import outbox
from tests.conftest import free_port, make_test_app


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
