"""Asking for a password reset tells nothing about whether the address has an account:
not in the answer, and not in the work the request does (so not in its timing either).
"""

from __future__ import annotations

import threading

from sqlalchemy import event, select

from assess.models import Organization, OutboxMessage, PasswordLink, User
from assess.platform.db import get_database
from assess.platform.security import hash_password
from tests.conftest import csrf_from, make_test_app
from tests.reliability.conftest import committed_database  # noqa: F401 - a fixture

KNOWN = "owner@reset.example.com"
UNKNOWN = "nobody@reset.example.com"


def test_a_reset_request_does_the_same_work_for_known_and_unknown_addresses(
    committed_database,  # noqa: F811 - the fixture
    tmp_path,
):
    # Jobs run in the background as in production, so the request's own work is apart.
    app = make_test_app(committed_database, tmp_path / "instance", JOBS_EAGER=False)
    database = get_database(app)
    with database.session_scope() as session:
        organization = Organization(name="Reset Ltd", slug="reset-ltd")
        session.add(organization)
        session.flush()
        session.add(
            User(
                organization_id=organization.id,
                email=KNOWN,
                name="Owner",
                role="owner",
                password_hash=hash_password("a long enough passphrase"),
            )
        )

    request_thread = threading.get_ident()
    statements: list[str] = []

    def record(_connection, _cursor, statement, *_):
        if threading.get_ident() == request_thread:  # not the background job's
            statements.append(statement)

    event.listen(database.engine, "before_cursor_execute", record)
    seen = {}
    try:
        for email in (KNOWN, UNKNOWN):
            client = app.test_client()
            token = csrf_from(client.get("/forgot"))
            statements.clear()
            answer = client.post("/forgot", data={"csrf_token": token, "email": email})
            followed = client.get(answer.headers["Location"])
            seen[email] = (answer.status_code, answer.headers["Location"], list(statements))
            assert "If that address has an account" in followed.text
    finally:
        event.remove(database.engine, "before_cursor_execute", record)
        app.extensions["candor.jobs"].shutdown()  # waits for the queued jobs

    assert seen[KNOWN] == seen[UNKNOWN]  # same answer, same statements (none for either)
    with database.session_scope() as session:
        sent_to = session.scalars(select(OutboxMessage.to_address)).all()
        links = session.scalars(select(PasswordLink)).all()
    assert sent_to == [KNOWN] and len(links) == 1  # and the job did the real work
    database.dispose()
