"""A provider that answers one byte at a time holds up nobody else, and its own request
ends on a clear page once the deadline of a fetch has passed.

On SQLite a request's first query takes the instance's writer lock until it commits;
a sign-in waiting on a provider inside that transaction would hold every other write
of the instance for as long as the provider liked. These requests run for real, on a
database of their own whose data is committed, each in its own thread."""

from __future__ import annotations

import os
import re
import threading
from urllib.parse import parse_qs, urlsplit

import pytest

from assess.platform import migrate
from assess.platform.db import Database
from tests import factories
from tests.conftest import make_test_app, post_form, sign_in
from tests.factories import OrganizationFactory, SsoSettingsFactory, UserFactory
from tests.support.fake_providers import running_fake_provider
from tests.support.http import csrf_from
from tests.support.oidc_provider import start
from tests.support.postgres import migrated_schema

#: The deadline of each fetch in the test of the deadline (10 seconds in production).
DEADLINE = 3
DISCOVERY = "/.well-known/openid-configuration"


@pytest.fixture
def committed_url(tmp_path):
    """A fresh, migrated database whose data the test commits for real."""
    server_url = os.environ.get("TEST_DATABASE_URL")
    if server_url:
        with migrated_schema(server_url, prefix="candor_sso") as schema:
            yield schema.url()
        return
    url = f"sqlite:///{tmp_path / 'committed.db'}"
    database = Database(url)
    migrate.upgrade(database)
    database.dispose()
    yield url


@pytest.fixture
def slow_provider():
    with running_fake_provider() as provider:
        yield provider


@pytest.fixture
def live_app(committed_url, tmp_path, slow_provider):
    """A factory of the app with a given deadline per fetch, on the committed database
    where Slow Co signs in through the slow provider (Sam owns it) and Ned, of another
    organization, signs in with a password meanwhile."""
    apps = []

    def make(seconds: float):
        app = make_test_app(
            committed_url,
            tmp_path / "instance",
            CANDOR_SSO_ALLOW_HTTP=True,
            SSO_FETCH_SECONDS=seconds,
        )
        apps.append(app)
        with app.extensions["candor.db"].session_scope() as session:
            factories.bind(session)
            slow = OrganizationFactory(name="Slow Co", slug="slow-co")
            SsoSettingsFactory(organization=slow, issuer=slow_provider.issuer, client_id="candor")
            UserFactory(organization=slow, role="owner", email="sam@slow.example")
            UserFactory(email="ned@elsewhere.example")
        return app

    yield make
    for app in apps:
        app.extensions["candor.jobs"].shutdown()
        app.extensions["candor.db"].dispose()


def slow_request(app, provider, where: str):
    """The request that will wait on the provider, ready to send: a sign-in started,
    a sign-in coming back (the token endpoint is slow), or "Check the provider"."""
    browser = app.test_client()
    if where == "start":
        provider.dribble = {DISCOVERY}
        token = csrf_from(browser.get("/sso"))
        return lambda: browser.post("/sso", data={"csrf_token": token, "sign_in_name": "slow-co"})
    if where == "callback":
        state = parse_qs(urlsplit(start(browser, "slow-co")).query)["state"][0]
        provider.dribble = {"/token"}
        return lambda: browser.get(f"/sso/callback/slow-co?code=c&state={state}")
    sign_in(browser, "sam@slow.example")
    token = csrf_from(browser.get("/manage/sign-on"))
    provider.dribble = {DISCOVERY}
    form = {"issuer": provider.issuer, "client_id": "candor", "action": "check"}
    return lambda: browser.post("/manage/sign-on", data={"csrf_token": token, **form})


def in_background(answers: dict, name: str, send) -> threading.Thread:
    thread = threading.Thread(target=lambda: answers.update({name: send()}), daemon=True)
    thread.start()
    return thread


def password_sign_in(app):
    browser = app.test_client()
    form = {"email": "ned@elsewhere.example", "password": factories.TEST_PASSWORD}
    return lambda: post_form(browser, "/login", form)


@pytest.mark.parametrize("where", ["start", "callback", "check"])
def test_a_provider_sending_a_byte_at_a_time_holds_up_no_other_sign_in(
    live_app, slow_provider, where
):
    """The provider keeps sending until the test stops it (the deadline is out of
    reach): a password sign-in meanwhile — a write — goes through all the same."""
    app = live_app(seconds=600)
    answers = {}
    waiting = in_background(answers, "slow", slow_request(app, slow_provider, where))
    assert slow_provider.dribbling.wait(10), "the provider was never asked"

    signing_in = in_background(answers, "password", password_sign_in(app))
    signing_in.join(timeout=15)
    assert "password" in answers, "the password sign-in waited on the provider"
    assert answers["password"].status_code == 302
    assert "slow" not in answers  # still waiting on the provider

    slow_provider.stop_dribbling.set()  # it hangs up mid-answer
    waiting.join(timeout=15)
    assert answers["slow"].status_code == (200 if where == "check" else 502)
    page = answers["slow"].get_data(as_text=True)
    assert "Traceback" not in page


@pytest.mark.parametrize("where", ["start", "callback"])
def test_a_provider_sending_a_byte_at_a_time_is_cut_off_at_the_deadline(
    live_app, slow_provider, where
):
    app = live_app(seconds=DEADLINE)
    answers = {}
    waiting = in_background(answers, "slow", slow_request(app, slow_provider, where))
    waiting.join(timeout=DEADLINE * 5)
    assert "slow" in answers, "the request waiting on the provider never ended"
    assert not slow_provider.stop_dribbling.is_set()  # the provider was still sending
    assert answers["slow"].status_code == 502
    page = re.sub(r"\s+", " ", answers["slow"].get_data(as_text=True))
    assert f"did not answer within {DEADLINE} seconds" in page
    assert "Start again" in page or "Check the issuer address" in page  # what to do
