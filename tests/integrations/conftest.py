"""Fixtures of the integration tests: real outside systems on loopback."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.factories import OrganizationFactory, SsoSettingsFactory, UserFactory
from tests.support.oidc_provider import running_provider


@pytest.fixture(scope="session")
def oidc_provider():
    """A real OpenID Connect provider process (`oidc-provider-mock`) for single sign-on:
    its `issuer`, `set_user(sub, **claims)`, `authorize(url, sub)` and `deny(url)`."""
    with running_provider() as provider:
        yield provider


@pytest.fixture
def acme(session, oidc_provider):
    """Acme Sales (sign-in name acme-sales) signs in through the test provider; Mia
    manages, Otto owns."""
    organization = OrganizationFactory(name="Acme Sales", slug="acme-sales")
    settings = SsoSettingsFactory(organization=organization, issuer=oidc_provider.issuer)
    manager = UserFactory(organization=organization, email="mia@acme.example", name="Mia Manager")
    owner = UserFactory(
        organization=organization, role="owner", email="otto@acme.example", name="Otto Owner"
    )
    return SimpleNamespace(
        organization=organization, settings=settings, manager=manager, owner=owner
    )
