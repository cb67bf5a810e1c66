"""Single sign-on through a real OpenID Connect provider process on loopback, driven over
HTTP: the test client is the browser on Candor's side, `requests` submits the
provider's own authorization page. CSRF stays on (tokens read back from the pages)."""

from __future__ import annotations

import secrets
from types import SimpleNamespace
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from sqlalchemy import func, select

from assess.models import OutboxMessage, PasswordLink, SsoIdentity, User
from assess.platform.security import derived_token
from assess.platform.settings import get_settings
from assess.services.password_links import new_password_link
from assess.web.auth.routes import SSO_ONLY
from assess.web.auth.sso import FLOW, FLOW_SECONDS
from tests.conftest import csrf_from, post_form, rolled_back_app
from tests.factories import (
    TEST_PASSWORD,
    OrganizationFactory,
    RepFactory,
    SsoSettingsFactory,
    TeamFactory,
    UserFactory,
)
from tests.support.oidc_provider import local_path, provider_link


@pytest.fixture
def app(database_url, tmp_path):
    """Plain-http providers allowed: the test provider listens on http://127.0.0.1."""
    with rolled_back_app(database_url, tmp_path / "sso", CANDOR_SSO_ALLOW_HTTP=True) as application:
        yield application


@pytest.fixture
def acme(session, oidc_provider):
    """Acme Sales signs in through the test provider; Mia manages, Otto owns."""
    organization = OrganizationFactory(name="Acme Sales", slug="acme-sales")
    settings = SsoSettingsFactory(organization=organization, issuer=oidc_provider.issuer)
    manager = UserFactory(organization=organization, email="mia@acme.example", name="Mia Manager")
    owner = UserFactory(
        organization=organization, role="owner", email="otto@acme.example", name="Otto Owner"
    )
    return SimpleNamespace(
        organization=organization, settings=settings, manager=manager, owner=owner
    )


def new_subject() -> str:
    """A subject nobody has used at the (session-wide) provider yet."""
    return "sub-" + secrets.token_hex(6)


def start(client, typed: str) -> str:
    """Type `typed` on the single sign-on page; the provider URL Candor sends us to."""
    return provider_link(post_form(client, "/sso", {"identifier": typed}))


def sso_sign_in(client, provider, typed: str, subject: str):
    """The whole round trip: Candor → the provider's page, signed in as `subject` →
    Candor's callback. Returns the callback's answer."""
    back = provider.authorize(start(client, typed), subject)
    return client.get(local_path(back))


def signed_in_as(client) -> str | None:
    """The name the header shows, or None when the client is not signed in."""
    dashboard = client.get("/manage/")
    if dashboard.status_code != 200:
        return None
    page = dashboard.get_data(as_text=True)
    return page.split('<span class="muted">(', 1)[1].split(")</span>", 1)[0]


def test_a_verified_email_links_the_existing_manager_and_signs_in(
    client, session, acme, oidc_provider
):
    subject = new_subject()
    oidc_provider.set_user(subject, email="Mia@Acme.example", email_verified=True)
    answer = sso_sign_in(client, oidc_provider, "mia@acme.example", subject)
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/manage/"
    assert signed_in_as(client) == "Mia Manager"
    identity = session.get(SsoIdentity, acme.manager.id)
    assert (identity.issuer, identity.subject) == (oidc_provider.issuer, subject)
    session.refresh(acme.manager)
    assert acme.manager.last_login_at is not None


@pytest.mark.parametrize("verified", [{"email_verified": False}, {}], ids=["false", "absent"])
def test_an_unverified_email_is_refused(client, session, acme, oidc_provider, verified):
    subject = new_subject()
    oidc_provider.set_user(subject, email="mia@acme.example", **verified)
    answer = sso_sign_in(client, oidc_provider, "mia@acme.example", subject)
    assert answer.status_code == 403
    page = answer.get_data(as_text=True)
    assert "did not say it verified the address mia@acme.example" in page
    assert "Traceback" not in page
    assert signed_in_as(client) is None
    assert session.get(SsoIdentity, acme.manager.id) is None


def test_an_unknown_email_is_refused_and_no_account_is_created(
    client, session, acme, oidc_provider
):
    # a rep of Acme has an address but no account: reps never sign in
    rep = RepFactory(team=TeamFactory(organization=acme.organization), email="rex@acme.example")
    users_before = session.scalar(select(func.count()).select_from(User))
    for address in ("ghost@acme.example", rep.email):
        subject = new_subject()
        oidc_provider.set_user(subject, email=address, email_verified=True)
        answer = sso_sign_in(client, oidc_provider, address, subject)
        assert answer.status_code == 403
        assert (
            f"No owner or manager of Acme Sales signs in to Candor as {address}. "
            "Candor creates no account at sign-in"
        ) in answer.get_data(as_text=True)
        assert signed_in_as(client) is None
    assert session.scalar(select(func.count()).select_from(User)) == users_before
    assert session.scalar(select(func.count()).select_from(SsoIdentity)) == 0


def test_a_user_of_another_organization_is_refused_as_if_unknown(
    app, client, session, acme, oidc_provider
):
    """Acme's provider vouching for Bea's address (an administrator can put any address in
    a token) signs nobody in, and says what it says of an unknown address; Bea's own
    subject, bound through her organization's provider at the same issuer, is refused too."""
    other = OrganizationFactory(name="Other Co", slug="other-co")
    SsoSettingsFactory(organization=other, issuer=oidc_provider.issuer)
    bea = UserFactory(organization=other, email="bea@other.example", name="Bea Other")
    subject = new_subject()
    oidc_provider.set_user(subject, email=bea.email, email_verified=True)

    refused = sso_sign_in(client, oidc_provider, "acme-sales", subject)
    assert refused.status_code == 403
    said = refused.get_data(as_text=True)
    assert "No owner or manager of Acme Sales signs in to Candor as bea@other.example." in said
    assert "Other Co" not in said
    assert signed_in_as(client) is None
    assert session.get(SsoIdentity, bea.id) is None

    her_browser = app.test_client()  # through her own organization: linked, signed in
    assert sso_sign_in(her_browser, oidc_provider, "other-co", subject).status_code == 302
    assert signed_in_as(her_browser) == "Bea Other"
    again = sso_sign_in(client, oidc_provider, "acme-sales", subject)  # by subject now
    assert again.status_code == 403
    assert "No owner or manager of Acme Sales" in again.get_data(as_text=True)
    assert signed_in_as(client) is None


def test_a_second_sign_in_finds_the_bound_user_by_subject_after_the_email_changed(
    app, client, session, acme, oidc_provider
):
    subject = new_subject()
    oidc_provider.set_user(subject, email="mia@acme.example", email_verified=True)
    assert sso_sign_in(client, oidc_provider, "mia@acme.example", subject).status_code == 302

    # the provider renames her (and no longer says it verified anything)
    oidc_provider.set_user(subject, email="mia.renamed@acme.example", email_verified=False)
    later = app.test_client()
    answer = sso_sign_in(later, oidc_provider, "mia.renamed@acme.example", subject)
    assert answer.status_code == 302
    assert signed_in_as(later) == "Mia Manager"

    # someone new at the provider now holds her old address: not her account
    newcomer = new_subject()
    oidc_provider.set_user(newcomer, email="mia@acme.example", email_verified=True)
    stranger = app.test_client()
    refused = sso_sign_in(stranger, oidc_provider, "mia@acme.example", newcomer)
    assert refused.status_code == 403
    assert "already linked to another person" in refused.get_data(as_text=True)
    assert signed_in_as(stranger) is None
    assert session.get(SsoIdentity, acme.manager.id).subject == subject


def test_sso_only_refuses_that_organizations_passwords_and_no_other(
    app, client, session, acme, oidc_provider
):
    acme.settings.sso_only = True
    session.flush()
    elsewhere = UserFactory(name="Ned Elsewhere")  # an organization without single sign-on

    refused = post_form(client, "/login", {"email": acme.manager.email, "password": TEST_PASSWORD})
    assert refused.status_code == 403
    assert SSO_ONLY in refused.get_data(as_text=True)
    assert signed_in_as(client) is None

    other = app.test_client()
    accepted = post_form(other, "/login", {"email": elsewhere.email, "password": TEST_PASSWORD})
    assert accepted.status_code == 302
    assert signed_in_as(other) == "Ned Elsewhere"

    # single sign-on still signs her in
    subject = new_subject()
    oidc_provider.set_user(subject, email=acme.manager.email, email_verified=True)
    assert sso_sign_in(client, oidc_provider, acme.manager.email, subject).status_code == 302
    assert signed_in_as(client) == "Mia Manager"


def test_sso_only_leaves_no_way_around_through_a_password_reset(app, session, acme):
    # a reset link sent before SSO only was switched on
    link = new_password_link(session, get_settings(app), acme.manager, "reset")
    path = "/password/" + derived_token("test-secret-key", "password", link.token_nonce)
    acme.settings.sso_only = True
    session.flush()
    hash_before = acme.manager.password_hash

    browser = app.test_client()
    answer = post_form(browser, "/forgot", {"email": acme.manager.email})
    assert answer.status_code == 302  # the same answer as for any address
    note = session.scalar(
        select(OutboxMessage).where(OutboxMessage.to_address == acme.manager.email)
    )
    assert note.subject == "Sign in to Candor with single sign-on"
    assert "/password/" not in note.body_text
    assert (
        session.scalar(
            select(func.count())
            .select_from(PasswordLink)
            .where(PasswordLink.user_id == acme.manager.id)
        )
        == 1
    )  # only the old one

    opened = browser.get(path)
    assert opened.status_code == 403
    assert SSO_ONLY in opened.get_data(as_text=True)
    token = csrf_from(browser.get("/forgot"))
    posted = browser.post(
        path,
        data={
            "csrf_token": token,
            "password": "a brand new passphrase",
            "confirm": "a brand new passphrase",
        },
    )
    assert posted.status_code == 403
    session.refresh(acme.manager)
    assert acme.manager.password_hash == hash_before


def test_a_tampered_state_is_refused_and_an_answer_works_once(app, client, acme, oidc_provider):
    subject = new_subject()
    oidc_provider.set_user(subject, email=acme.manager.email, email_verified=True)
    back = urlsplit(oidc_provider.authorize(start(client, acme.manager.email), subject))
    query = parse_qs(back.query)
    tampered = {"code": query["code"][0], "state": query["state"][0][:-2] + "xx"}
    answer = client.get(back.path + "?" + urlencode(tampered))
    assert answer.status_code == 400
    assert "does not match the sign-in started in this browser" in answer.get_data(as_text=True)
    assert signed_in_as(client) is None

    replayed = client.get(back.path + "?" + back.query)  # the flow ended with the refusal
    assert replayed.status_code == 400
    assert "belongs to no sign-in started in this browser" in replayed.get_data(as_text=True)
    assert signed_in_as(client) is None

    another_browser = app.test_client()  # someone else's browser, handed a genuine answer
    fresh = urlsplit(oidc_provider.authorize(start(client, acme.manager.email), subject))
    assert another_browser.get(fresh.path + "?" + fresh.query).status_code == 400
    assert signed_in_as(another_browser) is None


def test_the_providers_refusal_and_an_expired_sign_in_get_a_clear_page(client, acme, oidc_provider):
    denied = client.get(local_path(oidc_provider.deny(start(client, acme.manager.email))))
    assert denied.status_code == 403
    assert "You cancelled the sign-in at your identity provider" in denied.get_data(as_text=True)

    subject = new_subject()
    oidc_provider.set_user(subject, email=acme.manager.email, email_verified=True)
    url = start(client, acme.manager.email)
    with client.session_transaction() as browser_session:
        flow = browser_session[FLOW]
        flow["started_at"] -= FLOW_SECONDS + 1
        browser_session[FLOW] = flow
    expired = client.get(local_path(oidc_provider.authorize(url, subject)))
    assert expired.status_code == 400
    assert "has expired. Start again." in expired.get_data(as_text=True)
    assert signed_in_as(client) is None


def test_an_address_routes_by_its_domain_alone(client, session, acme, oidc_provider):
    """Every address of a domain gets the same answer, with an account or without."""
    known, unknown = start(client, acme.manager.email), start(client, "nobody@acme.example")
    assert known.startswith(oidc_provider.issuer + "/oauth2/authorize?")
    assert unknown.startswith(oidc_provider.issuer + "/oauth2/authorize?")
    assert parse_qs(urlsplit(known).query)["login_hint"] == [acme.manager.email]
    assert start(client, "Acme-Sales").startswith(oidc_provider.issuer)

    for typed, said in (
        (
            "someone@nowhere.example",
            "Single sign-on is not set up for addresses at nowhere.example",
        ),
        ("no-such-org", "No organization here signs in with single sign-on under the name"),
    ):
        answer = post_form(client, "/sso", {"identifier": typed})
        assert answer.status_code == 200
        assert said in answer.get_data(as_text=True)

    # a second organization using single sign-on with a manager at acme.example
    shared = OrganizationFactory(name="Shared Co", slug="shared-co")
    SsoSettingsFactory(organization=shared, issuer=oidc_provider.issuer)
    UserFactory(organization=shared, email="sam@acme.example")
    answer = post_form(client, "/sso", {"identifier": "nobody@acme.example"})
    assert "belong to more than one organization here" in answer.get_data(as_text=True)
    assert start(client, "acme-sales").startswith(oidc_provider.issuer)
