"""Single sign-on through a real OpenID Connect provider process on loopback, driven over
HTTP: the test client is the browser on Candor's side, `requests` submits the
provider's own authorization page. CSRF stays on (tokens read back from the pages)."""

from __future__ import annotations

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
from tests.support.oidc_provider import (
    local_path,
    new_subject,
    signed_in_as,
    sso_sign_in,
    start,
)


@pytest.fixture
def app(database_url, tmp_path):
    """Plain-http providers allowed: the test provider listens on http://127.0.0.1."""
    with rolled_back_app(database_url, tmp_path / "sso", CANDOR_SSO_ALLOW_HTTP=True) as application:
        yield application


def test_a_verified_email_links_the_existing_manager_and_signs_in(
    client, session, acme, oidc_provider
):
    subject = new_subject()
    oidc_provider.set_user(subject, email="Mia@Acme.example", email_verified=True)
    answer = sso_sign_in(client, oidc_provider, "acme-sales", subject)
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
    answer = sso_sign_in(client, oidc_provider, "acme-sales", subject)
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
        answer = sso_sign_in(client, oidc_provider, "acme-sales", subject)
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
    assert sso_sign_in(client, oidc_provider, "acme-sales", subject).status_code == 302

    # the provider renames her (and no longer says it verified anything)
    oidc_provider.set_user(subject, email="mia.renamed@acme.example", email_verified=False)
    later = app.test_client()
    answer = sso_sign_in(later, oidc_provider, "acme-sales", subject)
    assert answer.status_code == 302
    assert signed_in_as(later) == "Mia Manager"

    # someone new at the provider now holds her old address: not her account
    newcomer = new_subject()
    oidc_provider.set_user(newcomer, email="mia@acme.example", email_verified=True)
    stranger = app.test_client()
    refused = sso_sign_in(stranger, oidc_provider, "acme-sales", newcomer)
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
    assert sso_sign_in(client, oidc_provider, "acme-sales", subject).status_code == 302
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
    back = urlsplit(oidc_provider.authorize(start(client, "acme-sales"), subject))
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
    fresh = urlsplit(oidc_provider.authorize(start(client, "acme-sales"), subject))
    assert another_browser.get(fresh.path + "?" + fresh.query).status_code == 400
    assert signed_in_as(another_browser) is None


def test_the_providers_refusal_and_an_expired_sign_in_get_a_clear_page(client, acme, oidc_provider):
    denied = client.get(local_path(oidc_provider.deny(start(client, "acme-sales"))))
    assert denied.status_code == 403
    assert "You cancelled the sign-in at your identity provider" in denied.get_data(as_text=True)

    subject = new_subject()
    oidc_provider.set_user(subject, email=acme.manager.email, email_verified=True)
    url = start(client, "acme-sales")
    with client.session_transaction() as browser_session:
        flow = browser_session[FLOW]
        flow["started_at"] -= FLOW_SECONDS + 1
        browser_session[FLOW] = flow
    expired = client.get(local_path(oidc_provider.authorize(url, subject)))
    assert expired.status_code == 400
    assert "has expired. Start again." in expired.get_data(as_text=True)
    assert signed_in_as(client) is None


def test_people_are_routed_by_the_sign_in_name_alone(client, acme, oidc_provider):
    """The organization's sign-in name sends people to its provider; an address, with an
    account here or without, gets one answer that says nothing about it."""
    sent = start(client, "acme-sales")
    assert sent.startswith(oidc_provider.issuer + "/oauth2/authorize?")
    query = parse_qs(urlsplit(sent).query)
    assert query["redirect_uri"] == ["http://127.0.0.1:5000/sso/callback/acme-sales"]
    assert "login_hint" not in query
    assert start(client, " Acme-Sales ").startswith(oidc_provider.issuer)

    answers = {}
    for typed in (acme.manager.email, "nobody@acme.example", "someone@nowhere.example"):
        answer = post_form(client, "/sso", {"sign_in_name": typed})
        assert answer.status_code == 200
        answers[typed] = answer.get_data(as_text=True).replace(typed, "ADDRESS")
        assert "not an email address" in answers[typed]
    assert len(set(answers.values())) == 1

    unknown = post_form(client, "/sso", {"sign_in_name": "no-such-org"})
    assert "No organization here signs in with single sign-on under the name" in (
        unknown.get_data(as_text=True)
    )
    filled = client.get("/sso?name=acme-sales").get_data(as_text=True)
    assert 'value="acme-sales"' in filled
