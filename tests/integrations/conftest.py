"""Fixtures of the integration tests: real outside systems on loopback."""

from __future__ import annotations

import pytest

from tests.support.oidc_provider import running_provider


@pytest.fixture(scope="session")
def oidc_provider():
    """A real OpenID Connect provider process (`oidc-provider-mock`) for single sign-on:
    its `issuer`, `set_user(sub, **claims)`, `authorize(url, sub)` and `deny(url)`."""
    with running_provider() as provider:
        yield provider
