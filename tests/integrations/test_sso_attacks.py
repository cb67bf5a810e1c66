"""Single sign-on against someone trying to break it, from outside: the owner of another
organization running their own identity provider, a copied cookie, a provider's odd
address or odd words, a visitor starting sign-ins in a loop. The real provider process
(`oidc-provider-mock`) plays the victim's provider; `tests.support.fake_providers` the
attacker's. CSRF stays on (tokens read back from the pages)."""

from __future__ import annotations

import base64
import hashlib
import re
import zlib
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest

from assess.models import SsoIdentity, SsoSettings
from assess.services.sso import STARTS_PER_WINDOW
from tests.conftest import post_form, rolled_back_app, sign_in
from tests.factories import OrganizationFactory, SsoSettingsFactory, UserFactory
from tests.support.fake_providers import running_fake_provider
from tests.support.oidc_provider import (
    local_path,
    new_subject,
    signed_in_as,
    sso_sign_in,
    start,
)


@pytest.fixture
def app(database_url, tmp_path):
    """Plain-http providers allowed: the test providers listen on http://127.0.0.1."""
    with rolled_back_app(database_url, tmp_path / "sso", CANDOR_SSO_ALLOW_HTTP=True) as application:
        yield application


@pytest.fixture
def attackers_provider():
    with running_fake_provider() as provider:
        yield provider


@pytest.fixture
def evil(session, attackers_provider):
    """Evil Co (sign-in name evil-co), whose owner runs their own identity provider."""
    organization = OrganizationFactory(name="Evil Co", slug="evil-co")
    SsoSettingsFactory(organization=organization, issuer=attackers_provider.issuer)
    return organization


def with_query(url: str, **changes) -> str:
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    return urlunsplit(parts._replace(query=urlencode({**query, **changes})))


def said(answer) -> str:
    return re.sub(r"\s+", " ", answer.get_data(as_text=True))


def test_a_code_bounced_from_another_organizations_provider_reaches_no_token_endpoint(
    app, client, acme, evil, oidc_provider, attackers_provider
):
    """The mix-up: the victim starts an Evil Co sign-in; Evil Co's provider bounces them
    to Acme's provider with their state; Acme's code comes back to Acme's own address,
    where the victim's browser has no Acme sign-in under way."""
    victim_subject = new_subject()
    oidc_provider.set_user(victim_subject, email=acme.owner.email, email_verified=True)
    acme_request = start(app.test_client(), "acme-sales")  # the attacker's own Acme sign-in
    evil_request = start(client, "evil-co")  # the victim's, from the attacker's link
    victim_state = parse_qs(urlsplit(evil_request).query)["state"][0]

    back = oidc_provider.authorize(with_query(acme_request, state=victim_state), victim_subject)
    assert urlsplit(back).path == "/sso/callback/acme-sales"
    answer = client.get(local_path(back))
    assert answer.status_code == 400
    assert "the single sign-on address of another organization" in said(answer)
    assert attackers_provider.token_requests == []  # the code never left Candor
    assert signed_in_as(client) is None


def test_an_answer_naming_another_issuer_is_refused(client, acme, oidc_provider):
    subject = new_subject()
    oidc_provider.set_user(subject, email=acme.manager.email, email_verified=True)
    back = oidc_provider.authorize(start(client, "acme-sales"), subject)
    refused = client.get(local_path(with_query(back, iss="https://login.elsewhere.example")))
    assert refused.status_code == 400
    assert "names another identity provider" in said(refused)
    assert signed_in_as(client) is None

    back = oidc_provider.authorize(start(client, "acme-sales"), subject)
    assert client.get(local_path(with_query(back, iss=oidc_provider.issuer))).status_code == 302
    assert signed_in_as(client) == "Mia Manager"


def readable_cookie(client) -> str:
    """The session cookie as anyone holding it reads it: signed, not encrypted."""
    value = client.get_cookie("session").value
    payload = value.lstrip(".").split(".")[0]
    data = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    return (zlib.decompress(data) if value.startswith(".") else data).decode()


def test_the_session_cookie_is_no_way_to_guess_the_client_secret(
    client, session, acme, oidc_provider
):
    settings = acme.settings
    joined = "\0".join((settings.issuer, settings.client_id, settings.client_secret))
    unkeyed = hashlib.sha256(b"candor-sso-proof\0" + joined.encode()).hexdigest()
    subject = new_subject()
    oidc_provider.set_user(subject, email=acme.owner.email, email_verified=True)

    url = start(client, "acme-sales")
    during = readable_cookie(client)
    assert "sso_flow" in during
    assert client.get(local_path(oidc_provider.authorize(url, subject))).status_code == 302
    after = readable_cookie(client)
    assert "sso_proof" in after
    assert unkeyed not in during and unkeyed not in after
    assert settings.client_secret not in during + after

    # the proof still lets the owner switch SSO only on
    form = {"issuer": settings.issuer, "client_id": settings.client_id, "enabled": "y"}
    switched = post_form(client, "/manage/sign-on", {**form, "sso_only": "y"})
    assert switched.status_code == 302
    session.expire_all()
    assert session.get(SsoSettings, acme.organization.id).sso_only is True


def test_an_address_another_organization_invited_steers_nobody_to_its_provider(
    client, acme, evil, attackers_provider
):
    for decoy in ("decoy@acme.example", "decoy@victim.example"):
        UserFactory(organization=evil, email=decoy)  # a manager: active at once
    for typed in ("ceo@victim.example", "mia@acme.example", "someone@acme.example"):
        answer = post_form(client, "/sso", {"sign_in_name": typed})
        assert attackers_provider.issuer not in said(answer)  # not sent to Evil's page
        assert answer.status_code == 200
        assert "not an email address" in said(answer)
    assert attackers_provider.requests == []
    assert urlsplit(start(client, "acme-sales")).path == "/oauth2/authorize"


@pytest.mark.parametrize(
    "address",
    ["\u212aate@acme.example", " kate@acme.example", "kate@acme.example\t"],
    ids=["Kelvin sign", "leading blank", "trailing tab"],
)
def test_only_the_very_address_links_an_account(client, session, acme, oidc_provider, address):
    kate = UserFactory(organization=acme.organization, email="kate@acme.example", name="Kate")
    subject = new_subject()
    oidc_provider.set_user(subject, email=address, email_verified=True)
    answer = sso_sign_in(client, oidc_provider, "acme-sales", subject)
    assert answer.status_code == 403
    assert "No owner or manager of Acme Sales signs in to Candor as" in said(answer)
    assert session.get(SsoIdentity, kate.id) is None
    assert signed_in_as(client) is None


def test_a_copied_cookie_cannot_finish_the_sign_in_a_second_time(app, client, acme, oidc_provider):
    subject = new_subject()
    oidc_provider.set_user(subject, email=acme.manager.email, email_verified=True)
    url = start(client, "acme-sales")
    copied = client.get_cookie("session").value  # the cookie before the answer came back
    assert client.get(local_path(oidc_provider.authorize(url, subject))).status_code == 302

    thief = app.test_client()
    thief.set_cookie("session", copied)
    again = thief.get(local_path(oidc_provider.authorize(url, subject)))  # a fresh code
    assert again.status_code == 400
    assert "has already been finished once" in said(again)
    assert signed_in_as(thief) is None


def test_a_state_of_any_characters_gets_the_refusal_page(client, acme, oidc_provider):
    start(client, "acme-sales")
    answer = client.get("/sso/callback/acme-sales?" + urlencode({"code": "c", "state": "été"}))
    assert answer.status_code == 400
    assert "its state differs" in said(answer)


@pytest.mark.parametrize(
    ("issuer", "why"),
    [
        ("http://[::1", "is not a web address"),
        ("http://a..b", "is not a valid host name"),
        ("http://id.example:99999", "is not a web address"),
        ("http://user:pw@id.example", "user name or password"),
        ("https://id.example/?tenant=1", "a ? or # part"),
    ],
)
def test_an_issuer_that_is_no_address_is_refused_by_check_and_save(
    client, session, acme, issuer, why
):
    sign_in(client, acme.owner.email)
    form = {"issuer": issuer, "client_id": "candor", "client_secret": "s", "enabled": "y"}
    checked = post_form(client, "/manage/sign-on", {**form, "action": "check"})
    assert checked.status_code == 200
    assert "The provider cannot be used yet" in said(checked)
    assert why in said(checked)
    saved = post_form(client, "/manage/sign-on", form)
    assert saved.status_code == 400
    assert "Nothing was saved" in said(saved) and why in said(saved)
    assert session.get(SsoSettings, acme.organization.id).issuer != issuer


def test_an_issuer_saved_before_these_checks_ends_on_a_clear_page(client, session, acme):
    acme.settings.issuer = "http://a..b"
    session.flush()
    answer = post_form(client, "/sso", {"sign_in_name": "acme-sales"})
    assert answer.status_code == 502
    assert "cannot be used" in said(answer) and "is not a valid host name" in said(answer)


def test_the_providers_words_are_shown_only_for_the_sign_in_under_way(
    app, client, acme, evil, oidc_provider, attackers_provider
):
    lure = "Your account is locked: call 555-0100 now"
    for path in ("/sso/callback/acme-sales", "/sso/callback/nobody", "/sso/callback"):
        for error in ("access_denied", lure):
            answer = client.get(path + "?" + urlencode({"error": error, "error_description": lure}))
            assert answer.status_code in (400, 403, 410)
            assert "call 555" not in said(answer)
    denied = client.get("/sso/callback/acme-sales?error=access_denied&error_description=x")
    assert "You cancelled the sign-in at your identity provider" in said(denied)

    state = parse_qs(urlsplit(start(client, "acme-sales")).query)["state"][0]
    long_words = "w" * 500
    query = {"error": "login_required", "error_description": long_words, "state": state}
    ours = client.get("/sso/callback/acme-sales?" + urlencode(query))
    assert "wants you to sign in there first" in said(ours)
    assert "w" * 200 in said(ours) and "w" * 201 not in said(ours)

    # the token endpoint's words, too, are cut short
    attackers_provider.token_answer = {"error": "invalid_grant", "error_description": "y" * 5000}
    state = parse_qs(urlsplit(start(client, "evil-co")).query)["state"][0]
    refused = client.get("/sso/callback/evil-co?" + urlencode({"code": "c", "state": state}))
    assert refused.status_code == 502
    assert "refused to finish the sign-in" in said(refused)
    assert "y" * 200 in said(refused) and "y" * 201 not in said(refused)


def test_starting_single_sign_on_is_limited_per_client_address(app, client, acme):
    for _ in range(STARTS_PER_WINDOW):
        start(client, "acme-sales")
    answer = post_form(client, "/sso", {"sign_in_name": "acme-sales"})
    assert answer.status_code == 429
    assert answer.headers["Retry-After"] == "600"
    assert "started too many times from your address. Wait 10 minutes" in said(answer)

    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert urlsplit(start(elsewhere, "acme-sales")).path == "/oauth2/authorize"


def test_the_old_callback_address_says_it_changed(client, acme, oidc_provider):
    start(client, "acme-sales")
    answer = client.get("/sso/callback?code=c&state=s")
    assert answer.status_code == 410
    assert "single sign-on address has changed" in said(answer)
    assert signed_in_as(client) is None
