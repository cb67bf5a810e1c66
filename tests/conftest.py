"""Shared fixtures: a real database (SQLite file, or PostgreSQL when TEST_DATABASE_URL is
set), migrated once per session; an app per test whose session rolls back at the end.

`make test` runs the suite twice: once on SQLite, once with TEST_DATABASE_URL and
TEST_REDIS_URL pointing at the real PostgreSQL and Redis servers.
"""

from __future__ import annotations

import html
import os
import re
from contextlib import contextmanager
from email import policy
from email.parser import BytesParser

import pytest
from aiosmtpd.controller import Controller

from app import create_app
from assess.platform import migrate
from assess.platform.db import Database
from tests import factories
from tests.support.http import csrf_from, free_port
from tests.support.postgres import migrated_schema


def pytest_collection_modifyitems(config, items):
    """Without the services, the tests marked `services` belong to the other half."""
    if os.environ.get("TEST_REDIS_URL"):
        return
    deselected = [item for item in items if item.get_closest_marker("services")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("services")]


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """URL of a fresh, migrated database for this test session."""
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'candor-test.db'}"
        migrate.upgrade(Database(url))
        yield url
        return
    # A private schema in the test database, dropped afterwards (runs may overlap).
    with migrated_schema(server_url, prefix="candor_test") as schema:
        yield schema.url()


@pytest.fixture(scope="session")
def redis_url():
    return os.environ.get("TEST_REDIS_URL")


def make_test_app(database_url, instance_path, **overrides):
    config = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key",
        "CANDOR_INSTANCE_PATH": str(instance_path),
        "TESTING": True,
        "JOBS_EAGER": True,
        "REDIS_URL": None,
        "SMTP_URL": None,
    }
    config.update(overrides)
    return create_app(config)


@contextmanager
def rolled_back_app(database_url, instance_path, **overrides):
    """An app whose every session joins one outer transaction, rolled back at the end."""
    application = make_test_app(database_url, instance_path, **overrides)
    database = application.extensions["candor.db"]
    connection = database.engine.connect()
    outer = connection.begin()
    database.sessionmaker.configure(bind=connection, join_transaction_mode="create_savepoint")
    try:
        yield application
    finally:
        application.extensions["candor.jobs"].shutdown()
        outer.rollback()
        connection.close()
        database.dispose()


@pytest.fixture
def app(database_url, tmp_path):
    with rolled_back_app(database_url, tmp_path / "instance") as application:
        yield application


@pytest.fixture
def session(app):
    """The session tests and factories write with.

    It is not the request session: each request the test client makes gets its own,
    as in production. Both join the test's outer transaction, so what one flushes the
    other sees.
    """
    test_session = app.extensions["candor.db"].sessionmaker()
    factories.bind(test_session)
    yield test_session
    test_session.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class CollectingHandler:
    """aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(BytesParser(policy=policy.default).parsebytes(envelope.content))
        return "250 OK"


@contextmanager
def running_smtp_server():
    """A real SMTP server on loopback; `.messages` holds what it received, `.url` its
    address for SMTP_URL."""
    handler = CollectingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.url = f"smtp://127.0.0.1:{controller.port}"
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture
def smtp_server():
    with running_smtp_server() as handler:
        yield handler


@pytest.fixture
def mail_app(database_url, tmp_path, smtp_server):
    """An app that delivers mail to a real SMTP server on loopback (`app.smtp`), its
    test rows rolled back afterwards; the factories write through its session."""
    with rolled_back_app(database_url, tmp_path / "mail", SMTP_URL=smtp_server.url) as app:
        database = app.extensions["candor.db"].sessionmaker()
        factories.bind(database)
        app.smtp = smtp_server
        app.test_session = database
        yield app
        database.close()


def post_form(client, url: str, data: dict, form_url: str | None = None, **kwargs):
    """GET the form page, then POST `data` with the page's own CSRF token."""
    token = csrf_from(client.get(form_url or url))
    return client.post(url, data={"csrf_token": token, **data}, **kwargs)


def outbox_link(client, address: str) -> str:
    """The survey link path of the newest message to `address`, as a signed-in manager
    copies it from the outbox page (where mail stays without a mail server)."""
    page = html.unescape(client.get("/manage/outbox").get_data(as_text=True))
    for summary, body in re.findall(
        r"<summary>(.*?)</summary>(?:(?!</details>).)*?<pre[^>]*>(.*?)</pre>", page, re.S
    ):
        if f"→ {address}" in summary:
            return re.search(r"https?://[^/\s]+(/s/[\w-]+)", body).group(1)
    raise AssertionError(f"no message to {address} in the outbox")


def sign_in(client, email: str, password: str = factories.TEST_PASSWORD):
    answer = post_form(client, "/login", {"email": email, "password": password})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return answer


@pytest.fixture
def manager(session):
    return factories.UserFactory(role="manager")


@pytest.fixture
def owner(session, manager):
    return factories.UserFactory(role="owner", organization=manager.organization)
