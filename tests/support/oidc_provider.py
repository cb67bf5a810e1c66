"""A real OpenID Connect provider for the single sign-on tests: `oidc-provider-mock`
started as its own process on a free loopback port (what `python -m oidc_provider_mock`
runs: uvicorn serving the provider, RS256 keys, discovery, PKCE-agnostic code flow).

Its authorization page asks for a subject ("sub") and signs in whoever is typed; the
claims that subject carries (email, email_verified) are set beforehand with the
provider's own `PUT /users/<sub>`. `authorize` submits that page as a browser would.
"""

from __future__ import annotations

import html
import re
import secrets
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from urllib.parse import urlsplit

import requests

from tests.support.http import csrf_from, free_port


class MockProvider:
    """The running provider: its issuer URL and the moves a person makes on its page."""

    def __init__(self, issuer: str):
        self.issuer = issuer

    def set_user(self, subject: str, **claims) -> None:
        """The claims the provider puts in `subject`'s ID token from now on."""
        answer = requests.put(f"{self.issuer}/users/{subject}", json=claims, timeout=10)
        answer.raise_for_status()

    def authorize(self, authorization_url: str, subject: str) -> str:
        """Sign in at the provider as `subject`; the URL it sends the browser back to."""
        assert authorization_url.startswith(self.issuer + "/"), authorization_url
        answer = requests.post(
            authorization_url, data={"sub": subject}, allow_redirects=False, timeout=10
        )
        assert answer.status_code == 302, answer.text
        return answer.headers["Location"]

    def deny(self, authorization_url: str) -> str:
        """Press "Deny" at the provider; the URL it sends the browser back to."""
        answer = requests.post(
            authorization_url, data={"action": "deny"}, allow_redirects=False, timeout=10
        )
        assert answer.status_code == 302, answer.text
        return answer.headers["Location"]


def provider_link(answer) -> str:
    """The provider URL on Candor's "Taking you to your identity provider" page (what
    its refresh and its button lead to)."""
    assert answer.status_code == 200, answer.get_data(as_text=True)
    page = answer.get_data(as_text=True)
    found = re.search(r'<a id="to-provider"[^>]* href="([^"]+)"', page)
    assert found, page
    refresh = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', page)
    assert refresh and refresh.group(1) == found.group(1)
    return html.unescape(found.group(1))


def new_subject() -> str:
    """A subject nobody has used at the (session-wide) provider yet."""
    return "sub-" + secrets.token_hex(6)


def start(client, sign_in_name: str) -> str:
    """Type `sign_in_name` on the single sign-on page; the provider URL Candor sends us to."""
    token = csrf_from(client.get("/sso"))
    answer = client.post("/sso", data={"csrf_token": token, "sign_in_name": sign_in_name})
    return provider_link(answer)


def sso_sign_in(client, provider, sign_in_name: str, subject: str):
    """The whole round trip: Candor → the provider's page, signed in as `subject` →
    Candor's callback. Returns the callback's answer."""
    back = provider.authorize(start(client, sign_in_name), subject)
    return client.get(local_path(back))


def signed_in_as(client) -> str | None:
    """The name the header shows, or None when the client is not signed in."""
    dashboard = client.get("/manage/")
    if dashboard.status_code != 200:
        return None
    page = dashboard.get_data(as_text=True)
    return page.split('<span class="muted">(', 1)[1].split(")</span>", 1)[0]


def local_path(url: str) -> str:
    """The path and query of a URL of ours, for the test client."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@contextmanager
def running_provider(seconds: float = 30):
    """Start the provider process; yield a `MockProvider`; stop it afterwards."""
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    # a file, not a pipe: a pipe nobody reads would fill up and stall the provider
    log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (closed in the finally below)
    process = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + seconds
        while True:
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"the provider stopped: {log.read()}")
            try:
                requests.get(f"{issuer}/.well-known/openid-configuration", timeout=2)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the provider did not start within {seconds} s") from None
                time.sleep(0.1)
        yield MockProvider(issuer)
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
