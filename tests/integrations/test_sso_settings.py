"""The owner's single sign-on page, through the test client with CSRF on: settings saved
with a write-only secret, "Check the provider" naming what is wrong, and "SSO only"
switched on only after the owner signed in through the settings — so nobody is locked
out by a typo — with the server's command line as the way back in."""

from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode

import pytest

from assess.models import SsoIdentity, SsoSettings
from assess.web.auth.routes import SSO_ONLY
from tests import factories
from tests.conftest import csrf_from, post_form, rolled_back_app, sign_in
from tests.factories import TEST_PASSWORD, SsoSettingsFactory, UserFactory
from tests.support.http import free_port
from tests.support.oidc_provider import local_path, provider_link

PAGE = "/manage/sign-on"
FORM_BODY = "application/x-www-form-urlencoded"


@pytest.fixture
def app(database_url, tmp_path):
    """Plain-http providers allowed: the test provider listens on http://127.0.0.1."""
    with rolled_back_app(database_url, tmp_path / "sso", CANDOR_SSO_ALLOW_HTTP=True) as application:
        yield application


@pytest.fixture
def owner_client(client, owner):
    sign_in(client, owner.email)
    return client


@pytest.fixture
def impostor_issuer():
    """A server whose discovery document names another issuer than its own address."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the standard library's name)
            body = json.dumps({
                "issuer": "https://login.elsewhere.example",
                "authorization_endpoint": "https://login.elsewhere.example/authorize",
                "token_endpoint": "https://login.elsewhere.example/token",
                "jwks_uri": "https://login.elsewhere.example/jwks",
            }).encode()  # fmt: skip
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def settings_form(issuer: str, **changes) -> dict:
    form = {"issuer": issuer, "client_id": "candor", "client_secret": "", "enabled": "y"}
    form.update(changes)
    return {key: value for key, value in form.items() if value is not None}


def test_the_owner_saves_the_provider_and_the_secret_is_never_shown_again(
    owner_client, session, owner, oidc_provider
):
    page = owner_client.get(PAGE).get_data(as_text=True)
    slug = owner.organization.slug  # the organization's own redirect URI, to register
    assert f'value="http://127.0.0.1:5000/sso/callback/{slug}"' in page
    assert "openid email profile" in page
    saved = post_form(
        owner_client,
        PAGE,
        settings_form(oidc_provider.issuer, client_secret="s3cret-the-provider-gave"),
    )
    assert saved.status_code == 302
    row = session.get(SsoSettings, owner.organization_id)
    assert (row.issuer, row.client_id, row.enabled, row.sso_only) == (
        oidc_provider.issuer,
        "candor",
        True,
        False,
    )
    shown = owner_client.get(PAGE).get_data(as_text=True)
    assert "s3cret-the-provider-gave" not in shown
    assert "A secret is set; it is never shown" in shown

    again = post_form(owner_client, PAGE, settings_form(oidc_provider.issuer, client_id="renamed"))
    assert again.status_code == 302
    session.refresh(row)
    assert (row.client_id, row.client_secret) == ("renamed", "s3cret-the-provider-gave")


def test_a_first_save_needs_a_secret_and_a_web_address(owner_client, session, owner):
    for form, said in (
        (settings_form("https://login.example.com"), "Copy it from the application you registered"),
        (settings_form("login.example.com", client_secret="x"), "is not a web address"),
    ):
        answer = post_form(owner_client, PAGE, form)
        assert answer.status_code == 400
        assert "Nothing was saved" in answer.get_data(as_text=True)
        assert said in answer.get_data(as_text=True)
    assert session.get(SsoSettings, owner.organization_id) is None


def test_a_plain_http_issuer_is_refused_unless_the_setting_allows_it(database_url, tmp_path):
    with rolled_back_app(database_url, tmp_path / "strict") as strict:  # the default: off
        database = strict.extensions["candor.db"].sessionmaker()
        factories.bind(database)
        owner = UserFactory(role="owner")
        browser = strict.test_client()
        sign_in(browser, owner.email)
        answer = post_form(browser, PAGE, settings_form("http://127.0.0.1:9", client_secret="x"))
        assert answer.status_code == 400
        assert "CANDOR_SSO_ALLOW_HTTP" in answer.get_data(as_text=True)
        assert database.get(SsoSettings, owner.organization_id) is None
        database.close()


def test_check_the_provider_says_what_is_wrong_and_saves_nothing(
    owner_client, session, owner, oidc_provider, impostor_issuer
):
    def check(issuer: str) -> str:
        answer = post_form(owner_client, PAGE, settings_form(issuer, action="check"))
        assert answer.status_code == 200
        return re.sub(r"\s+", " ", answer.get_data(as_text=True))

    assert "The provider answers" in check(oidc_provider.issuer)
    assert "The provider could not be reached" in check(f"http://127.0.0.1:{free_port()}")
    assert "Not an OpenID Connect issuer" in check(oidc_provider.issuer + "/no/such/tenant")
    mismatch = check(impostor_issuer)
    assert "Issuer mismatch" in mismatch
    assert "https://login.elsewhere.example" in mismatch
    assert session.get(SsoSettings, owner.organization_id) is None


def try_sign_on(client, provider):
    """Press "Try single sign-on now" and sign in at the provider as the owner."""
    token = csrf_from(client.get(PAGE))
    answer = client.post("/manage/sign-on/try", data={"csrf_token": token})
    back = provider.authorize(provider_link(answer), "owner-" + str(id(client)))
    return client.get(local_path(back))


def test_sso_only_needs_a_successful_sign_in_through_the_settings_first(
    app, owner_client, session, owner, oidc_provider
):
    SsoSettingsFactory(
        organization=owner.organization, issuer=oidc_provider.issuer, client_id="candor",
    )  # fmt: skip
    refused = post_form(owner_client, PAGE, settings_form(oidc_provider.issuer, sso_only="y"))
    assert refused.status_code == 400
    assert "Sign in through the provider first" in refused.get_data(as_text=True)
    assert session.get(SsoSettings, owner.organization_id).sso_only is False
    off = post_form(
        owner_client, PAGE, settings_form(oidc_provider.issuer, enabled=None, sso_only="y")
    )
    assert "SSO only needs single sign-on turned on" in off.get_data(as_text=True)

    oidc_provider.set_user("owner-" + str(id(owner_client)), email=owner.email, email_verified=True)
    tried = try_sign_on(owner_client, oidc_provider)
    assert tried.headers["Location"] == PAGE
    assert "Single sign-on works" in owner_client.get(PAGE).get_data(as_text=True)

    switched = post_form(owner_client, PAGE, settings_form(oidc_provider.issuer, sso_only="y"))
    assert switched.status_code == 302
    assert session.get(SsoSettings, owner.organization_id).sso_only is True
    password = post_form(
        app.test_client(), "/login", {"email": owner.email, "password": TEST_PASSWORD}
    )
    assert password.status_code == 403
    assert SSO_ONLY in password.get_data(as_text=True)

    moved = post_form(owner_client, PAGE, settings_form("https://login.example.com", sso_only="y"))
    assert moved.status_code == 400
    assert "You changed the provider settings" in moved.get_data(as_text=True)
    assert session.get(SsoSettings, owner.organization_id).issuer == oidc_provider.issuer


def test_switching_sso_only_on_signs_everyone_else_out(
    app, owner_client, session, owner, manager, oidc_provider
):
    SsoSettingsFactory(
        organization=owner.organization, issuer=oidc_provider.issuer, client_id="candor",
    )  # fmt: skip
    elsewhere = UserFactory(name="Ned Elsewhere")  # another organization's manager
    their_browsers = {person.name: app.test_client() for person in (manager, elsewhere)}
    for person in (manager, elsewhere):
        sign_in(their_browsers[person.name], person.email)  # with a password
    owners_phone = app.test_client()  # the owner's password, in another browser (or a thief's)
    sign_in(owners_phone, owner.email)
    oidc_provider.set_user("owner-" + str(id(owner_client)), email=owner.email, email_verified=True)
    assert try_sign_on(owner_client, oidc_provider).status_code == 302

    switched = post_form(owner_client, PAGE, settings_form(oidc_provider.issuer, sso_only="y"))
    assert switched.status_code == 302
    assert "you too, everywhere but in this browser" in owner_client.get(PAGE).get_data(
        as_text=True
    )
    assert their_browsers[manager.name].get("/manage/").status_code == 302  # to sign in
    assert owners_phone.get("/manage/").status_code == 302
    assert their_browsers[elsewhere.name].get("/manage/").status_code == 200
    assert owner_client.get("/manage/").status_code == 200
    page = owner_client.get(PAGE).get_data(as_text=True)
    assert "Switching it on signs everyone here out" in page


def test_a_trial_by_someone_else_at_the_provider_proves_nothing(
    owner_client, session, owner, manager, oidc_provider
):
    SsoSettingsFactory(
        organization=owner.organization, issuer=oidc_provider.issuer,
    )  # fmt: skip
    oidc_provider.set_user(
        "owner-" + str(id(owner_client)), email=manager.email, email_verified=True
    )
    answer = try_sign_on(owner_client, oidc_provider)
    assert answer.status_code == 403
    assert "someone other than the owner" in answer.get_data(as_text=True)
    assert session.get(SsoIdentity, manager.id) is None
    refused = post_form(owner_client, PAGE, settings_form(oidc_provider.issuer, sso_only="y"))
    assert refused.status_code == 400


def test_the_owner_unlinks_a_person_and_a_manager_cannot_open_the_page(
    app, owner_client, session, owner, manager, oidc_provider
):
    SsoSettingsFactory(
        organization=owner.organization, issuer=oidc_provider.issuer,
    )  # fmt: skip
    session.add(SsoIdentity(user_id=manager.id, issuer=oidc_provider.issuer, subject="m-1"))
    session.flush()
    page = owner_client.get(PAGE).get_data(as_text=True)
    assert manager.email in page
    token = csrf_from(owner_client.get(PAGE))
    answer = owner_client.post(
        f"/manage/sign-on/linked/{manager.id}/unlink", data={"csrf_token": token}
    )
    assert answer.status_code == 302
    assert session.get(SsoIdentity, manager.id) is None

    theirs = app.test_client()
    sign_in(theirs, manager.email)
    assert theirs.get(PAGE).status_code == 403


def test_the_server_command_lets_passwords_work_again(app, runner, session, owner):
    SsoSettingsFactory(organization=owner.organization, sso_only=True)
    slug = owner.organization.slug
    locked = runner.invoke(args=["user", "reset-link", owner.email])
    assert locked.exit_code == 1
    assert f"flask --app app sso allow-passwords {slug}" in locked.output

    result = runner.invoke(args=["sso", "allow-passwords", slug])
    assert result.exit_code == 0, result.output
    assert "Passwords work again" in result.output
    session.expire_all()
    assert session.get(SsoSettings, owner.organization_id).sso_only is False
    assert (
        post_form(
            app.test_client(), "/login", {"email": owner.email, "password": TEST_PASSWORD}
        ).status_code
        == 302
    )

    unknown = runner.invoke(args=["sso", "allow-passwords", "no-such-org"])
    assert unknown.exit_code == 1
    assert "No organization has the slug 'no-such-org'" in unknown.output


@pytest.mark.parametrize(
    ("raw", "said"),
    [("a%00b", "contains a NUL character"), ("a%0D%0Ab", "contains a line break")],
    ids=["NUL", "CR LF"],
)
def test_hostile_text_is_refused_by_field_name_and_saves_nothing(
    app, owner_client, session, owner, raw, said
):
    token = csrf_from(owner_client.get(PAGE))
    body = urlencode({"csrf_token": token, "client_id": "candor", "client_secret": "x"})
    answer = owner_client.post(
        PAGE, data=body + f"&issuer=https://{raw}.example", content_type=FORM_BODY
    )
    assert answer.status_code == 400
    assert f"Issuer URL {said}" in answer.get_data(as_text=True)
    assert session.get(SsoSettings, owner.organization_id) is None

    stranger = app.test_client()  # the sign-in side: nothing is looked up
    token = csrf_from(stranger.get("/sso"))
    typed = stranger.post(
        "/sso", data=f"csrf_token={token}&sign_in_name=acme{raw}sales", content_type=FORM_BODY
    )
    assert typed.status_code == 200
    assert f"Organization sign-in name {said}" in typed.get_data(as_text=True)
