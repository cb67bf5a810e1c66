"""Limits on guessing that cannot be turned into a lockout, tried as an attacker would:
failed sign-ins spread over many addresses, one guesser, and everyone behind one
reverse proxy. (A scanner on the office's address never blocks a real survey link:
tests/web/test_survey_links.py::test_guessing_links_is_rate_limited_per_address.)"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from assess.models import ThrottleHit
from assess.platform.security import derived_token
from assess.platform.settings import get_settings
from assess.services.password_links import new_password_link
from tests import factories
from tests.conftest import csrf_from, rolled_back_app
from tests.factories import TEST_PASSWORD, UserFactory


def sign_in_from(client, email: str, password: str, address: str, forwarded: str | None = None):
    token = csrf_from(client.get("/login"))
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.post(
        "/login",
        data={"csrf_token": token, "email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
        headers=headers,
    )


def let_time_pass(session, seconds: int) -> None:
    """As if `seconds` went by: every recorded miss moves that far into the past."""
    for hit in session.scalars(select(ThrottleHit)):
        hit.hit_at -= timedelta(seconds=seconds)
    session.flush()


def test_guessers_on_many_addresses_slow_the_owner_by_a_minute_at_most(client, session):
    owner = UserFactory(role="owner")
    failures = 0
    for address in range(1, 200):  # a patient botnet: each address tries once, waiting
        answer = sign_in_from(client, owner.email, f"guess {address}", f"203.0.113.{address}")
        if answer.status_code == 429:
            let_time_pass(session, int(answer.headers["Retry-After"]))
            continue
        assert answer.status_code == 401
        failures += 1
        if failures == 40:
            break
    # The owner, from home, with the right password: asked to wait, and not for long.
    waiting = sign_in_from(client, owner.email, TEST_PASSWORD, "198.51.100.7")
    assert waiting.status_code == 429
    assert 0 < int(waiting.headers["Retry-After"]) <= 60
    assert "Try again in" in waiting.text and "reset your password" in waiting.text
    # A try while waiting is not even checked, so it does not lengthen the wait.
    hits = session.scalar(select(ThrottleHit.id).order_by(ThrottleHit.id.desc()).limit(1))
    sign_in_from(client, owner.email, "one more guess", "203.0.113.99")
    assert session.scalar(select(ThrottleHit.id).order_by(ThrottleHit.id.desc()).limit(1)) == hits
    let_time_pass(session, 61)
    assert sign_in_from(client, owner.email, TEST_PASSWORD, "198.51.100.7").status_code == 302


def test_one_guesser_slows_only_their_own_address(client, session):
    owner = UserFactory(role="owner")
    for attempt in range(12):
        sign_in_from(client, owner.email, f"guess {attempt}", "203.0.113.1")
    assert sign_in_from(client, owner.email, "guess", "203.0.113.1").status_code == 429
    assert sign_in_from(client, owner.email, TEST_PASSWORD, "198.51.100.7").status_code == 302


@pytest.mark.parametrize("proxies", [0, 1])
def test_behind_a_proxy_each_client_counts_alone_once_the_proxy_is_trusted(
    database_url, tmp_path, proxies
):
    with rolled_back_app(database_url, tmp_path / "proxy", CANDOR_TRUSTED_PROXIES=proxies) as app:
        factories.bind(app.extensions["candor.db"].sessionmaker())
        owner = UserFactory(role="owner")
        client = app.test_client()
        proxy = "10.0.0.2"  # nginx: every request arrives from it
        for attempt in range(8):
            sign_in_from(client, owner.email, f"guess {attempt}", proxy, "203.0.113.50")
        owner_try = sign_in_from(client, owner.email, TEST_PASSWORD, proxy, "198.51.100.7")
        # Trusted, the proxy's X-Forwarded-For tells the guesser and the owner apart;
        # untrusted (the default), a client could forge it, so all share the proxy's.
        assert owner_try.status_code == (302 if proxies else 429)


def test_strangers_failing_on_purpose_never_keep_the_owner_out_of_their_usual_browser(
    client, session
):
    """An attacker on many addresses can keep an account waiting for strangers; the
    owner's own browser, which signed in before, is limited only by its own failures."""
    owner = UserFactory(role="owner")
    assert sign_in_from(client, owner.email, TEST_PASSWORD, "198.51.100.7").status_code == 302
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/manage/"))})
    attacker = client.application.test_client()
    for address in range(1, 80):
        sign_in_from(attacker, owner.email, f"guess {address}", f"203.0.113.{address}")
    assert sign_in_from(attacker, owner.email, TEST_PASSWORD, "203.0.113.200").status_code == 429
    # the owner, at the browser they always use, is let in at once
    assert sign_in_from(client, owner.email, TEST_PASSWORD, "198.51.100.7").status_code == 302


def test_a_new_password_signs_in_at_once_whatever_the_waits(client, session):
    owner = UserFactory(role="owner")
    for attempt in range(11):
        sign_in_from(client, owner.email, f"guess {attempt}", "198.51.100.7")
    assert sign_in_from(client, owner.email, TEST_PASSWORD, "198.51.100.7").status_code == 429
    new_password = reset_password(client, session, owner, "198.51.100.7")
    assert sign_in_from(client, owner.email, new_password, "198.51.100.7").status_code == 302


def reset_password(client, session, user, address: str) -> str:
    """Set a new password through a reset link, from `address`; return the password."""
    link = new_password_link(session, get_settings(client.application), user, "reset")
    token = derived_token("test-secret-key", "password", link.token_nonce)
    page = client.get(f"/password/{token}", environ_base={"REMOTE_ADDR": address})
    new_password = "a brand new password"
    client.post(
        f"/password/{token}",
        data={"csrf_token": csrf_from(page), "password": new_password, "confirm": new_password},
        environ_base={"REMOTE_ADDR": address},
    )
    return new_password


def test_a_new_password_ends_every_device_allowance_of_the_old_one(client, session):
    """Someone who once signed in with the old password keeps no guessing allowance
    after a reset; the browser that reset it is the account's known device."""
    owner = UserFactory(role="owner")
    old_browser = client.application.test_client()
    assert sign_in_from(old_browser, owner.email, TEST_PASSWORD, "203.0.113.9").status_code == 302
    old_browser.post("/logout", data={"csrf_token": csrf_from(old_browser.get("/manage/"))})
    new_password = reset_password(client, session, owner, "198.51.100.7")
    for n in range(5):  # the old browser's free tries, from one address …
        sign_in_from(old_browser, owner.email, f"guess {n}", "203.0.113.9")
    # … and from another: were its old cookie still a known device, its own count
    # (now 5) would make it wait; as a stranger's, the new address starts afresh
    moved = sign_in_from(old_browser, owner.email, "guess again", "203.0.113.77")
    assert moved.status_code == 401
    for address in range(1, 30):  # strangers keep failing
        sign_in_from(client.application.test_client(), owner.email, "x", f"192.0.2.{address}")
    assert sign_in_from(client, owner.email, new_password, "198.51.100.7").status_code == 302
