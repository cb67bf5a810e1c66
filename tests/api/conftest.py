"""API tests call `/api/v1` as a program would: a bearer token, JSON, no cookie."""

from __future__ import annotations

import pytest

from assess.services.api_tokens import create_token


def bearer(token: str, **headers) -> dict:
    return {"Authorization": f"Bearer {token}", **headers}


@pytest.fixture
def token_of(session):
    """`token_of(user, scope)`: a new API token of `user`'s organization, as text."""

    def make(user, scope: str = "write") -> str:
        return create_token(session, user, f"{scope} token", scope)[1]

    return make


@pytest.fixture
def api(app):
    """A client calling the API with a token: `api(token).get(url)`."""

    class Caller:
        def __init__(self, token: str | None):
            self.client = app.test_client()
            self.headers = bearer(token) if token else {}

        def get(self, url: str, **headers):
            return self.client.get(url, headers={**self.headers, **headers})

        def post(self, url: str, body=None, **headers):
            return self.client.post(url, json=body, headers={**self.headers, **headers})

    return Caller
