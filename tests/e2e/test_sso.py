"""Single sign-on in Chromium against a real OpenID Connect provider process: the owner
sets the provider up on the Single sign-on page (registering the organization's own
redirect URI), and a manager signs in from the sign-in page with the organization's
sign-in name, through the provider's own page, landing on the dashboard. Screenshots of
the settings page and the sign-in pages are left in the test's temporary folder."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.e2e.conftest import (
    PROJECT_ROOT,
    axe_violations,
    live_candor,
    sign_in_as_owner,
)
from tests.support.oidc_provider import running_provider

MANAGER = ("mia@e2e.example.com", "Mia Manager")


@pytest.fixture(scope="module")
def provider():
    with running_provider() as running:
        yield running


@pytest.fixture(scope="module")
def sso_server(tmp_path_factory):
    """A live Candor that accepts a plain-http provider (ours is on loopback), with the
    owner of live_candor and one manager, who has never chosen a password."""
    instance = tmp_path_factory.mktemp("e2e-sso")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CANDOR_SSO_ALLOW_HTTP", "true")
        with live_candor(instance, None) as base:
            env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
            env["CANDOR_INSTANCE_PATH"] = str(instance)
            subprocess.run(
                [sys.executable, "-m", "flask", "--app", "app", "user", "create",
                 "--org", "e2e-co", "--email", MANAGER[0], "--name", MANAGER[1],
                 "--role", "manager", "--password", "a password nobody will type"],
                env=env, cwd=PROJECT_ROOT, check=True, capture_output=True,
            )  # fmt: skip
            yield base


def offline(context):
    """The provider's page links a stylesheet on a CDN: keep the test off the internet."""
    context.route(re.compile(r"^https://"), lambda route: route.abort())
    return context


@pytest.fixture(scope="module")
def configured(browser, sso_server, provider, tmp_path_factory):
    """The owner registers the provider on the Single sign-on page, reached from the
    integrations hub, and checks that it answers; a screenshot of the page is kept."""
    owner = offline(browser.new_context(bypass_csp=True)).new_page()  # axe is injected
    sign_in_as_owner(owner, sso_server)
    owner.goto(sso_server + "/manage/integrations")
    owner.get_by_role("link", name="Single sign-on").click()
    owner.wait_for_url(re.compile(r"/manage/sign-on$"))
    redirect_uri = owner.get_by_label("Redirect URI").input_value()
    assert redirect_uri == sso_server + "/sso/callback/e2e-co"  # the organization's own
    owner.get_by_label("Issuer URL").fill(provider.issuer)
    owner.get_by_label("Client ID").fill("candor-e2e")
    owner.get_by_role("button", name="Check the provider").click()
    owner.get_by_role("heading", name="The provider answers").wait_for()
    owner.get_by_label("Client secret").fill("the secret the provider showed")
    owner.get_by_role("button", name="Save").click()
    owner.get_by_text("The single sign-on settings are saved.").wait_for()
    assert "the secret the provider showed" not in owner.content()
    assert axe_violations(owner) == []
    shots = tmp_path_factory.mktemp("sso-screenshots")
    owner.screenshot(path=str(shots / "sso-settings.png"), full_page=True)
    owner.context.close()
    return shots


def test_a_manager_signs_in_through_the_provider_and_lands_on_the_dashboard(
    browser, sso_server, provider, configured
):
    checked = browser.new_context(bypass_csp=True).new_page()  # axe is injected
    for path in ("/login", "/sso"):
        checked.goto(sso_server + path)
        assert axe_violations(checked) == [], path
    checked.context.close()

    # the manager's own browser, with Candor's content security policy in force
    provider.set_user("mia-1", email=MANAGER[0], email_verified=True)
    page = offline(browser.new_context()).new_page()
    page.goto(sso_server + "/login")
    page.screenshot(path=str(configured / "sso-login.png"), full_page=True)
    page.get_by_role("link", name="Sign in with single sign-on").click()
    page.wait_for_url(re.compile(r"/sso$"))
    page.get_by_label("Organization sign-in name").fill("e2e-co")
    page.screenshot(path=str(configured / "sso-start.png"), full_page=True)
    page.get_by_role("button", name="Continue to your provider").click()

    # the provider's own page: sign in there as subject mia-1
    page.wait_for_url(re.compile(re.escape(provider.issuer) + "/oauth2/authorize"))
    page.get_by_placeholder("sub").first.fill("mia-1")
    page.get_by_role("button", name="Authorize").click()

    page.wait_for_url(re.compile(r"/manage/?$"))
    assert page.get_by_role("button", name=re.compile(r"Sign out \(Mia Manager\)")).is_visible()
    page.context.close()


def test_refusing_at_the_provider_ends_on_a_clear_page(browser, sso_server, provider, configured):
    page = offline(browser.new_context()).new_page()
    page.goto(sso_server + "/sso?name=e2e-co")
    assert page.get_by_label("Organization sign-in name").input_value() == "e2e-co"
    page.get_by_role("button", name="Continue to your provider").click()
    page.wait_for_url(re.compile(re.escape(provider.issuer) + "/oauth2/authorize"))
    page.get_by_role("button", name="Deny").click()
    page.wait_for_url(re.compile(r"/sso/callback/e2e-co\?"))
    assert page.get_by_role("heading", name="Single sign-on did not work").is_visible()
    assert "You cancelled the sign-in at your identity provider" in page.content()
    page.screenshot(path=str(configured / "sso-denied.png"), full_page=True)
    page.context.close()
